/**
 * Medians, percentiles and budget bands for the group answers (genre-language, budget-bands, explore).
 * Medians and percentiles select in place (O(n) expected, no full sort); bands need one sort of the budgets.
 */

/**
 * Moves the k-th smallest of a[lo..hi] to a[k], smaller or equal values before it and greater or equal after it,
 * and returns it: Hoare's selection (Wirth's form), the pivot the median of three. The scans stop at values equal to
 * the pivot, so the many equal amounts in movie money split evenly and the selection stays linear.
 */
export function selectKth(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    do {
      while (a[i]! < pivot) i++;
      while (pivot < a[j]!) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) lo = i;
    if (k < i) hi = j;
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

/**
 * Several percentiles of the same values at once (each as percentileOf, the median as medianOf), from one selection of
 * the ranks they need: O(n log r) for r ranks, instead of one selection and one scan each. Null when empty. Reorders `values`.
 */
export function quantilesOf(values: Float64Array, ps: readonly number[]): (number | null)[] {
  const n = values.length;
  if (n === 0) return ps.map(() => null);
  const needed = new Set<number>();
  for (const p of ps) {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    needed.add(lo);
    if (h > lo) needed.add(lo + 1);
  }
  const ranks = [...needed].sort((a, b) => a - b);
  selectRanks(values, ranks, 0, n - 1, 0, ranks.length - 1);
  return ps.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    if (h === lo) return values[lo]!;
    const a = values[lo]!;
    const b = values[lo + 1]!;
    // The median of an even count as the mean of the two middle values (the same number, written as the definition says).
    return p === 0.5 ? (a + b) / 2 : a + (h - lo) * (b - a);
  });
}

/** Bands of budgets: band j holds budgets in [lower[j], lower[j+1]) (the last one has no upper edge). */
export interface Bands {
  /** Lower edges, ascending; −Infinity for an open lowest band. */
  lower: number[];
  /** upper[j] = lower[j+1], null for the last band. */
  upper: (number | null)[];
  mode: 'quantiles' | 'edges';
}

/** Puts the values of the given ranks (ascending) in place, each with smaller or equal values before it: O(n log k). */
function selectRanks(a: Float64Array, ranks: readonly number[], lo: number, hi: number, first: number, last: number): void {
  if (first > last) return;
  const mid = (first + last) >> 1;
  const rank = ranks[mid]!;
  selectKth(a, rank, lo, hi);
  selectRanks(a, ranks, lo, rank - 1, first, mid - 1);
  selectRanks(a, ranks, rank + 1, hi, mid + 1, last);
}

/**
 * Quantile bands of budgets (in any order; reordered in place). In the budgets sorted ascending (b), the standard
 * equal-count cuts fall at positions floor(j·n/k), j = 1 … k−1; a cut that would fall between equal budgets moves
 * up past them (the equal budgets stay in the lower band, which then holds more); a cut that lands on or before
 * the previous one is dropped, so there may be fewer than k bands. Each band is then the budgets in
 * [its lowest budget, the next band's lowest budget).
 *
 * Without sorting: the cut at p starts the next band at the smallest budget above b[p − 1], so only the order
 * statistics b[p − 1] are selected (O(n log k)), and one pass finds the budget that follows each.
 */
export function quantileBands(budgets: Float64Array, k: number): Bands {
  const n = budgets.length;
  if (n === 0) return { lower: [], upper: [], mode: 'quantiles' };
  const ranks: number[] = [];
  for (let j = 1; j < k; j++) {
    const p = Math.floor((j * n) / k);
    if (p >= 1 && ranks[ranks.length - 1] !== p - 1) ranks.push(p - 1);
  }
  selectRanks(budgets, ranks, 0, n - 1, 0, ranks.length - 1);
  // The distinct values at the cuts, ascending; then the smallest budget above each.
  const at: number[] = [];
  for (const r of ranks) if (at.length === 0 || budgets[r]! > at[at.length - 1]!) at.push(budgets[r]!);
  const next = new Float64Array(at.length).fill(Infinity);
  let lowest = Infinity;
  for (let i = 0; i < n; i++) {
    const x = budgets[i]!;
    if (x < lowest) lowest = x;
    // t: the last cut value below x (binary search); x may follow it.
    let lo = 0;
    let hi = at.length - 1;
    if (hi < 0 || x <= at[0]!) continue;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (at[mid]! < x) lo = mid;
      else hi = mid - 1;
    }
    if (x < next[lo]!) next[lo] = x;
  }
  // The smallest budget above at[t] is the least of next[t], next[t + 1], ….
  for (let t = at.length - 2; t >= 0; t--) if (next[t + 1]! < next[t]!) next[t] = next[t + 1]!;
  const lower = [lowest];
  for (let t = 0; t < at.length; t++) {
    const start = next[t]!;
    if (Number.isFinite(start) && start > lower[lower.length - 1]!) lower.push(start);
  }
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
