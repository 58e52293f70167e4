import { describe, expect, it } from 'vitest';
import { AnswerCache } from './answer-cache.js';

describe('AnswerCache', () => {
  it('computes once per key and generation', async () => {
    const cache = new AnswerCache<number>();
    let calls = 0;
    const compute = async () => ++calls;
    expect(await cache.getOrCompute('a', 1, compute)).toBe(1);
    expect(await cache.getOrCompute('a', 1, compute)).toBe(1);
    expect(await cache.getOrCompute('b', 1, compute)).toBe(2);
    expect(calls).toBe(2);
  });

  it('serves the kept answer while it recomputes for a newer generation, then the new one', async () => {
    // A fixed clock: the first computation "took" 0 ms, so the recompute is never held back by pacing
    // (with the wall clock a loaded machine can make it take 1 ms, and the next call fall inside that).
    const cache = new AnswerCache<string>(10, () => 0);
    await cache.getOrCompute('a', 1, async () => 'old');
    let release!: (value: string) => void;
    const slow = () => new Promise<string>((resolve) => (release = resolve));
    expect(await cache.getOrCompute('a', 2, slow)).toBe('old');
    // one recomputation in flight, not one per reader
    expect(await cache.getOrCompute('a', 2, async () => 'second')).toBe('old');
    release('new');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.getOrCompute('a', 2, async () => 'again')).toBe('new');
    // a reader that saw an older generation gets the newer answer kept
    expect(await cache.getOrCompute('a', 1, async () => 'older')).toBe('new');
  });

  it('while serving stale answers, recomputes a key no sooner after the last computation than it took', async () => {
    let now = 0;
    const cache = new AnswerCache<string>(10, () => now);
    let calls = 0;
    const compute = (took: number) => async () => {
      calls++;
      now += took;
      return `v${calls}`;
    };
    await cache.getOrCompute('a', 1, compute(100)); // took 100 ms, ended at 100
    expect(await cache.getOrCompute('a', 2, compute(100))).toBe('v1'); // stale served; ended 0 ms ago after taking 100: resting, no recompute
    expect(calls).toBe(1);
    now = 150; // 50 ms after the last computation ended: still resting
    expect(await cache.getOrCompute('a', 2, compute(100))).toBe('v1');
    expect(calls).toBe(1);
    now = 200; // as long after as it took: recompute in the background, stale served meanwhile
    expect(await cache.getOrCompute('a', 2, compute(100))).toBe('v1');
    expect(calls).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.getOrCompute('a', 2, compute(100))).toBe('v2');
    // a caller that refuses stale answers never waits for the rest period
    expect(await cache.getOrCompute('a', 3, compute(100), { allowStale: false })).toBe('v3');
  });

  it('recomputes at once, still serving the kept answer, when told not to pace (no more writes are coming)', async () => {
    let now = 0;
    const cache = new AnswerCache<string>(10, () => now);
    let calls = 0;
    const compute = async () => {
      calls++;
      now += 100;
      return `v${calls}`;
    };
    await cache.getOrCompute('a', 1, compute); // took 100 ms, ended at 100: a paced read now would rest
    expect(await cache.getOrCompute('a', 2, compute, { pace: false })).toBe('v1');
    expect(calls).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.getOrCompute('a', 2, compute, { pace: false })).toBe('v2');
    expect(calls).toBe(2);
  });

  it('when not pacing, starts the newest answer beside an older one still in flight, and keeps the newest whichever ends last', async () => {
    const cache = new AnswerCache<string>(10, () => 0);
    await cache.getOrCompute('a', 1, async () => 'v1');
    const releases = new Map<string, (value: string) => void>();
    const slow = (name: string) => () => new Promise<string>((resolve) => releases.set(name, resolve));
    expect(await cache.getOrCompute('a', 2, slow('v2'))).toBe('v1'); // v2 in flight
    expect(await cache.getOrCompute('a', 3, slow('v3'), { pace: false })).toBe('v1'); // v3 started beside it
    expect([...releases.keys()]).toEqual(['v2', 'v3']);
    releases.get('v3')!('v3');
    await new Promise((resolve) => setTimeout(resolve, 0));
    releases.get('v2')!('v2');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.getOrCompute('a', 3, async () => 'again')).toBe('v3');
  });

  it('makes a caller that refuses stale answers wait for the new one', async () => {
    const cache = new AnswerCache<string>();
    await cache.getOrCompute('a', 1, async () => 'old');
    expect(await cache.getOrCompute('a', 2, async () => 'new', { allowStale: false })).toBe('new');
  });

  it('makes the first reader of a key wait for the answer', async () => {
    const cache = new AnswerCache<string>();
    expect(await cache.getOrCompute('fresh', 5, async () => 'computed')).toBe('computed');
  });

  it('shares one computation between concurrent asks', async () => {
    const cache = new AnswerCache<number>();
    let calls = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 10));
    const [a, b] = await Promise.all([cache.getOrCompute('k', 1, slow), cache.getOrCompute('k', 1, slow)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
  });

  it('does not keep failures', async () => {
    const cache = new AnswerCache<number>();
    await expect(cache.getOrCompute('k', 1, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.getOrCompute('k', 1, async () => 7)).toBe(7);
  });

  it('stays within its bound, dropping the least recently used', async () => {
    const cache = new AnswerCache<string>(2);
    await cache.getOrCompute('a', 1, async () => 'a');
    await cache.getOrCompute('b', 1, async () => 'b');
    await cache.getOrCompute('a', 1, async () => 'a2'); // a is now the most recent
    await cache.getOrCompute('c', 1, async () => 'c');
    expect(cache.size).toBe(2);
    expect(await cache.getOrCompute('a', 1, async () => 'a3')).toBe('a');
    expect(await cache.getOrCompute('b', 1, async () => 'b2')).toBe('b2');
  });

  it('refreshes ahead only the answers read lately, most recent first, up to a limit, and not twice', async () => {
    let now = 0;
    const cache = new AnswerCache<string>(10, () => now);
    for (const key of ['old', 'a', 'b', 'c']) {
      await cache.getOrCompute(key, 1, async () => `${key}@1`);
      now += 1000;
    }
    // 'old' was read 4 s ago, the others 3, 2 and 1 s ago; read 'a' again so it is the most recent.
    await cache.getOrCompute('a', 1, async () => 'unused');
    const computed: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const computeFor = (key: string) => async () => {
      computed.push(key);
      await gate;
      return `${key}@2`;
    };
    expect(cache.refreshAhead(2, computeFor, { usedWithinMs: 3500, limit: 2 })).toEqual(['a', 'c']);
    // Already computing generation 2: not started again; 'b' is next in line; 'old' was not read lately.
    expect(cache.refreshAhead(2, computeFor, { usedWithinMs: 3500, limit: 5 })).toEqual(['b']);
    expect(computed).toEqual(['a', 'c', 'b']);
    // Readers meanwhile get the kept answer, or (refusing stale) the one computing, without a computation of their own.
    expect(await cache.getOrCompute('c', 2, async () => 'own')).toBe('c@1');
    const waiting = cache.getOrCompute('c', 2, async () => 'own', { allowStale: false });
    release();
    expect(await waiting).toBe('c@2');
    expect(await cache.getOrCompute('a', 2, async () => 'own')).toBe('a@2');
    // Answers already at the generation are left alone.
    expect(cache.refreshAhead(2, computeFor, { usedWithinMs: 60_000, limit: 10 })).toEqual(['old']);
  });
});
