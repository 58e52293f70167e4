/** Floats agree when within this relative distance: the model and MongoDB sum in different orders. */
export const RELATIVE_TOLERANCE = 1e-9;

/** The paths at which two JSON values differ (numbers compared to RELATIVE_TOLERANCE), at most `limit` of them. */
export function differences(a: unknown, b: unknown, path = '', limit = 20, out: string[] = []): string[] {
  if (out.length >= limit) return out;
  if (typeof a === 'number' && typeof b === 'number') {
    const scale = Math.max(Math.abs(a), Math.abs(b), 1e-300);
    if (a !== b && Math.abs(a - b) / scale > RELATIVE_TOLERANCE) out.push(`${path || '.'}: ${a} ≠ ${b}`);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path || '.'}: ${a.length} items ≠ ${b.length} items`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) differences(a[i], b[i], `${path}[${i}]`, limit, out);
    return out;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, limit, out);
    return out;
  }
  if (a !== b) out.push(`${path || '.'}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  return out;
}
