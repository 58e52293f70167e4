import { computeLanguages } from '../compute/languages.js';
import { LanguagesAnswer } from '../dto/answer.view.js';
import { LanguagesQueryDto } from '../dto/languages.query.dto.js';
import type { RatingsByLanguageParams } from '../pipelines/ratings-by-language.pipeline.js';
import { defineQuestion } from './question.js';

export const languages = defineQuestion({
  name: 'languages',
  route: 'languages',
  question: 'Which original languages have the best-rated movies?',
  definition:
    'Per original language (ISO 639-1 code): the movies with at least minVotes votes, their unweighted mean vote average (averageRating, rounded to 2 places) and total votes. Languages with fewer than minMovies such movies are left out. Best mean first (compared before rounding), ties by language code; highest is the first, lowest the first listed of those with the lowest averageRating as shown. considered = movies with at least minVotes votes and a known language.',
  query: LanguagesQueryDto,
  response: LanguagesAnswer,
  compute: (store, params) => computeLanguages(store, params as unknown as RatingsByLanguageParams),
  columns: [
    { id: 'language', type: 'string', description: 'Original language, ISO 639-1' },
    { id: 'name', type: 'string', description: 'Language name' },
    { id: 'movies', type: 'int', description: 'Movies counted' },
    { id: 'averageRating', type: 'float', description: 'Mean vote average' },
    { id: 'votes', type: 'int', description: 'Total votes' },
  ],
  rows: (a) => a.items.map((i) => ({ ...i })),
  table: { route: 'languages', definition: 'The items of /analytics/languages at default parameters.' },
});
