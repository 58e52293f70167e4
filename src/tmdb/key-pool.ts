/** v4 read-access tokens go in the `Authorization` header; v3 keys (32 hex digits) only work as `?api_key=`. */
export type TmdbKeyKind = 'bearer' | 'query';

export interface TmdbKey {
  /** 1-based position in TMDB_API_KEYS: what logs and errors name instead of the key. */
  readonly position: number;
  readonly kind: TmdbKeyKind;
  readonly secret: string;
}

export interface KeyPoolOptions {
  /** Consecutive 429s after which a key is set aside for `cooldownMs`. */
  strikes: number;
  cooldownMs: number;
}

export type KeyPick = { key: TmdbKey } | { waitMs: number } | { none: true };

export function keyKind(secret: string): TmdbKeyKind {
  return /^[0-9a-f]{32}$/i.test(secret) ? 'query' : 'bearer';
}

/**
 * The configured keys, used in order: the first usable key serves every call. A 401 sets a key
 * aside for good; a run of 429s sets it aside for a cool-down, after which it is tried again.
 */
export class TmdbKeyPool {
  private readonly keys: TmdbKey[];
  private readonly revoked = new Set<TmdbKey>();
  private readonly coolUntil = new Map<TmdbKey, number>();
  private readonly strikes = new Map<TmdbKey, number>();

  constructor(
    secrets: string[],
    private readonly options: KeyPoolOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = secrets.map((secret, i) => ({ position: i + 1, kind: keyKind(secret), secret }));
  }

  get size(): number {
    return this.keys.length;
  }

  get revokedCount(): number {
    return this.revoked.size;
  }

  /** The key to use now; or how long until a cooling key is back; or none when every key is revoked. */
  pick(): KeyPick {
    const now = this.now();
    let soonest = Infinity;
    for (const key of this.keys) {
      if (this.revoked.has(key)) continue;
      const until = this.coolUntil.get(key) ?? 0;
      if (until <= now) return { key };
      soonest = Math.min(soonest, until - now);
    }
    return soonest === Infinity ? { none: true } : { waitMs: soonest };
  }

  /** A 401: the key is set aside for good. True the first time, so the caller logs it once. */
  /** Gives every refused key another chance (a new job: the keys or the subscription may have been renewed). */
  reinstate(): number {
    const count = this.revoked.size;
    this.revoked.clear();
    return count;
  }

  revoke(key: TmdbKey): boolean {
    if (this.revoked.has(key)) return false;
    this.revoked.add(key);
    return true;
  }

  /** A 429: true when this one set the key aside. */
  rateLimited(key: TmdbKey): boolean {
    const strikes = (this.strikes.get(key) ?? 0) + 1;
    this.strikes.set(key, strikes);
    if (strikes < this.options.strikes) return false;
    this.strikes.set(key, 0);
    this.coolUntil.set(key, this.now() + this.options.cooldownMs);
    return true;
  }

  succeeded(key: TmdbKey): void {
    this.strikes.set(key, 0);
  }

  /** Replaces every configured key in `text`: the last guard before a message leaves the client. */
  redact(text: string): string {
    return this.keys.reduce((out, key) => out.split(key.secret).join(`<key ${key.position}>`), text);
  }
}
