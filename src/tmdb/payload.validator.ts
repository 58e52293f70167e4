/**
 * A few composable checks for JSON payloads, so a malformed answer becomes an error that names
 * the field ("results[3].id should be an integer, got \"abc\"") instead of a TypeError later on.
 * A check returns the value it accepts, keeping only the fields an object shape declares.
 */
export type Check<T> = (value: unknown, path: string) => T;

export class PayloadError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`${path || 'body'} should be ${expected}, got ${describe(got)}`);
    this.name = 'PayloadError';
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function expect<T>(expected: string, accepts: (value: unknown) => value is T): Check<T> {
  return (value, path) => {
    if (!accepts(value)) throw new PayloadError(path, expected, value);
    return value;
  };
}

export const str: Check<string> = expect('a string', (v): v is string => typeof v === 'string');
export const num: Check<number> = expect('a number', (v): v is number => typeof v === 'number' && Number.isFinite(v));
export const int: Check<number> = expect('an integer', (v): v is number => Number.isSafeInteger(v));
export const bool: Check<boolean> = expect('a boolean', (v): v is boolean => typeof v === 'boolean');

/** Absent or null is accepted and dropped (TMDB sends null for unknown values in some fields). */
export function opt<T>(check: Check<T>): Check<T | undefined> {
  return (value, path) => (value === undefined || value === null ? undefined : check(value, path));
}

/** Absent is dropped; null is kept. */
export function nullable<T>(check: Check<T>): Check<T | null | undefined> {
  return (value, path) => (value === undefined ? undefined : value === null ? null : check(value, path));
}

export function arrayOf<T>(check: Check<T>): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new PayloadError(path, 'an array', value);
    return value.map((item, i) => check(item, `${path}[${i}]`));
  };
}

export function object<T extends object>(shape: { [K in keyof T]-?: Check<T[K]> }): Check<T> {
  return (value, path) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PayloadError(path, 'an object', value);
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [field, check] of Object.entries(shape) as [string, Check<unknown>][]) {
      const checked = check(input[field], path ? `${path}.${field}` : field);
      if (checked !== undefined) out[field] = checked;
    }
    return out as T;
  };
}
