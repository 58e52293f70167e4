/**
 * Answers kept in memory per (question, params), valid for one dataset generation.
 * Bounded: the least recently used entry goes first. Concurrent asks for the same
 * missing answer share one computation; a failed computation is not kept.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  private generation = -1;

  constructor(private readonly maxEntries = 500) {}

  get size(): number {
    return this.entries.size;
  }

  async getOrCompute(key: string, generation: number, compute: () => Promise<T>): Promise<T> {
    if (generation > this.generation) {
      // New data: every kept answer is stale.
      this.entries.clear();
      this.generation = generation;
    } else if (generation < this.generation) {
      // A reader that saw an older version (another replica's write in between): answer it without caching.
      return compute();
    }
    const kept = this.entries.get(key);
    if (kept) {
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept;
    }
    const pending = compute();
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }
}
