import { Worker } from 'node:worker_threads';

/** What the worker receives: copies of the two series (their buffers are transferred, not cloned). */
interface SpearmanRequest {
  x: Float64Array<ArrayBuffer>;
  y: Float64Array<ArrayBuffer>;
}

/** What the worker answers: rho (null when undefined), or why it could not. */
type SpearmanReply = { rho: number | null } | { error: string };

/** The side of the channel the worker function sees. */
interface Port {
  on(event: 'message', listener: (request: SpearmanRequest) => void): unknown;
  postMessage(reply: SpearmanReply): void;
}

/**
 * The worker's whole program. It is serialized with Function.prototype.toString and evaluated in the worker,
 * so it must stay self-contained: no imports, no outer names, nothing a compiler would turn into a helper.
 *
 * Spearman's rho exactly as `spearman` in statistics.ts computes it: average ranks (tied values share the
 * mean of the ranks they span: exact half-integers, however the order is found), then Pearson's r of the
 * ranks with the same sums in the same order, so the double that comes out is the same. (No NaN: it has no rank.)
 */
function spearmanWorkerMain(port: Port): void {
  /**
   * Ranks from 1, tied values sharing the mean of the ranks they span. The order comes from an LSD radix sort
   * of the doubles' bits (made to sort as unsigned integers: negatives flipped whole, positives' sign bit set),
   * 16 bits a pass, passes where every key has the same digit skipped: O(n), no comparator calls. −0 and +0
   * sort next to each other and are tied by the equality test, as the comparator sort in statistics.ts ties them.
   */
  function averageRanks(values: Float64Array): Float64Array {
    const n = values.length;
    const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
    const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
    const loWord = littleEndian ? 0 : 1;
    const hiWord = littleEndian ? 1 : 0;
    let keyHi = new Uint32Array(n);
    let keyLo = new Uint32Array(n);
    let index = new Uint32Array(n);
    let nextHi = new Uint32Array(n);
    let nextLo = new Uint32Array(n);
    let nextIndex = new Uint32Array(n);
    const DIGITS = 65536;
    const counts = new Uint32Array(4 * DIGITS);
    for (let i = 0; i < n; i++) {
      let hi = words[2 * i + hiWord]!;
      let lo = words[2 * i + loWord]!;
      if (hi >= 0x80000000) {
        hi = ~hi >>> 0;
        lo = ~lo >>> 0;
      } else {
        hi = (hi | 0x80000000) >>> 0;
      }
      keyHi[i] = hi;
      keyLo[i] = lo;
      index[i] = i;
      counts[lo & 0xffff]!++;
      counts[DIGITS + (lo >>> 16)]!++;
      counts[2 * DIGITS + (hi & 0xffff)]!++;
      counts[3 * DIGITS + (hi >>> 16)]!++;
    }
    for (let pass = 0; pass < 4; pass++) {
      const base = pass * DIGITS;
      let total = 0;
      let single = false;
      for (let d = 0; d < DIGITS; d++) {
        const c = counts[base + d]!;
        if (c === n) {
          single = true;
          break;
        }
        counts[base + d] = total;
        total += c;
      }
      if (single) continue;
      const shift = pass % 2 === 0 ? 0 : 16;
      if (pass < 2) {
        for (let i = 0; i < n; i++) {
          const at = counts[base + ((keyLo[i]! >>> shift) & 0xffff)]!++;
          nextHi[at] = keyHi[i]!;
          nextLo[at] = keyLo[i]!;
          nextIndex[at] = index[i]!;
        }
        const lo = keyLo;
        keyLo = nextLo;
        nextLo = lo;
      } else {
        // The low word is not read again.
        for (let i = 0; i < n; i++) {
          const at = counts[base + ((keyHi[i]! >>> shift) & 0xffff)]!++;
          nextHi[at] = keyHi[i]!;
          nextIndex[at] = index[i]!;
        }
      }
      const hi = keyHi;
      keyHi = nextHi;
      nextHi = hi;
      const order = index;
      index = nextIndex;
      nextIndex = order;
    }
    const ranks = new Float64Array(n);
    let start = 0;
    while (start < n) {
      const value = values[index[start]!]!;
      let end = start;
      while (end + 1 < n && values[index[end + 1]!] === value) end++;
      const rank = (start + end) / 2 + 1;
      for (let k = start; k <= end; k++) ranks[index[k]!] = rank;
      start = end + 1;
    }
    return ranks;
  }

  function mean(values: Float64Array): number {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i]!;
    return sum / values.length;
  }

  function pearson(xs: Float64Array, ys: Float64Array): number | null {
    if (xs.length < 2) return null;
    const mx = mean(xs);
    const my = mean(ys);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < xs.length; i++) {
      const dx = xs[i]! - mx;
      const dy = ys[i]! - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    if (sxx === 0 || syy === 0) return null;
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  }

  port.on('message', (request: SpearmanRequest) => {
    try {
      const { x, y } = request;
      if (x.length !== y.length) throw new Error(`spearman needs pairs: ${x.length} x against ${y.length} y`);
      port.postMessage({ rho: x.length < 2 ? null : pearson(averageRanks(x), averageRanks(y)) });
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
  });
}

