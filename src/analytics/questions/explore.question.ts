import { computeExplore, type ExploreParams } from '../compute/explore.js';
import { ExploreAnswer } from '../dto/answer.view.js';
import { ExploreQueryDto } from '../dto/explore.query.dto.js';
import { defineQuestion } from './question.js';

export const explore = defineQuestion({
  name: 'explore',
  route: 'explore',
  question: 'Any cut: movies grouped by one or two of language, genre, year, decade and budget band, with the measures asked for.',
  definition:
    'The movies with at least minVotes votes, released from … to (inclusive; a movie without a year is left out when either is given), in the original language and listing the genre given, grouped by groupBy (one or two of language, genre, year, decade, budgetBand). A movie is in one cell per genre name it lists; a movie without a key of a dimension (no language, no genre, no year, or unknown money for budgetBand) is in no cell. budgetBand: quantile bands of the selected movies with known money (bands=k, deciles by default; cuts at floor(j·n/k) moved up past equal budgets, so equal budgets share the lower band) or the half-open bands [floor, e1), [e1, e2), …, [em, ∞) of edges. Known money: budget ≥ minBudget and revenue ≥ minRevenue (both > 0; 0 is unknown, never zero). Every cell carries movies (n) and moneyMovies (the n of its money measures). Measures: count = movies; meanRating = plain mean of vote averages (2 places); weightedRating = Σ(vote average × vote count) ÷ Σ vote count (2 places; null without votes); medianRevenue, medianProfit (profit = revenue − budget) and medianRoi (revenue ÷ budget, 4 places) over the movies with known money, an even count taking the mean of the two middle values; shareProfitable = movies with profit > 0 ÷ moneyMovies (4 places). Cells with fewer than minMovies movies are left out (leftOut counts them). Sorted by sort (the first measure by default) as shown, order desc by default, a cell without a value last; ties go to the keys in ascending order (codes and names by UTF-16 code units, years and bands by number); the first limit cells. considered = movies in at least one cell.',
  query: ExploreQueryDto,
  response: ExploreAnswer,
  compute: (store, params) => computeExplore(store, params as unknown as ExploreParams),
  columns: [
    { id: 'language', type: 'string', description: 'Original language, ISO 639-1 (groupBy language)' },
    { id: 'languageName', type: 'string', description: 'Language name' },
    { id: 'genre', type: 'string', description: 'Genre (groupBy genre)' },
    { id: 'genreId', type: 'int', description: 'TMDB genre id (lowest for the name)' },
    { id: 'year', type: 'int', description: 'Release year (groupBy year)' },
    { id: 'decade', type: 'int', description: 'Decade, its first year (groupBy decade)' },
    { id: 'budgetBand', type: 'int', description: 'Budget band, 1 = lowest (groupBy budgetBand)' },
    { id: 'bandFrom', type: 'float', description: 'Band lower edge, USD (inclusive)' },
    { id: 'bandTo', type: 'float', description: 'Band upper edge, USD (exclusive)' },
    { id: 'movies', type: 'int', description: 'Movies in the cell' },
    { id: 'moneyMovies', type: 'int', description: 'Movies with known budget and revenue' },
    { id: 'count', type: 'int', description: 'count (when asked for)' },
    { id: 'meanRating', type: 'float', description: 'Mean vote average (when asked for)' },
    { id: 'weightedRating', type: 'float', description: 'Vote-weighted rating (when asked for)' },
    { id: 'medianRevenue', type: 'float', description: 'Median revenue, USD (when asked for)' },
    { id: 'medianProfit', type: 'float', description: 'Median profit, USD (when asked for)' },
    { id: 'medianRoi', type: 'float', description: 'Median revenue ÷ budget (when asked for)' },
    { id: 'shareProfitable', type: 'float', description: 'Share with profit > 0 (when asked for)' },
  ],
  rows: (a) => a.items.map((i) => ({ ...i }) as Record<string, string | number | null>),
});
