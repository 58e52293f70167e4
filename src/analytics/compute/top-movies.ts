import { NO_YEAR, type MovieStore } from '../../read-model/movie-store.js';
import type { MovieItem, TopMoviesAnswer } from '../dto/answer.view.js';
import type { TopMoviesParams } from '../pipelines/top-movies.pipeline.js';

/** What the top-movies answer holds besides the envelope; titles are left '' for the caller to fill from MongoDB by id. */
export type TopMoviesResult = Pick<TopMoviesAnswer, 'considered' | 'items'>;

/**
 * The movie row every movie-valued answer uses (MOVIE_FIELDS): `year` is the release year or null,
 * `profit` is revenue − budget only when both are known (> 0), as the mapper stores it. `title` is ''.
 */
export function movieRowOf(store: MovieStore, slot: number): MovieItem {
  const budget = store.budget[slot]!;
  const revenue = store.revenue[slot]!;
  const year = store.year[slot]!;
  return {
    tmdbId: store.ids[slot]!,
    title: '',
    year: year === NO_YEAR ? null : year,
    budget,
    revenue,
    profit: budget > 0 && revenue > 0 ? revenue - budget : null,
  };
}

/** A money floor as `atLeast` (movie-fields.ts) applies it: the field must be known (> 0) and at least the floor. */
export function moneyFloor(floor: number): number {
  return Math.max(1, floor);
}

/**
 * The best `capacity` entries offered, by key (greater is better), ties to the lower TMDB id.
 * A binary heap whose root is the worst entry kept: O(log capacity) per offer, and an entry
 * that cannot make it is turned away after one comparison. No allocation per offer.
 */
export class BoundedTop {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  private readonly slots: Int32Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
    this.slots = new Int32Array(capacity);
  }

  offer(key: number, id: number, slot: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const slots = this.slots;
    if (this.size < this.capacity) {
      // Sift up from the new leaf: parents are worse than (or equal to) their children.
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const pk = keys[parent]!;
        if (!(key < pk || (key === pk && id > ids[parent]!))) break;
        keys[i] = pk;
        ids[i] = ids[parent]!;
        slots[i] = slots[parent]!;
        i = parent;
      }
      keys[i] = key;
      ids[i] = id;
      slots[i] = slot;
      return;
    }
    if (this.capacity === 0) return;
    const rootKey = keys[0]!;
    // Not better than the worst kept: turned away.
    if (!(key > rootKey || (key === rootKey && id < ids[0]!))) return;
    // Replace the root and sift down.
    const size = this.size;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      let worst = left;
      const right = left + 1;
      if (right < size) {
        const lk = keys[left]!;
        const rk = keys[right]!;
        if (rk < lk || (rk === lk && ids[right]! > ids[left]!)) worst = right;
      }
      const wk = keys[worst]!;
      if (!(wk < key || (wk === key && ids[worst]! > id))) break;
      keys[i] = wk;
      ids[i] = ids[worst]!;
      slots[i] = slots[worst]!;
      i = worst;
    }
    keys[i] = key;
    ids[i] = id;
    slots[i] = slot;
  }

  /** The slots kept, best first (greater key, then lower id). */
  bestFirst(): number[] {
    const order = Array.from({ length: this.size }, (_, i) => i);
    const keys = this.keys;
    const ids = this.ids;
    order.sort((a, b) => (keys[a]! !== keys[b]! ? (keys[a]! > keys[b]! ? -1 : 1) : ids[a]! - ids[b]!));
    return order.map((i) => this.slots[i]!);
  }
}

/**
 * The first `limit` movies by `by` in the order asked, ties to the lower TMDB id (as topMovies' $sort then $limit).
 * A movie counts when its measure is known: budget ≥ max(1, minBudget) for budget, revenue ≥ max(1, minRevenue)
 * for revenue, both for profit. considered = movies that count. O(n log limit), one pass.
 */
export function computeTopMovies(store: MovieStore, { by, order, limit, minBudget, minRevenue }: TopMoviesParams): TopMoviesResult {
  const top = new BoundedTop(Math.max(0, Math.floor(limit)));
  const sign = order === 'asc' ? -1 : 1;
  const fb = moneyFloor(minBudget);
  const fr = moneyFloor(minRevenue);
  const n = store.size;
  const ids = store.ids;
  const budgets = store.budget;
  const revenues = store.revenue;
  let considered = 0;
  if (by === 'budget') {
    for (let s = 0; s < n; s++) {
      const b = budgets[s]!;
      if (b < fb) continue;
      considered++;
      top.offer(sign * b, ids[s]!, s);
    }
  } else if (by === 'revenue') {
    for (let s = 0; s < n; s++) {
      const r = revenues[s]!;
      if (r < fr) continue;
      considered++;
      top.offer(sign * r, ids[s]!, s);
    }
  } else {
    for (let s = 0; s < n; s++) {
      const b = budgets[s]!;
      if (b < fb) continue;
      const r = revenues[s]!;
      if (r < fr) continue;
      considered++;
      top.offer(sign * (r - b), ids[s]!, s);
    }
  }
  return { considered, items: top.bestFirst().map((slot) => movieRowOf(store, slot)) };
}