/** The worker's source: the function above, handed its port. */
const WORKER_SOURCE = `'use strict';\nconst { parentPort } = require('node:worker_threads');\n(${spearmanWorkerMain.toString()})(parentPort);\n`;

interface Job extends SpearmanRequest {
  resolve: (rho: number | null) => void;
  reject: (error: Error) => void;
}

/**
 * Spearman's rho off the event loop: one long-lived worker thread, started on first use and `unref()`ed
 * (it never keeps the process alive), fed one request at a time from a queue. Each request sends copies of
 * the series (the callers' arrays, such as a store's columns, are never transferred or changed). When the
 * worker dies, every pending request is rejected and the next request starts a new worker. `close()` ends it.
 */
export class SpearmanWorker {
  private worker: Worker | null = null;
  private running: Job | null = null;
  private readonly queue: Job[] = [];

  /** Rho of x against y, as `spearman` in statistics.ts: null with fewer than two pairs or no spread. */
  spearman(x: ArrayLike<number>, y: ArrayLike<number>): Promise<number | null> {
    if (x.length !== y.length) return Promise.reject(new Error(`spearman needs pairs: ${x.length} x against ${y.length} y`));
    if (x.length < 2) return Promise.resolve(null);
    // Copied now: the caller may change its arrays once this returns, and the copies' buffers are transferred.
    const copyX = x instanceof Float64Array ? x.slice() : Float64Array.from(x);
    const copyY = y instanceof Float64Array ? y.slice() : Float64Array.from(y);
    return new Promise<number | null>((resolve, reject) => {
      this.queue.push({ x: copyX, y: copyY, resolve, reject });
      this.next();
    });
  }

  /** Stops the worker; pending requests are rejected. A later request starts a new worker. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failPending(new Error('spearman worker closed'));
    if (worker) await worker.terminate();
  }

  private next(): void {
    while (!this.running && this.queue.length > 0) {
      const job = this.queue.shift()!;
      try {
        const worker = this.started();
        this.running = job;
        worker.postMessage({ x: job.x, y: job.y } satisfies SpearmanRequest, [job.x.buffer, job.y.buffer]);
      } catch (error) {
        this.running = null;
        job.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    let failure: Error | null = null;
    worker.on('message', (reply: SpearmanReply) => {
      if (this.worker !== worker) return;
      const job = this.running;
      this.running = null;
      if (job) {
        if ('error' in reply) job.reject(new Error(reply.error));
        else job.resolve(reply.rho);
      }
      this.next();
    });
    worker.on('error', (error: Error) => (failure = error));
    worker.on('messageerror', (error: Error) => {
      // A reply that could not be read: that request fails, the worker goes on.
      if (this.worker !== worker) return;
      const job = this.running;
      this.running = null;
      job?.reject(error);
      this.next();
    });
    worker.on('exit', (code: number) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failPending(new Error(`spearman worker exited (code ${code})${failure ? `: ${failure.message}` : ''}`));
    });
    this.worker = worker;
    return worker;
  }

  private failPending(error: Error): void {
    const pending = this.running ? [this.running, ...this.queue] : [...this.queue];
    this.running = null;
    this.queue.length = 0;
    for (const job of pending) job.reject(error);
  }
}

let shared: SpearmanWorker | null = null;

/** Spearman's rho on the process's one shared worker (started on first use). */
export function spearmanOffThread(x: ArrayLike<number>, y: ArrayLike<number>): Promise<number | null> {
  shared ??= new SpearmanWorker();
  return shared.spearman(x, y);
}

/** Stops the shared worker (pending requests are rejected); the next request starts a new one. */
export async function closeSpearmanWorker(): Promise<void> {
  await shared?.close();
}
