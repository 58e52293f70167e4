import { DIMENSIONS, MEASURES } from '../compute/cells.js';
import { MoneyFloorsQueryDto, YEAR_MAX, YEAR_MIN } from './answer.query.dto.js';
import { MONEY_MAX } from './budget-bands.query.dto.js';
import { ORDERS, type SortOrder } from './top-movies.query.dto.js';
import { EnumParam, IntParam, ListParam, NotBefore, NumberListParam, TextParam } from './query-params.js';

export const EXPLORE_LIMIT_MAX = 1000;

export class ExploreQueryDto extends MoneyFloorsQueryDto {
  @ListParam({
    values: DIMENSIONS,
    default: 'genre',
    max: 2,
    description: 'One or two dimensions, comma-separated: language, genre, year, decade, budgetBand.',
  })
  groupBy?: string[];

  @ListParam({
    values: MEASURES,
    default: 'count',
    max: MEASURES.length,
    description: 'One or more measures, comma-separated: count, meanRating, weightedRating, medianRevenue, medianProfit, medianRoi, shareProfitable.',
  })
  measure?: string[];

  @EnumParam({ values: MEASURES, description: 'The measure to sort by (the first of measure when absent); a cell without a value goes last.' })
  sort?: string;

  @EnumParam({ values: ORDERS, default: 'desc', description: 'desc = highest first, asc = lowest first. Ties go to the keys in ascending order.' })
  order?: SortOrder;

  @IntParam({ default: 50, min: 1, max: EXPLORE_LIMIT_MAX, description: 'How many cells at most.' })
  limit?: number;

  @IntParam({ default: 0, min: 0, max: 1e9, description: 'A movie counts only with at least this many votes.' })
  minVotes?: number;

  @IntParam({ default: 1, min: 1, max: 1e9, description: 'A cell is listed only with at least this many movies (the others are counted in leftOut).' })
  minMovies?: number;

  @IntParam({ min: YEAR_MIN, max: YEAR_MAX, description: 'First release year (inclusive); all years when absent.' })
  from?: number;

  @IntParam({ min: YEAR_MIN, max: YEAR_MAX, description: 'Last release year (inclusive); all years when absent.' })
  @NotBefore('from')
  to?: number;

  @TextParam({ maxLength: 10, example: 'en', description: 'Only movies in this original language (ISO 639-1 code).' })
  language?: string;

  @TextParam({ maxLength: 100, example: 'Drama', description: 'Only movies listing this genre (by name).' })
  genre?: string;

  @IntParam({
    default: 10,
    min: 1,
    max: 100,
    description: 'budgetBand: quantile bands of the selected movies with known money (10 = deciles); ignored when edges are given.',
  })
  bands?: number;

  @NumberListParam({
    min: 0,
    max: MONEY_MAX,
    maxItems: 50,
    example: '10000000,50000000',
    description: 'budgetBand: fixed edges in USD, strictly ascending: [floor, e1), [e1, e2), …, [em, ∞).',
  })
  edges?: number[];
}
