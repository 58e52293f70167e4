/**
 * The statistics the revenue-vs-budget answer reports, computed here from the projected
 * (budget, revenue) pairs: MongoDB 7 could do part of it, the local server cannot.
 * Each returns null when the numbers do not define it (fewer than two points, no spread).
 */

export interface LeastSquares {
  slope: number;
  intercept: number;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Pearson's r: covariance over the product of the standard deviations. */
export function pearson(xs: ArrayLike<number>, ys: ArrayLike<number>): number | null {
  if (xs.length !== ys.length) throw new Error(`pearson needs pairs: ${xs.length} x against ${ys.length} y`);
  if (xs.length < 2) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return clampUnit(sxy / Math.sqrt(sxx * syy));
}

/** Ranks from 1; tied values share the average of the ranks they span (as Spearman's rho needs). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's rho: Pearson's r of the average ranks (correct with ties, unlike the 6Σd² shortcut). */
export function spearman(xs: ArrayLike<number>, ys: ArrayLike<number>): number | null {
  if (xs.length !== ys.length) throw new Error(`spearman needs pairs: ${xs.length} x against ${ys.length} y`);
  if (xs.length < 2) return null;
  return pearson(averageRanks(xs), averageRanks(ys));
}

/** Ordinary least squares of y on x: y ≈ slope·x + intercept. */
export function leastSquares(xs: ArrayLike<number>, ys: ArrayLike<number>): LeastSquares | null {
  if (xs.length !== ys.length) throw new Error(`leastSquares needs pairs: ${xs.length} x against ${ys.length} y`);
  if (xs.length < 2) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Coefficient of determination of a fitted line: 1 − SSres / SStot. */
export function rSquared(xs: ArrayLike<number>, ys: ArrayLike<number>, fit: LeastSquares): number | null {
  if (xs.length < 2) return null;
  const my = mean(ys);
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < xs.length; i++) {
    ssRes += (ys[i]! - (fit.slope * xs[i]! + fit.intercept)) ** 2;
    ssTot += (ys[i]! - my) ** 2;
  }
  return ssTot === 0 ? null : ssRes >= ssTot ? 0 : 1 - ssRes / ssTot;
}

/** Rounds for the answer (never before computing); null stays null. */
export function roundTo(value: number | null, places: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** places;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

function clampUnit(r: number): number {
  return Math.max(-1, Math.min(1, r));
}

/**
 * high[h] + low[l] += x, kept exact (double-double): twoSum, the error into the low part, fast2Sum to renormalise,
 * so high[h] is always the exact sum rounded once (MongoDB's $avg sums so). Sums of vote averages made this way do
 * not depend on the order the movies were added in.
 */
export function addExact(high: Float64Array, h: number, low: Float64Array, l: number, x: number): void {
  const before = high[h]!;
  const sum = before + x;
  const virtual = sum - before;
  const error = before - (sum - virtual) + (x - virtual);
  const lowSum = low[l]! + error;
  const renormalised = sum + lowSum;
  low[l] = lowSum - (renormalised - sum);
  high[h] = renormalised;
}
