// Small statistics for interleaved rounds: medians, spreads, percentiles and a log-log fit.

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** (max − min) ÷ median: how far apart the per-round ratios are. */
export function spread(values) {
  const v = values.filter((x) => Number.isFinite(x));
  const m = median(v);
  if (!m || v.length < 2) return 0;
  return (Math.max(...v) - Math.min(...v)) / Math.abs(m);
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Least squares of log(time) on log(n): time ∝ n^k, with R². */
export function powerFit(points) {
  const pts = points.filter(([n, t]) => n > 0 && t > 0).map(([n, t]) => [Math.log(n), Math.log(t)]);
  if (pts.length < 2) return { k: null, r2: null, points: pts.length };
  const mx = pts.reduce((s, [x]) => s + x, 0) / pts.length;
  const my = pts.reduce((s, [, y]) => s + y, 0) / pts.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pts) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  const k = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { k, r2, points: pts.length };
}
