import type { MovieStore } from '../../read-model/movie-store.js';
import type { BudgetBandItem, BudgetBandsAnswer } from '../dto/answer.view.js';
import { roundTo } from '../statistics.js';
import { bandPass } from './band-pass.js';
import { PROFIT_PERCENTILES } from './quantiles.js';
import { moneyFloor } from './top-movies.js';

export interface BudgetBandsParams {
  minBudget: number;
  minRevenue: number;
  bands: number;
  edges: number[] | null;
  targetProfit: number;
}

/** What the budget-bands answer holds besides the envelope. */
export type BudgetBandsResult = Pick<BudgetBandsAnswer, 'considered' | 'mode' | 'items' | 'target'>;

/**
 * Movies with budget ≥ minBudget and revenue ≥ minRevenue (both known), in budget bands: quantile bands (bands=k;
 * cuts at floor(j·n/k) moved up past equal budgets, so equal budgets share a band and there may be fewer than k) or
 * fixed half-open edges. Per band: n, edges, lowest/highest budget, median and p10/p90 (PERCENTILE.INC) of profit,
 * median ROI, share profitable. Fixed-edge bands are all listed, empty ones with n = 0 and null measures.
 * target: the first band (lowest budgets) whose median profit ≥ targetProfit, and how many of its movies reach it.
 */
export function computeBudgetBands(store: MovieStore, p: BudgetBandsParams): BudgetBandsResult {
  const result = bandPass(store, {
    fb: moneyFloor(p.minBudget),
    fr: moneyFloor(p.minRevenue),
    bands: p.bands,
    edges: p.edges,
    profitQuantiles: PROFIT_PERCENTILES,
    target: p.targetProfit,
  });
  const bands = result.bands;
  const items: BudgetBandItem[] = bands.lower.map((lower, j) => {
    const f = result.figures[j];
    return {
      band: j + 1,
      from: Number.isFinite(lower) ? lower : null,
      to: bands.upper[j]!,
      lowestBudget: f?.lowestBudget ?? null,
      highestBudget: f?.highestBudget ?? null,
      movies: f?.movies ?? 0,
      medianProfit: f ? roundTo(f.profit[1]!, 2) : null,
      p10Profit: f ? roundTo(f.profit[0]!, 2) : null,
      p90Profit: f ? roundTo(f.profit[2]!, 2) : null,
      medianRoi: f ? roundTo(f.medianRoi, 4) : null,
      shareProfitable: f ? roundTo(f.profitable / f.movies, 4) : null,
    };
  });
  const hit = items.findIndex((item) => item.medianProfit !== null && item.medianProfit >= p.targetProfit);
  const band = hit >= 0 ? items[hit]! : null;
  const reaching = band ? result.figures[hit]!.reaching : null;
  return {
    considered: result.considered,
    mode: bands.mode,
    items,
    target: {
      targetProfit: p.targetProfit,
      band,
      reaching,
      shareReaching: band ? roundTo(reaching! / band.movies, 4) : null,
    },
  };
}
