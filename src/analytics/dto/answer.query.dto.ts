import { EnumParam, IntParam } from '../../common/dto/query-params.js';

export const FORMATS = ['json', 'csv'] as const;
export type AnswerFormat = (typeof FORMATS)[number];

/** What every analytics endpoint accepts: the representation. `Accept: text/csv` works too. */
export class AnswerQueryDto {
  @EnumParam({ values: FORMATS, description: 'json (default) or csv (flat rows with a header); overrides the Accept header.' })
  format?: AnswerFormat;
}

/** The money floors shared by the money questions. TMDB stores unknown money as 0 and holds junk such as a budget of 1. */
export class MoneyFloorsQueryDto extends AnswerQueryDto {
  @IntParam({
    default: 1000,
    min: 0,
    max: 1e12,
    description: 'Budget floor in USD wherever budget is used (budget and profit answers). Unknown budgets (0) never count.',
  })
  minBudget?: number;

  @IntParam({
    default: 1000,
    min: 0,
    max: 1e12,
    description: 'Revenue floor in USD wherever revenue is used (revenue and profit answers). Unknown revenues (0) never count.',
  })
  minRevenue?: number;
}

export const YEAR_MIN = 1870;
export const YEAR_MAX = 2100;
