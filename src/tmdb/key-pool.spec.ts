import { describe, expect, it } from 'vitest';
import { keyKind, TmdbKeyPool, type KeyPick } from './key-pool.js';

const V3 = '0123456789abcdef0123456789abcdef';
const V4 = 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ0ZXN0In0.c2lnbmF0dXJl';

function positionOf(pick: KeyPick): number | string {
  return 'key' in pick ? pick.key.position : 'waitMs' in pick ? `wait ${pick.waitMs}` : 'none';
}

describe('keyKind', () => {
  it('sends 32-hex v3 keys as ?api_key= and everything else (v4 tokens) as a bearer header', () => {
    expect(keyKind(V3)).toBe('query');
    expect(keyKind(V3.toUpperCase())).toBe('query');
    expect(keyKind(V4)).toBe('bearer');
    expect(keyKind('0123456789abcdef0123456789abcdef0')).toBe('bearer');
  });
});

describe('TmdbKeyPool', () => {
  it('uses the first key until it is revoked, then the next, then none', () => {
    const pool = new TmdbKeyPool([V3, V4], { strikes: 3, cooldownMs: 1000 });
    expect(positionOf(pool.pick())).toBe(1);
    const first = (pool.pick() as { key: never }).key;
    expect(pool.revoke(first)).toBe(true);
    expect(pool.revoke(first)).toBe(false);
    expect(positionOf(pool.pick())).toBe(2);
    pool.revoke((pool.pick() as { key: never }).key);
    expect(positionOf(pool.pick())).toBe('none');
    expect(pool.reinstate()).toBe(2);
    expect(positionOf(pool.pick())).toBe(1);
  });

  it('has no key to give when none is configured', () => {
    expect(positionOf(new TmdbKeyPool([], { strikes: 3, cooldownMs: 1000 }).pick())).toBe('none');
  });

  it('sets a key aside after `strikes` consecutive 429s, for the cool-down only', () => {
    let now = 0;
    const pool = new TmdbKeyPool([V3, V4], { strikes: 3, cooldownMs: 1000 }, () => now);
    const first = (pool.pick() as { key: never }).key;
    expect([pool.rateLimited(first), pool.rateLimited(first)]).toEqual([false, false]);
    pool.succeeded(first);
    expect([pool.rateLimited(first), pool.rateLimited(first), pool.rateLimited(first)]).toEqual([false, false, true]);
    expect(positionOf(pool.pick())).toBe(2);
    now = 1000;
    expect(positionOf(pool.pick())).toBe(1);
  });

  it('says how long to wait when every usable key is cooling down', () => {
    let now = 0;
    const pool = new TmdbKeyPool([V3], { strikes: 1, cooldownMs: 1000 }, () => now);
    pool.rateLimited((pool.pick() as { key: never }).key);
    now = 400;
    expect(positionOf(pool.pick())).toBe('wait 600');
  });

  it('redacts every configured key from a text', () => {
    const pool = new TmdbKeyPool([V3, V4], { strikes: 3, cooldownMs: 1000 });
    expect(pool.redact(`GET /3/movie/1?api_key=${V3} with Bearer ${V4}`)).toBe('GET /3/movie/1?api_key=<key 1> with Bearer <key 2>');
  });
});
