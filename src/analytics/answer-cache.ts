interface Entry<T> {
  /** The generation `value` was computed at. */
  generation: number;
  value?: T;
  /** A computation in flight, and the generation it computes. */
  pending?: { generation: number; promise: Promise<T> };
}

/**
 * Answers kept in memory per (question, params), bounded (least recently used goes
 * first). Stale-while-revalidate: when the data has moved on, the answer kept is served
 * at once while one recomputation runs, so readers never queue behind an aggregation
 * during an ingest; the answer says which data version it reflects. A key never
 * answered before, or a caller that refuses stale answers, waits for the computation. Concurrent asks share one computation; a
 * failed one is not kept.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly maxEntries = 500) {}

  get size(): number {
    return this.entries.size;
  }

  async getOrCompute(key: string, generation: number, compute: () => Promise<T>, { allowStale = true } = {}): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      entry = { generation: -1 };
      this.entries.set(key, entry);
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    if (entry.value !== undefined && entry.generation >= generation) return entry.value;
    const refresh = entry.pending && entry.pending.generation >= generation ? entry.pending.promise : this.refresh(entry, generation, compute);
    return entry.value !== undefined && allowStale ? entry.value : refresh;
  }

  private refresh(entry: Entry<T>, generation: number, compute: () => Promise<T>): Promise<T> {
    const promise = compute();
    entry.pending = { generation, promise };
    promise.then(
      (value) => {
        if (generation >= entry.generation) Object.assign(entry, { generation, value });
        if (entry.pending?.promise === promise) entry.pending = undefined;
      },
      () => {
        if (entry.pending?.promise === promise) entry.pending = undefined;
      },
    );
    return promise;
  }
}
