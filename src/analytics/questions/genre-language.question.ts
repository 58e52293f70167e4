import { computeGenreLanguage, type GenreLanguageParams } from '../compute/genre-language.js';
import { GenreLanguageAnswer } from '../dto/answer.view.js';
import { GenreLanguageQueryDto } from '../dto/genre-language.query.dto.js';
import { defineQuestion } from './question.js';

export const genreLanguage = defineQuestion({
  name: 'genreLanguage',
  route: 'genre-language',
  question: 'Which genre × original-language cells do audiences like best, and do they make money?',
  definition:
    'Among movies with at least minVotes votes, a known original language and at least one genre, a movie is in one cell per genre name it lists (genre by name with its lowest TMDB id; language by ISO 639-1 code with its name). Per cell: movies (n); meanRating = the plain mean of vote averages; weightedRating = Σ(vote average × vote count) ÷ Σ vote count (not a Bayesian formula; null without votes); over the cell’s movies with known money (budget ≥ minBudget and revenue ≥ minRevenue, both > 0: 0 is unknown, never zero; moneyMovies = their n): medianRevenue, medianProfit (profit = revenue − budget; the median of an even count is the mean of the two middle values) and shareProfitable = movies with profit > 0 ÷ moneyMovies. Cells with fewer than minMovies movies are left out and counted in leftOut. Cells are ranked by measure as shown (ratings to 2 places, shares to 4), highest first, a cell without a value last; ties go to the genre name, then the language code, ascending. best = the first cell; claim = the genre × language cell of the parameters (Drama × en by default) with its rank among the cells listed. considered = movies counted in at least one cell.',
  query: GenreLanguageQueryDto,
  response: GenreLanguageAnswer,
  compute: (store, params) => computeGenreLanguage(store, params as unknown as GenreLanguageParams),
  columns: [
    { id: 'rank', type: 'int', description: 'Rank by the measure' },
    { id: 'genre', type: 'string', description: 'Genre' },
    { id: 'genreId', type: 'int', description: 'TMDB genre id (lowest for the name)' },
    { id: 'language', type: 'string', description: 'Original language, ISO 639-1' },
    { id: 'languageName', type: 'string', description: 'Language name' },
    { id: 'movies', type: 'int', description: 'Movies in the cell' },
    { id: 'moneyMovies', type: 'int', description: 'Movies with known budget and revenue' },
    { id: 'meanRating', type: 'float', description: 'Mean vote average' },
    { id: 'weightedRating', type: 'float', description: 'Vote-weighted rating' },
    { id: 'medianRevenue', type: 'float', description: 'Median revenue, USD (known money)' },
    { id: 'medianProfit', type: 'float', description: 'Median profit, USD (known money)' },
    { id: 'shareProfitable', type: 'float', description: 'Share with profit > 0' },
  ],
  rows: (a) => a.items.map((i) => ({ ...i })),
});
