import { describe, expect, it } from 'vitest';
import type { MovieChange } from '../../read-model/movie-store.js';
import type { TopMoviesParams } from '../pipelines/top-movies.pipeline.js';
import { BoundedTop, computeTopMovies } from './top-movies.js';
import { expectedRow, movie, randomChanges, seededRandom, storeOf } from './test-movies.js';

/** The topMovies pipeline ($match, $sort by the measure then tmdbId, $limit), written out over the movies held. */
function expected(movies: readonly MovieChange[], { by, order, limit, minBudget, minRevenue }: TopMoviesParams) {
  const budgetFloor = Math.max(1, minBudget);
  const revenueFloor = Math.max(1, minRevenue);
  const counts = (m: MovieChange) =>
    by === 'budget' ? m.budget >= budgetFloor : by === 'revenue' ? m.revenue >= revenueFloor : m.budget >= budgetFloor && m.revenue >= revenueFloor;
  const value = (m: MovieChange) => (by === 'budget' ? m.budget : by === 'revenue' ? m.revenue : m.revenue - m.budget);
  const direction = order === 'asc' ? 1 : -1;
  const matched = movies.filter(counts);
  const sorted = [...matched].sort((a, b) => (value(a) !== value(b) ? direction * (value(a) - value(b)) : a.tmdbId - b.tmdbId));
  return { considered: matched.length, items: sorted.slice(0, limit).map(expectedRow) };
}

describe('computeTopMovies', () => {
  const changes = [
    movie({ tmdbId: 9, budget: 100, revenue: 1000 }),
    movie({ tmdbId: 3, budget: 100, revenue: 1000 }),
    movie({ tmdbId: 5, budget: 300, revenue: 0 }),
    movie({ tmdbId: 7, budget: 0, revenue: 5000 }),
    movie({ tmdbId: 1, budget: 1000, revenue: 1800 }),
    movie({ tmdbId: 2, budget: 50, revenue: 500, releaseYear: null }),
  ];

  it('ranks by profit, budget or revenue in either order, ties to the lower id, only where the measure is known', () => {
    const { store } = storeOf(changes);
    const ids = (params: Partial<TopMoviesParams>) =>
      computeTopMovies(store, { by: 'profit', order: 'desc', limit: 10, minBudget: 0, minRevenue: 0, ...params }).items.map((i) => i.tmdbId);
    expect(ids({})).toEqual([3, 9, 1, 2]);
    expect(ids({ order: 'asc' })).toEqual([2, 1, 3, 9]);
    expect(ids({ by: 'budget' })).toEqual([1, 5, 3, 9, 2]);
    expect(ids({ by: 'budget', order: 'asc' })).toEqual([2, 3, 9, 5, 1]);
    expect(ids({ by: 'revenue' })).toEqual([7, 1, 3, 9, 2]);
    expect(ids({ by: 'revenue', order: 'asc', limit: 2 })).toEqual([2, 3]);
    expect(ids({ by: 'budget', minBudget: 100, minRevenue: 1e9 })).toEqual([1, 5, 3, 9]);
    expect(ids({ minBudget: 100, minRevenue: 1000, limit: 1 })).toEqual([3]);
    const answer = computeTopMovies(store, { by: 'profit', order: 'asc', limit: 1, minBudget: 0, minRevenue: 0 });
    expect(answer).toEqual({ considered: 4, items: [{ tmdbId: 2, title: '', year: null, budget: 50, revenue: 500, profit: 450 }] });
  });

  it('follows upserts and ignores an older version', () => {
    const { store, movies } = storeOf([
      ...changes,
      movie({ tmdbId: 1, observedAt: 2, budget: 1000, revenue: 0 }),
      movie({ tmdbId: 3, observedAt: 2, budget: 1, revenue: 1e9 }),
      movie({ tmdbId: 3, observedAt: 1.5, budget: 1e9, revenue: 1 }),
    ]);
    const params: TopMoviesParams = { by: 'profit', order: 'desc', limit: 2, minBudget: 0, minRevenue: 0 };
    expect(computeTopMovies(store, params).items.map((i) => i.tmdbId)).toEqual([3, 9]);
    expect(computeTopMovies(store, params)).toEqual(expected(movies, params));
  });

  it('keeps the best few in a bounded heap whatever order they arrive in', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 200; round++) {
      const capacity = 1 + Math.floor(random() * 8);
      const entries = Array.from({ length: Math.floor(random() * 40) }, (_, i) => ({ key: Math.floor(random() * 6) - 3, id: i * 7 + 1 }));
      entries.sort(() => random() - 0.5);
      const top = new BoundedTop(capacity);
      entries.forEach((e, slot) => top.offer(e.key, e.id, slot));
      const best = [...entries].sort((a, b) => b.key - a.key || a.id - b.id).slice(0, capacity);
      expect(top.bestFirst().map((slot) => entries[slot]!.id)).toEqual(best.map((e) => e.id));
    }
  });

  it('matches the aggregation on seeded random movies for many parameters', () => {
    for (const seed of [41, 42, 43, 44]) {
      const { store, movies } = storeOf(randomChanges(seed, { movies: 2000, updates: 1000, inIdOrder: seed % 2 === 0 }));
      for (const by of ['profit', 'budget', 'revenue'] as const) {
        for (const order of ['desc', 'asc'] as const) {
          for (const limit of [1, 3, 20, 100]) {
            for (const [minBudget, minRevenue] of [
              [0, 0],
              [1000, 1000],
              [999, 1e6],
              [5e6, 0],
              [1e12, 1e12],
            ]) {
              const params = { by, order, limit, minBudget: minBudget!, minRevenue: minRevenue! };
              expect(computeTopMovies(store, params), JSON.stringify({ seed, ...params })).toEqual(expected(movies, params));
            }
          }
        }
      }
    }
  });
});
