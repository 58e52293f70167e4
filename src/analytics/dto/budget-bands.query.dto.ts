import { MoneyFloorsQueryDto } from './answer.query.dto.js';
import { IntParam, NumberListParam } from './query-params.js';

export const MONEY_MAX = 1e12;

export class BudgetBandsQueryDto extends MoneyFloorsQueryDto {
  @IntParam({
    default: 10,
    min: 1,
    max: 100,
    description: 'Quantile bands: the movies by budget in this many groups as equal in count as possible (10 = deciles); ignored when edges are given.',
  })
  bands?: number;

  @NumberListParam({
    min: 0,
    max: MONEY_MAX,
    maxItems: 50,
    example: '10000000,50000000,100000000',
    description: 'Fixed band edges in USD, strictly ascending: e1,…,em give the half-open bands [floor, e1), [e1, e2), …, [em, ∞).',
  })
  edges?: number[];

  @IntParam({
    default: 100_000_000,
    min: -MONEY_MAX,
    max: MONEY_MAX,
    description: 'The profit (USD) the named answer asks for: the smallest band whose median profit reaches it.',
  })
  targetProfit?: number;
}
