import { MoneyFloorsQueryDto } from './answer.query.dto.js';
import { EnumParam, IntParam } from '../../common/dto/query-params.js';

export const MEASURES = ['profit', 'budget', 'revenue'] as const;
export type Measure = (typeof MEASURES)[number];
export const ORDERS = ['desc', 'asc'] as const;
export type SortOrder = (typeof ORDERS)[number];

export class TopMoviesQueryDto extends MoneyFloorsQueryDto {
  @EnumParam({ values: MEASURES, default: 'profit', description: 'The measure to rank by; a movie counts only when that measure is known.' })
  by?: Measure;

  @IntParam({ default: 20, min: 1, max: 100, description: 'How many movies.' })
  limit?: number;

  @EnumParam({ values: ORDERS, default: 'desc', description: 'desc = highest first, asc = lowest first. Ties go to the lower TMDB id.' })
  order?: SortOrder;
}
