import { describe, expect, it } from 'vitest';
import { hashTie, NO_DETAILS, type MovieChange } from '../movies/movie-change.js';
import { MovieStore, NO_YEAR } from './movie-store.js';

function change(over: Partial<MovieChange> = {}): MovieChange {
  return {
    tmdbId: 1,
    title: 'One',
    observedAt: 1_000,
    contentHash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA',
    updatedAt: 5_000,
    originalLanguage: 'en',
    genres: [{ id: 18, name: 'Drama' }],
    releaseYear: 2000,
    budget: 100,
    revenue: 300,
    voteAverage: 7.5,
    voteCount: 10,
    ...NO_DETAILS,
    ...over,
  };
}

describe('MovieStore apply rule', () => {
  it('takes a newer version, ignores an older one, and treats the same version as a no-op', () => {
    const store = new MovieStore();
    expect(store.apply(change())).toBe(true);
    const slot = store.slotOf(1);
    expect(store.apply(change({ observedAt: 2_000, budget: 200 }))).toBe(true);
    expect(store.budget[slot]).toBe(200);
    // Older: ignored, the newer values stay.
    expect(store.apply(change({ observedAt: 1_500, budget: 999 }))).toBe(false);
    expect(store.budget[slot]).toBe(200);
    // The same version again: a no-op, nothing counted as a change.
    const changes = store.changes;
    expect(store.apply(change({ observedAt: 2_000, budget: 200 }))).toBe(false);
    expect(store.changes).toBe(changes);
    expect(store.size).toBe(1);
  });

  it('breaks a tie of observedAt by the content hash, the same way whatever the arrival order', () => {
    const low = change({ contentHash: 'AAAAAAAAAAAA', budget: 1 });
    const high = change({ contentHash: '_____AAAAAAA', budget: 2 });
    expect(hashTie(high.contentHash)).toBeGreaterThan(hashTie(low.contentHash));
    const a = new MovieStore();
    a.apply(low);
    a.apply(high);
    const b = new MovieStore();
    b.apply(high);
    b.apply(low);
    expect(a.budget[a.slotOf(1)]).toBe(2);
    expect(b.budget[b.slotOf(1)]).toBe(2);
  });

  it('replaces every column of a movie on an upsert: language, genres, year, money and votes move', () => {
    const store = new MovieStore();
    store.apply(change());
    store.apply(
      change({
        observedAt: 2_000,
        originalLanguage: 'fr',
        genres: [{ id: 35, name: 'Comedy' }],
        releaseYear: null,
        budget: 0,
        revenue: 7,
        voteAverage: 5,
        voteCount: 3,
      }),
    );
    const slot = store.slotOf(1);
    expect(store.languages[store.language[slot]!]).toBe('fr');
    expect(store.genresOf(slot)).toEqual([{ id: 35, name: 'Comedy' }]);
    expect(store.year[slot]).toBe(NO_YEAR);
    expect([store.budget[slot], store.revenue[slot], store.voteAverage[slot], store.voteCount[slot]]).toEqual([0, 7, 5, 3]);
  });

  it('keeps one slot per id as it grows past its capacity, and finds every id again', () => {
    const store = new MovieStore(4);
    const ids = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 1_000_003);
    for (const id of ids) store.apply(change({ tmdbId: id + 1 }));
    for (const id of ids) store.apply(change({ tmdbId: id + 1 })); // replay: no new slots
    expect(store.size).toBe(5000);
    for (const id of ids) expect(store.ids[store.slotOf(id + 1)]).toBe(id + 1);
    expect(store.slotOf(2_000_000)).toBe(-1);
  });

  it('deduplicates a genre listed twice on one movie and reports its bytes per movie', () => {
    const store = new MovieStore();
    store.apply(
      change({
        genres: [
          { id: 18, name: 'Drama' },
          { id: 18, name: 'Drama' },
        ],
      }),
    );
    expect(store.genresOf(store.slotOf(1))).toEqual([{ id: 18, name: 'Drama' }]);
    expect(store.bytesPerMovie()).toBeGreaterThan(0);
  });
});

describe('MovieStore titles', () => {
  it('keeps every title through growth and compaction of its arena, the newest version winning', () => {
    const store = new MovieStore(4);
    const titleOf = (id: number, v: number) => `Título ${id} — v${v} ${'x'.repeat((id * 7 + v) % 40)}`;
    // Many rounds of replacing every title: the arena fills with replaced ones and is compacted on the way.
    for (let v = 1; v <= 30; v++) for (let id = 1; id <= 3000; id++) store.apply(change({ tmdbId: id, title: titleOf(id, v), observedAt: v }));
    for (let id = 1; id <= 3000; id++) expect(store.titleOf(store.slotOf(id))).toBe(titleOf(id, 30));
    // Compaction kept the arena near the live titles, not thirty versions of them.
    expect(store.titleBytesPerMovie()).toBeLessThan(200);
  });
});
