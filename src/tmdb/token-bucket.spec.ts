import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBucket', () => {
  it('lets a burst of `capacity` through at once, then spaces calls at the rate', () => {
    const time = clock();
    const bucket = new TokenBucket(10, 3, time.now);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 0]);
    expect(bucket.reserve()).toBe(100);
    expect(bucket.reserve()).toBe(200);
  });

  it('queues concurrent callers behind each other instead of letting them all through after one wait', () => {
    const time = clock();
    const bucket = new TokenBucket(4, 1, time.now);
    const waits = Array.from({ length: 5 }, () => bucket.reserve());
    expect(waits).toEqual([0, 250, 500, 750, 1000]);
  });

  it('refills with time, never beyond its capacity', () => {
    const time = clock();
    const bucket = new TokenBucket(10, 2, time.now);
    bucket.reserve();
    bucket.reserve();
    time.advance(10_000);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 100]);
  });

  it('take() waits for its token', async () => {
    const bucket = new TokenBucket(50, 1);
    const started = performance.now();
    await bucket.take();
    await bucket.take();
    await bucket.take();
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('take() gives up as soon as the signal aborts', async () => {
    const bucket = new TokenBucket(1, 1);
    await bucket.take();
    const abort = new AbortController();
    const taking = bucket.take(abort.signal);
    abort.abort(new Error('job cancelled'));
    await expect(taking).rejects.toThrow('job cancelled');
  });

  it('refuses a rate of zero', () => {
    expect(() => new TokenBucket(0)).toThrow(RangeError);
  });
});
