interface Entry<T> {
  /** The generation `value` was computed at. */
  generation: number;
  value?: T;
  /** A computation in flight, and the generation it computes. */
  pending?: { generation: number; promise: Promise<T> };
  /** When the last computation ended, and how long it took: paces recomputation while stale answers are served. */
  endedAt?: number;
  tookMs?: number;
  /** When a reader last asked for it: refresh-ahead recomputes only what readers are using. */
  usedAt: number;
}

/**
 * Answers kept in memory per (question, params), bounded (least recently used goes
 * first). Stale-while-revalidate: when the data has moved on, the answer kept is served
 * at once while one recomputation runs, so readers never queue behind an aggregation
 * during an ingest; the answer says which data version it reflects. A key never
 * answered before, or a caller that refuses stale answers, waits for the computation. Concurrent asks share one computation; a
 * failed one is not kept. While stale answers are served and the caller asks to pace (more writes are coming), a key is recomputed at most at a 50% duty
 * cycle (never sooner after the last computation than it took): during an ingest the aggregations
 * then leave the database at least half its time for the writes.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * `allowStale`: the kept answer may be served while a newer one computes. `pace`: hold a
   * recomputation back for the rest period (more writes are coming, so an answer computed now
   * would soon be stale again); without it a stale read starts one at once.
   */
  async getOrCompute(key: string, generation: number, compute: () => Promise<T>, { allowStale = true, pace = true } = {}): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      entry = { generation: -1, usedAt: 0 };
      this.entries.set(key, entry);
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    entry.usedAt = this.now();
    if (entry.value !== undefined && entry.generation >= generation) return entry.value;
    if (entry.pending && entry.pending.generation >= generation) return entry.value !== undefined && allowStale ? entry.value : entry.pending.promise;
    if (entry.value !== undefined && allowStale) {
      // A computation in flight here is for an older generation. While more writes are coming, it is left to
      // finish; once none are, the newest answer is started beside it rather than after it (the older result,
      // should it end last, is not kept: see refresh).
      const resting = pace && (entry.pending !== undefined || (entry.endedAt !== undefined && this.now() - entry.endedAt < (entry.tookMs ?? 0)));
      if (!resting) void this.refresh(entry, generation, compute).catch(() => undefined);
      return entry.value;
    }
    return this.refresh(entry, generation, compute);
  }

  /**
   * Refresh-ahead, for when the data has stopped moving: starts the answers at `generation` for
   * the keys readers asked for in the last `usedWithinMs` (most recent first, at most `limit`)
   * whose kept answer is older and that are not already computing it. Readers who come next find
   * the answer ready or join its computation, instead of each starting one. Returns the keys started.
   */
  refreshAhead(generation: number, computeFor: (key: string) => () => Promise<T>, { usedWithinMs, limit }: { usedWithinMs: number; limit: number }): string[] {
    const since = this.now() - usedWithinMs;
    const started: string[] = [];
    for (const [key, entry] of [...this.entries].reverse()) {
      if (started.length >= limit) break;
      if (entry.usedAt < since || entry.value === undefined || entry.generation >= generation) continue;
      if (entry.pending && entry.pending.generation >= generation) continue;
      void this.refresh(entry, generation, computeFor(key)).catch(() => undefined);
      started.push(key);
    }
    return started;
  }

  private refresh(entry: Entry<T>, generation: number, compute: () => Promise<T>): Promise<T> {
    const started = this.now();
    const promise = compute();
    entry.pending = { generation, promise };
    const ended = () => {
      entry.endedAt = this.now();
      entry.tookMs = entry.endedAt - started;
      if (entry.pending?.promise === promise) entry.pending = undefined;
    };
    promise.then((value) => {
      if (generation >= entry.generation) Object.assign(entry, { generation, value });
      ended();
    }, ended);
    return promise;
  }
}
