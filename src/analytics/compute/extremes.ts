import type { MovieStore } from '../../read-model/movie-store.js';
import type { ExtremeItem, ExtremesAnswer, MovieItem } from '../dto/answer.view.js';
import type { RevenueBudgetParams } from '../pipelines/revenue-budget-pairs.pipeline.js';
import { moneyFloor, movieRowOf } from './top-movies.js';

/**
 * What the extremes answer holds besides the envelope. Titles are left '': `items` holds copies of the
 * four named rows (as the service builds them), so a title filler must fill both.
 */
export type ExtremesResult = Pick<
  ExtremesAnswer,
  'considered' | 'consideredForProfit' | 'items' | 'highestProfit' | 'lowestProfit' | 'highestBudget' | 'lowestBudget'
>;

/**
 * The four extremes, as the service's four topMovies queries with limit 1: highest and lowest profit among
 * movies with budget ≥ max(1, minBudget) and revenue ≥ max(1, minRevenue); highest and lowest budget among
 * movies with budget ≥ max(1, minBudget). Ties go to the lower TMDB id. considered = movies with such a
 * budget; consideredForProfit = those also with such a revenue. One pass: O(n).
 */
export function computeExtremes(store: MovieStore, { minBudget, minRevenue }: RevenueBudgetParams): ExtremesResult {
  const fb = moneyFloor(minBudget);
  const fr = moneyFloor(minRevenue);
  const n = store.size;
  const ids = store.ids;
  const budgets = store.budget;
  const revenues = store.revenue;
  let considered = 0;
  let consideredForProfit = 0;
  let highProfit = -1;
  let highProfitValue = 0;
  let lowProfit = -1;
  let lowProfitValue = 0;
  let highBudget = -1;
  let highBudgetValue = 0;
  let lowBudget = -1;
  let lowBudgetValue = 0;
  for (let s = 0; s < n; s++) {
    const b = budgets[s]!;
    if (b < fb) continue;
    const id = ids[s]!;
    considered++;
    if (highBudget < 0 || b > highBudgetValue || (b === highBudgetValue && id < ids[highBudget]!)) {
      highBudget = s;
      highBudgetValue = b;
    }
    if (lowBudget < 0 || b < lowBudgetValue || (b === lowBudgetValue && id < ids[lowBudget]!)) {
      lowBudget = s;
      lowBudgetValue = b;
    }
    const r = revenues[s]!;
    if (r < fr) continue;
    consideredForProfit++;
    const profit = r - b;
    if (highProfit < 0 || profit > highProfitValue || (profit === highProfitValue && id < ids[highProfit]!)) {
      highProfit = s;
      highProfitValue = profit;
    }
    if (lowProfit < 0 || profit < lowProfitValue || (profit === lowProfitValue && id < ids[lowProfit]!)) {
      lowProfit = s;
      lowProfitValue = profit;
    }
  }
  const row = (slot: number): MovieItem | null => (slot < 0 ? null : movieRowOf(store, slot));
  const named = {
    highestProfit: row(highProfit),
    lowestProfit: row(lowProfit),
    highestBudget: row(highBudget),
    lowestBudget: row(lowBudget),
  };
  const items: ExtremeItem[] = Object.entries(named).flatMap(([answer, movie]) => (movie ? [{ answer, ...movie }] : []));
  return { considered, consideredForProfit, items, ...named };
}
