import type { MovieStore } from '../../read-model/movie-store.js';
import type { BudgetBandItem, BudgetBandsAnswer } from '../dto/answer.view.js';
import { roundTo } from '../statistics.js';
import { computeCells } from './cells.js';

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
  const result = computeCells(store, {
    minVotes: 0,
    from: null,
    to: null,
    language: null,
    genre: null,
    minBudget: p.minBudget,
    minRevenue: p.minRevenue,
    groupBy: ['budgetBand'],
    bands: p.bands,
    edges: p.edges,
    medians: { profit: true, roi: true, profitPercentiles: true },
    profitAtLeast: p.targetProfit,
  });
  const bands = result.bands!;
  const byBand = new Map(result.cells.map((cell) => [cell.keys[0]!, cell]));
  const reaching: number[] = [];
  const items: BudgetBandItem[] = bands.lower.map((lower, j) => {
    const cell = byBand.get(j);
    reaching.push(cell?.reaching ?? 0);
    return {
      band: j + 1,
      from: Number.isFinite(lower) ? lower : null,
      to: bands.upper[j]!,
      lowestBudget: cell?.lowestBudget ?? null,
      highestBudget: cell?.highestBudget ?? null,
      movies: cell?.movies ?? 0,
      medianProfit: cell?.medianProfit ?? null,
      p10Profit: cell?.p10Profit ?? null,
      p90Profit: cell?.p90Profit ?? null,
      medianRoi: cell?.medianRoi ?? null,
      shareProfitable: cell?.shareProfitable ?? null,
    };
  });
  const hit = items.findIndex((item) => item.medianProfit !== null && item.medianProfit >= p.targetProfit);
  const band = hit >= 0 ? items[hit]! : null;
  return {
    considered: result.considered,
    mode: bands.mode,
    items,
    target: {
      targetProfit: p.targetProfit,
      band,
      reaching: band ? reaching[hit]! : null,
      shareReaching: band ? roundTo(reaching[hit]! / band.movies, 4) : null,
    },
  };
}
