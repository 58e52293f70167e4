import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { spearman } from '../statistics.js';
import { closeSpearmanWorker, SpearmanWorker, spearmanOffThread } from './spearman-worker.js';
import { seededRandom } from './test-movies.js';

/** Random series with many ties (values drawn from a few), y loosely following x. */
function series(seed: number, n: number, distinct: number): { x: Float64Array; y: Float64Array } {
  const random = seededRandom(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.floor(random() * distinct) * 1e5;
    y[i] = random() < 0.5 ? x[i]! * 3 + Math.floor(random() * distinct) : Math.floor(random() * distinct) * 7.5;
  }
  return { x, y };
}

describe('SpearmanWorker', () => {
  const worker = new SpearmanWorker();
  afterAll(async () => {
    await worker.close();
    await closeSpearmanWorker();
  });

  it('computes exactly what statistics.spearman computes, ties included', async () => {
    for (const [seed, n, distinct] of [
      [1, 2, 2],
      [2, 10, 3],
      [3, 1000, 20],
      [4, 20000, 500],
      [5, 5000, 1e6],
    ]) {
      const { x, y } = series(seed!, n!, distinct!);
      expect(await worker.spearman(x, y), `seed ${seed}`).toBe(spearman(x, y));
    }
    expect(await worker.spearman([1, 2, 3, 4], [10, 20, 20, 5])).toBe(spearman([1, 2, 3, 4], [10, 20, 20, 5]));
    // Negative numbers, −0 tied with +0, infinities, subnormals: the radix order of the bits must agree with numeric order.
    const random = seededRandom(9);
    const special = [0, -0, 1, -1, 2.5, -2.5, -1e300, 1e300, 5e-324, -5e-324, Infinity, -Infinity, 0.1, -0.1, 2 ** 52 + 1];
    const x = Array.from({ length: 3000 }, () => special[Math.floor(random() * special.length)]!);
    const y = Array.from({ length: 3000 }, (_, i) => (random() < 0.5 ? x[i]! : special[Math.floor(random() * special.length)]!));
    expect(await worker.spearman(x, y)).toBe(spearman(x, y));
  });

  it('answers null as statistics.spearman does, and refuses unequal series', async () => {
    expect(await worker.spearman([], [])).toBeNull();
    expect(await worker.spearman([1], [2])).toBeNull();
    expect(await worker.spearman([3, 3, 3], [1, 2, 3])).toBeNull();
    await expect(worker.spearman([1, 2], [1])).rejects.toThrow(/pairs/);
  });

  it('resolves concurrent requests each with its own answer, and leaves the callers’ arrays alone', async () => {
    const a = series(10, 30000, 50);
    const b = series(11, 3000, 7);
    const before = Float64Array.from(a.x);
    const [ra, rb, rc] = await Promise.all([worker.spearman(a.x, a.y), worker.spearman(b.x, b.y), spearmanOffThread(b.y, b.x)]);
    expect(ra).toBe(spearman(a.x, a.y));
    expect(rb).toBe(spearman(b.x, b.y));
    expect(rc).toBe(spearman(b.y, b.x));
    expect(ra).not.toBe(rb);
    expect(a.x).toEqual(before);
    expect(a.x.byteLength).toBe(30000 * 8);
  });

  it('rejects what is pending when the worker dies, and starts a new one next time', async () => {
    const dying = new SpearmanWorker();
    const { x, y } = series(20, 200000, 1000);
    const first = expect(dying.spearman(x, y)).rejects.toThrow(/exited/);
    const queued = expect(dying.spearman(x, y)).rejects.toThrow(/exited/);
    const thread = (dying as unknown as { worker: Worker }).worker;
    await thread.terminate();
    await first;
    await queued;
    expect(await dying.spearman([1, 2, 3], [1, 3, 2])).toBe(spearman([1, 2, 3], [1, 3, 2]));
    await dying.close();
    await expect(dying.close()).resolves.toBeUndefined();
  });

  it('rejects pending requests on close', async () => {
    const closing = new SpearmanWorker();
    const { x, y } = series(30, 100000, 100);
    const pending = expect(closing.spearman(x, y)).rejects.toThrow(/closed/);
    await closing.close();
    await pending;
  });
});
