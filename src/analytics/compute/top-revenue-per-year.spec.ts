import { describe, expect, it } from 'vitest';
import type { MovieChange } from '../../read-model/movie-store.js';
import type { TopRevenuePerYearParams } from '../pipelines/top-revenue-per-year.pipeline.js';
import { computeTopRevenuePerYear } from './top-revenue-per-year.js';
import { expectedRow, movie, randomChanges, storeOf } from './test-movies.js';

/** The topRevenuePerYear pipeline ($sort year, revenue desc, id; $group $push; $slice n), written out over the movies held. */
function expected(movies: readonly MovieChange[], { n, from, to }: TopRevenuePerYearParams) {
  const matched = movies.filter(
    (m) => m.revenue > 0 && m.releaseYear !== null && (from === null || m.releaseYear >= from) && (to === null || m.releaseYear <= to),
  );
  const sorted = [...matched].sort((a, b) => a.releaseYear! - b.releaseYear! || b.revenue - a.revenue || a.tmdbId - b.tmdbId);
  const items: { year: number; count: number; movies: ReturnType<typeof expectedRow>[] }[] = [];
  for (const m of sorted) {
    let item = items[items.length - 1];
    if (!item || item.year !== m.releaseYear) {
      item = { year: m.releaseYear!, count: 0, movies: [] };
      items.push(item);
    }
    item.count++;
    if (item.movies.length < n) item.movies.push(expectedRow(m));
  }
  return { considered: matched.length, items };
}

describe('computeTopRevenuePerYear', () => {
  it('lists each year’s n highest-revenue movies, ties to the lower id, oldest year first', () => {
    const { store } = storeOf([
      movie({ tmdbId: 8, releaseYear: 2001, budget: 10, revenue: 500 }),
      movie({ tmdbId: 4, releaseYear: 2001, revenue: 500 }),
      movie({ tmdbId: 6, releaseYear: 2001, revenue: 900 }),
      movie({ tmdbId: 2, releaseYear: 2001, revenue: 100 }),
      movie({ tmdbId: 5, releaseYear: 1999, revenue: 50 }),
      movie({ tmdbId: 3, releaseYear: 1999, revenue: 0 }),
      movie({ tmdbId: 1, releaseYear: null, revenue: 1e9 }),
    ]);
    expect(computeTopRevenuePerYear(store, { n: 2, from: null, to: null })).toEqual({
      considered: 5,
      items: [
        { year: 1999, count: 1, movies: [{ tmdbId: 5, title: '', year: 1999, budget: 0, revenue: 50, profit: null }] },
        {
          year: 2001,
          count: 4,
          movies: [
            { tmdbId: 6, title: '', year: 2001, budget: 0, revenue: 900, profit: null },
            { tmdbId: 4, title: '', year: 2001, budget: 0, revenue: 500, profit: null },
          ],
        },
      ],
    });
    const later = computeTopRevenuePerYear(store, { n: 3, from: 2000, to: 2100 });
    expect(later.considered).toBe(4);
    expect(later.items.map((i) => [i.year, i.count, i.movies.map((m) => m.tmdbId)])).toEqual([[2001, 4, [6, 4, 8]]]);
    expect(later.items[0]!.movies[2]!.profit).toBe(490);
    expect(computeTopRevenuePerYear(store, { n: 3, from: 1990, to: 1999 }).items.map((i) => i.year)).toEqual([1999]);
    expect(computeTopRevenuePerYear(store, { n: 3, from: 2002, to: 2002 })).toEqual({ considered: 0, items: [] });
  });

  it('follows upserts of revenue and year and ignores an older version', () => {
    const { store, movies } = storeOf([
      movie({ tmdbId: 1, observedAt: 1, releaseYear: 2000, revenue: 100 }),
      movie({ tmdbId: 2, observedAt: 1, releaseYear: 2000, revenue: 200 }),
      movie({ tmdbId: 1, observedAt: 2, releaseYear: 2005, revenue: 100 }),
      movie({ tmdbId: 2, observedAt: 2, releaseYear: 2000, revenue: 0 }),
      movie({ tmdbId: 2, observedAt: 1.5, releaseYear: 2000, revenue: 300 }),
    ]);
    const params = { n: 5, from: null, to: null };
    expect(computeTopRevenuePerYear(store, params).items.map((i) => [i.year, i.count])).toEqual([[2005, 1]]);
    expect(computeTopRevenuePerYear(store, params)).toEqual(expected(movies, params));
  });

  it('matches the aggregation on seeded random movies for many parameters', () => {
    for (const seed of [51, 52, 53, 54]) {
      const { store, movies } = storeOf(randomChanges(seed, { movies: 2500, updates: 1000, inIdOrder: seed % 2 === 0, firstYear: 1990, years: 30 }));
      for (const n of [1, 2, 5, 100]) {
        for (const [from, to] of [
          [null, null],
          [2000, null],
          [null, 1995],
          [2003, 2003],
          [1870, 2100],
        ] as const) {
          const params = { n, from, to };
          expect(computeTopRevenuePerYear(store, params), JSON.stringify({ seed, ...params })).toEqual(expected(movies, params));
        }
      }
    }
  });
});
