// Small statistics for interleaved rounds: medians, spreads and percentiles.

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
