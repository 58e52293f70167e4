import { isIP } from 'node:net';

/**
 * One environment variable: how to parse it, its default, what it is for and whether it
 * is a secret (secrets are never echoed back in errors, logs or /health).
 */
export interface Setting<T> {
  readonly kind: string;
  readonly description: string;
  readonly sensitive: boolean;
  /** Shown in the settings table; undefined means required. */
  readonly defaultText: string | undefined;
  parse(raw: string | undefined): T;
}

export class SettingError extends Error {}

interface Common<T> {
  description: string;
  default?: T;
  sensitive?: boolean;
}

function make<T>(kind: string, opts: Common<T>, parse: (raw: string) => T, show?: (value: T) => string): Setting<T> {
  const hasDefault = 'default' in opts;
  return {
    kind,
    description: opts.description,
    sensitive: opts.sensitive ?? false,
    defaultText: hasDefault ? (opts.default === undefined ? '(unset)' : show ? show(opts.default) : String(opts.default)) : undefined,
    parse(raw) {
      const value = raw?.trim();
      if (value === undefined || value === '') {
        if (hasDefault) return opts.default as T;
        throw new SettingError(`is required (${kind})`);
      }
      return parse(value);
    },
  };
}

type StrOpts = { pattern?: RegExp; expect?: string; minLength?: number };

export function str(opts: Common<string> & StrOpts): Setting<string> {
  return make('string', opts, checkString(opts));
}

/** A string that may stay unset (undefined). */
export function optStr(opts: Omit<Common<string>, 'default'> & StrOpts): Setting<string | undefined> {
  return make<string | undefined>('string', { ...opts, default: undefined }, checkString(opts));
}

function checkString(opts: StrOpts) {
  return (value: string): string => {
    if (opts.minLength && value.length < opts.minLength) throw new SettingError(`must be at least ${opts.minLength} characters`);
    if (opts.pattern && !opts.pattern.test(value)) throw new SettingError(`must be ${opts.expect ?? `like ${opts.pattern.source}`}`);
    return value;
  };
}

export function int(opts: Common<number> & { min?: number; max?: number }): Setting<number> {
  const range = `${opts.min ?? '-inf'}..${opts.max ?? 'inf'}`;
  return make(`integer ${range}`, opts, (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n)) throw new SettingError(`must be a whole number (${range})`);
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) throw new SettingError(`must be within ${range}`);
    return n;
  });
}

export function bool(opts: Common<boolean>): Setting<boolean> {
  return make('boolean', opts, (value) => {
    if (/^(true|1|yes|on)$/i.test(value)) return true;
    if (/^(false|0|no|off)$/i.test(value)) return false;
    throw new SettingError('must be true or false');
  });
}

export function oneOf<const T extends string>(values: readonly T[], opts: Common<T>): Setting<T> {
  return make(values.join(' | '), opts, (value) => {
    if (!(values as readonly string[]).includes(value)) throw new SettingError(`must be one of ${values.join(', ')}`);
    return value as T;
  });
}

export function list(opts: Common<string[]> & { item?: RegExp; expect?: string }): Setting<string[]> {
  return make(
    'comma-separated list',
    opts,
    (value) => {
      const items = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const item of items) {
        if (opts.item && !opts.item.test(item)) {
          throw new SettingError(`must be a comma-separated list of ${opts.expect ?? 'values'}` + (opts.sensitive ? '' : ` (bad item "${item}")`));
        }
      }
      return items;
    },
    (v) => v.join(','),
  );
}

export function url(opts: Common<string> & { protocols: string[] }): Setting<string> {
  return make(`URL (${opts.protocols.join(', ')})`, opts, (value) => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new SettingError(`must be a URL (${opts.protocols.join(' or ')})`);
    }
    if (!opts.protocols.includes(parsed.protocol.replace(/:$/, '')))
      throw new SettingError(`must start with ${opts.protocols.map((p) => `${p}://`).join(' or ')}`);
    return value;
  });
}

/** Which proxies the app believes about the client's address (`X-Forwarded-For`): none, the nearest N hops, or these addresses. */
export type TrustProxy = false | number | string[];

const PROXY_PRESETS = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Off, a hop count, or a list of proxy addresses and subnets (Express's `trust proxy`). Never a bare
 * `true`: that would believe any `X-Forwarded-For` a client makes up, and every client could pick its own budget.
 */
export function trustProxy(opts: { description: string }): Setting<TrustProxy> {
  return make<TrustProxy>(
    'off | hop count 1..10 | comma-separated proxy addresses or subnets',
    { ...opts, default: false },
    (value) => {
      if (/^(off|false|no|0)$/i.test(value)) return false;
      if (/^\d+$/.test(value)) {
        const hops = Number(value);
        if (hops > 10) throw new SettingError('must be off, a hop count 1..10, or proxy addresses');
        return hops;
      }
      const items = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const item of items) {
        if (!PROXY_PRESETS.includes(item) && !isAddressOrSubnet(item))
          throw new SettingError(`must be off, a hop count 1..10, or comma-separated IP addresses or subnets (bad item "${item}")`);
      }
      return items;
    },
    (v) => (v === false ? 'off' : String(v)),
  );
}

function isAddressOrSubnet(item: string): boolean {
  const [address = '', prefix, extra] = item.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
