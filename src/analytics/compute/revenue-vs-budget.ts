import { NO_YEAR, type MovieStore } from '../../read-model/movie-store.js';
import type { PointItem, RevenueVsBudgetAnswer } from '../dto/answer.view.js';
import type { RevenueBudgetParams } from '../pipelines/revenue-budget-pairs.pipeline.js';
import { leastSquares, pearson, roundTo, rSquared } from '../statistics.js';
import { moneyFloor } from './top-movies.js';

/** Revenue-vs-budget answers with every point up to this many movies, past it with a systematic sample. */
export const POINTS_LIMIT = 2000;

/** What the revenue-vs-budget answer holds besides the envelope; point titles are left '' for the caller to fill. */
export type RevenueVsBudgetResult = Pick<
  RevenueVsBudgetAnswer,
  'considered' | 'n' | 'pearson' | 'spearman' | 'slope' | 'intercept' | 'r2' | 'log10' | 'pointsSampled' | 'points' | 'items'
>;

/**
 * Spearman's rho of two equally long series (injected: it is meant to run off the event loop). The arrays
 * are read again after the call, so it must neither change nor transfer them (copy them to send them away).
 */
export type SpearmanFn = (x: Float64Array, y: Float64Array) => Promise<number | null>;

/**
 * Revenue against budget over movies with budget ≥ max(1, minBudget) and revenue ≥ max(1, minRevenue),
 * as the service computes it from revenueBudgetPairs: the movies in TMDB id order (the statistics' sums run
 * in that order, so the doubles come out the same), every point up to POINTS_LIMIT movies, past that every
 * k-th in id order, k = ceil(n / POINTS_LIMIT). Rounding as the service rounds. `points` and `items` are the
 * same array. One pass to select, then a sort of the selected movies by id (a radix sort, O(n); skipped when
 * the slots already run in id order), then O(n) statistics; Spearman's rho comes from `spearman`.
 */
export async function computeRevenueVsBudget(
  store: MovieStore,
  { minBudget, minRevenue }: RevenueBudgetParams,
  spearman: SpearmanFn,
): Promise<RevenueVsBudgetResult> {
  const fb = moneyFloor(minBudget);
  const fr = moneyFloor(minRevenue);
  const size = store.size;
  const ids = store.ids;
  const budgets = store.budget;
  const revenues = store.revenue;

  let selected: Int32Array = new Int32Array(Math.min(size, 1024));
  let n = 0;
  let inIdOrder = true;
  let previousId = -Infinity;
  for (let s = 0; s < size; s++) {
    if (budgets[s]! < fb || revenues[s]! < fr) continue;
    if (n === selected.length) {
      const grown = new Int32Array(Math.min(size, selected.length * 2));
      grown.set(selected);
      selected = grown;
    }
    selected[n++] = s;
    const id = ids[s]!;
    if (id < previousId) inIdOrder = false;
    previousId = id;
  }
  selected = selected.subarray(0, n);
  if (!inIdOrder) selected = slotsInIdOrder(selected, ids);

  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const logXs = new Float64Array(n);
  const logYs = new Float64Array(n);
  const every = Math.max(1, Math.ceil(n / POINTS_LIMIT));
  const points: PointItem[] = [];
  const years = store.year;
  for (let i = 0; i < n; i++) {
    const slot = selected[i]!;
    const budget = budgets[slot]!;
    const revenue = revenues[slot]!;
    xs[i] = budget;
    ys[i] = revenue;
    logXs[i] = Math.log10(budget);
    logYs[i] = Math.log10(revenue);
    if (i % every === 0) {
      const year = years[slot]!;
      points.push({ tmdbId: ids[slot]!, title: '', year: year === NO_YEAR ? null : year, budget, revenue });
    }
  }

  // Started first: the rank correlation runs elsewhere while the rest is computed here.
  const rho = spearman(xs, ys);
  const fit = leastSquares(xs, ys);
  const logFit = leastSquares(logXs, logYs);
  const linear = {
    pearson: roundTo(pearson(xs, ys), 4),
    slope: roundTo(fit?.slope ?? null, 4),
    intercept: roundTo(fit?.intercept ?? null, 0),
    r2: roundTo(fit ? rSquared(xs, ys, fit) : null, 4),
  };
  const log10 = {
    pearson: roundTo(pearson(logXs, logYs), 4),
    slope: roundTo(logFit?.slope ?? null, 4),
    intercept: roundTo(logFit?.intercept ?? null, 4),
    r2: roundTo(logFit ? rSquared(logXs, logYs, logFit) : null, 4),
  };
  return {
    considered: n,
    n,
    pearson: linear.pearson,
    spearman: roundTo(await rho, 4),
    slope: linear.slope,
    intercept: linear.intercept,
    r2: linear.r2,
    log10,
    pointsSampled: every > 1,
    points,
    items: points,
  };
}

const DIGITS = 65536;

/**
 * The slots ordered by their TMDB ids: an LSD radix sort of the ids (two 16-bit digits, the sign bit flipped
 * so the unsigned order is the signed one) carrying the slots along; a pass is skipped when all ids share its digit.
 */
function slotsInIdOrder(slots: Int32Array, ids: Int32Array): Int32Array {
  const n = slots.length;
  let keys = new Uint32Array(n);
  let nextKeys = new Uint32Array(n);
  let order = slots;
  let nextOrder: Int32Array = new Int32Array(n);
  const counts = new Uint32Array(2 * DIGITS);
  for (let i = 0; i < n; i++) {
    const key = (ids[slots[i]!]! ^ 0x80000000) >>> 0;
    keys[i] = key;
    counts[key & 0xffff]!++;
    counts[DIGITS + (key >>> 16)]!++;
  }
  for (let pass = 0; pass < 2; pass++) {
    const base = pass * DIGITS;
    const shift = pass * 16;
    let total = 0;
    let single = false;
    for (let d = 0; d < DIGITS; d++) {
      const c = counts[base + d]!;
      if (c === n) {
        single = true;
        break;
      }
      counts[base + d] = total;
      total += c;
    }
    if (single) continue;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const at = counts[base + ((key >>> shift) & 0xffff)]!++;
      nextKeys[at] = key;
      nextOrder[at] = order[i]!;
    }
    [keys, nextKeys] = [nextKeys, keys];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}
