import { MoneyFloorsQueryDto } from './answer.query.dto.js';
import { EnumParam, IntParam, TextParam } from './query-params.js';

export const GENRE_LANGUAGE_MEASURES = ['movies', 'meanRating', 'weightedRating', 'medianRevenue', 'medianProfit', 'shareProfitable'] as const;
export type GenreLanguageMeasure = (typeof GENRE_LANGUAGE_MEASURES)[number];

export class GenreLanguageQueryDto extends MoneyFloorsQueryDto {
  @IntParam({ default: 0, min: 0, max: 1e9, description: 'A movie counts only with at least this many votes.' })
  minVotes?: number;

  @IntParam({
    default: 10,
    min: 1,
    max: 1e9,
    description: 'A cell is listed only with at least this many movies; the cells below are left out and counted (leftOut).',
  })
  minMovies?: number;

  @EnumParam({
    values: GENRE_LANGUAGE_MEASURES,
    default: 'weightedRating',
    description: 'The measure cells are ranked by (highest first; a cell without a value last; ties by genre, then language code).',
  })
  measure?: GenreLanguageMeasure;

  @TextParam({ default: 'Drama', maxLength: 100, example: 'Drama', description: 'The genre of the cell to rank (the seed’s claim: Drama).' })
  genre?: string;

  @TextParam({ default: 'en', maxLength: 10, example: 'en', description: 'The original language of the cell to rank, ISO 639-1 (the seed’s claim: en).' })
  language?: string;
}
