export interface BackoffOptions {
  /** Delay ceiling of the first retry; doubles each attempt. */
  baseMs: number;
  maxMs: number;
}

/** Exponential backoff with full jitter: a uniform delay in [0, min(max, base·2^(retry-1))). */
export function backoffDelay(retry: number, { baseMs, maxMs }: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds ("120", "1.5") or an HTTP date.
 * Null when absent or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date has a weekday and month in letters; this keeps "-5" from parsing as the year -5.
  const at = /[a-z]/i.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
