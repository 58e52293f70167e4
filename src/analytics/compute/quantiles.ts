/**
 * Quantiles and budget bands for the group answers (genre-language, budget-bands, explore): the definitions, applied
 * by the engine (cells.ts) to values it reads off its sorted money orders.
 */

/**
 * The p-th quantile (0 ≤ p ≤ 1) of n values from the values at two ranks: PERCENTILE.INC as numpy and pandas
 * compute it, rank h = (n − 1)·p from 0, linear interpolation between the values at floor(h) and floor(h) + 1; the
 * median of an even count is the mean of the two middle values (the same number, written as the definition says).
 * `valueAt(rank)` gives the rank-th smallest value; null when n is 0.
 */
export function quantileAt(n: number, p: number, valueAt: (rank: number) => number): number | null {
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = valueAt(lo);
  if (h === lo) return a;
  const b = valueAt(lo + 1);
  return p === 0.5 ? (a + b) / 2 : a + (h - lo) * (b - a);
}

/** The ranks quantileAt reads for n values (one or two). */
export function ranksOf(n: number, p: number): number[] {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  return h > lo ? [lo, lo + 1] : [lo];
}

/** p10, the median and p90: the profit quantiles the group answers report (in this order). */
export const PROFIT_PERCENTILES: readonly number[] = [0.1, 0.5, 0.9];

/**
 * The distinct ranks quantileAt reads for each of ps (ascending) of n values, ascending, written to out from `at`;
 * returns how many. ranksOf for several quantiles at once, without allocating (the engine does it per cell).
 */
export function ranksInto(n: number, ps: readonly number[], out: Int32Array, at: number): number {
  let written = 0;
  let last = -1;
  for (const p of ps) {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    if (lo > last) out[at + written++] = last = lo;
    if (h > lo && lo + 1 > last) out[at + written++] = last = lo + 1;
  }
  return written;
}

/** The p-th quantile of values sorted ascending. */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  return quantileAt(sorted.length, p, (rank) => sorted[rank]!);
}

/** Bands of budgets: band j holds budgets in [lower[j], lower[j+1]) (the last one has no upper edge). */
export interface Bands {
  /** Lower edges, ascending; −Infinity for an open lowest band. */
  lower: number[];
  /** upper[j] = lower[j+1], null for the last band. */
  upper: (number | null)[];
  mode: 'quantiles' | 'edges';
}

/**
 * Quantile bands of budgets sorted ascending (b; the engine reads them off its budget order). The standard
 * equal-count cuts fall at positions floor(j·n/k), j = 1 … k−1; a cut that would fall between equal budgets moves
 * up past them (the equal budgets stay in the lower band, which then holds more); a cut that lands on or before
 * the previous one is dropped, so there may be fewer than k bands. Each band is then the budgets in
 * [its lowest budget, the next band's lowest budget): the cut's value is read at its rank, and the next band starts
 * at the first budget above it (a binary search).
 */
export function quantileBands(sorted: Float64Array, k: number): Bands {
  const n = sorted.length;
  if (n === 0) return { lower: [], upper: [], mode: 'quantiles' };
  const lower = [sorted[0]!];
  let previous = -1;
  for (let j = 1; j < k; j++) {
    const p = Math.floor((j * n) / k);
    if (p < 1 || p - 1 === previous) continue;
    previous = p - 1;
    const cut = sorted[p - 1]!;
    // The first index holding a budget above the cut.
    let lo = p;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! > cut) hi = mid;
      else lo = mid + 1;
    }
    if (lo < n && sorted[lo]! > lower[lower.length - 1]!) lower.push(sorted[lo]!);
  }
  return { lower, upper: lower.map((_, j) => (j + 1 < lower.length ? lower[j + 1]! : null)), mode: 'quantiles' };
}

/** Fixed edges e1 < … < em: the bands [−∞, e1), [e1, e2), …, [em, ∞) (budgets are never below the budget floor). */
export function edgeBands(edges: readonly number[]): Bands {
  const lower = [-Infinity, ...edges];
  return { lower, upper: lower.map((_, j) => (j + 1 < lower.length ? lower[j + 1]! : null)), mode: 'edges' };
}

/** The first index in sorted[from … to) holding a value ≥ x (to when none does). */
export function firstAtLeast(sorted: Float64Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The band of a budget (the rule bandKeys applies along the budget order): the last band whose lower edge is ≤ it; −1 below the first (only possible for quantile bands of other movies). */
export function bandOf(bands: Bands, budget: number): number {
  const lower = bands.lower;
  let lo = 0;
  let hi = lower.length - 1;
  if (hi < 0 || budget < lower[0]!) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lower[mid]! <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
