/**
 * Medians, percentiles and budget bands for the group answers (genre-language, budget-bands, explore).
 * Medians and percentiles select in place (O(n) expected, no full sort); bands need one sort of the budgets.
 */

/**
 * Moves the k-th smallest of a[lo..hi] to a[k], smaller or equal values before it and greater or equal
 * after it, and returns it. Three-way partitioning, so the many equal amounts in movie money stay linear.
 */
export function selectKth(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) {
        a[i] = a[lt]!;
        a[lt] = v;
        lt++;
        i++;
      } else if (v > pivot) {
        a[i] = a[gt]!;
        a[gt] = v;
        gt--;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return a[k]!;
}

/** The smallest of a[from..a.length−1]. */
function minFrom(a: Float64Array, from: number): number {
  let m = Infinity;
  for (let i = from; i < a.length; i++) if (a[i]! < m) m = a[i]!;
  return m;
}

/** The median: the middle value, or the mean of the two middle values of an even count; null when empty. Reorders `values`. */
export function medianOf(values: Float64Array): number | null {
  const n = values.length;
  if (n === 0) return null;
  const lo = (n - 1) >> 1;
  const a = selectKth(values, lo);
  if (n % 2 === 1) return a;
  return (a + minFrom(values, lo + 1)) / 2;
}

/**
 * The p-th percentile (0 ≤ p ≤ 1) as PERCENTILE.INC, numpy and pandas compute it: rank h = (n − 1)·p from 0,
 * linear interpolation between the values at floor(h) and floor(h) + 1. Null when empty. Reorders `values`.
 */
export function percentileOf(values: Float64Array, p: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = selectKth(values, lo);
  if (h === lo) return a;
  const b = minFrom(values, lo + 1);
  return a + (h - lo) * (b - a);
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
 * Quantile bands over budgets sorted ascending: the standard equal-count cut positions floor(j·n/k), j = 1 … k−1;
 * a cut that would fall between equal budgets moves up past them (the equal budgets stay in the lower band, which
 * then holds more); a cut that lands on or before the previous one is dropped, so there may be fewer than k bands.
 * Each band is then the budgets in [its lowest budget, the next band's lowest budget).
 */
export function quantileBands(sortedBudgets: Float64Array, k: number): Bands {
  const n = sortedBudgets.length;
  if (n === 0) return { lower: [], upper: [], mode: 'quantiles' };
  const starts = [0];
  for (let j = 1; j < k; j++) {
    let p = Math.floor((j * n) / k);
    while (p < n && p > 0 && sortedBudgets[p] === sortedBudgets[p - 1]) p++;
    if (p >= n) break;
    if (p > starts[starts.length - 1]!) starts.push(p);
  }
  const lower = starts.map((s) => sortedBudgets[s]!);
  return { lower, upper: lower.map((_, j) => (j + 1 < lower.length ? lower[j + 1]! : null)), mode: 'quantiles' };
}

/** Fixed edges e1 < … < em: the bands [−∞, e1), [e1, e2), …, [em, ∞) (budgets are never below the budget floor). */
export function edgeBands(edges: readonly number[]): Bands {
  const lower = [-Infinity, ...edges];
  return { lower, upper: lower.map((_, j) => (j + 1 < lower.length ? lower[j + 1]! : null)), mode: 'edges' };
}

/** The band of a budget: the last band whose lower edge is ≤ it; −1 below the first (only possible for quantile bands of other movies). */
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
