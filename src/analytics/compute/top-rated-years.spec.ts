import { describe, expect, it } from 'vitest';
import type { MovieChange } from '../../read-model/movie-store.js';
import type { TopRatedPerYearParams } from '../pipelines/top-rated-per-year.pipeline.js';
import { computeTopRatedYears } from './top-rated-years.js';
import { movie, randomChanges, storeOf } from './test-movies.js';

/** The topRatedPerYear pipeline and the service's most/fewest, written out over the movies held. */
function expected(movies: readonly MovieChange[], { minRating, minVotes, from, to }: TopRatedPerYearParams) {
  const matched = movies.filter(
    (m) =>
      m.voteAverage >= minRating &&
      m.voteCount >= minVotes &&
      m.releaseYear !== null &&
      (from === null || m.releaseYear >= from) &&
      (to === null || m.releaseYear <= to),
  );
  const counts = new Map<number, number>();
  for (const m of matched) counts.set(m.releaseYear!, (counts.get(m.releaseYear!) ?? 0) + 1);
  const items = [...counts].map(([year, count]) => ({ year, count })).sort((a, b) => a.year - b.year);
  const most = Math.max(...items.map((i) => i.count));
  const fewest = Math.min(...items.map((i) => i.count));
  return { considered: matched.length, items, most: items.filter((i) => i.count === most), fewest: items.filter((i) => i.count === fewest) };
}

describe('computeTopRatedYears', () => {
  it('counts top-rated movies per year within the range, lists every tie for most and fewest', () => {
    const { store } = storeOf([
      movie({ tmdbId: 1, releaseYear: 1999, voteAverage: 7, voteCount: 100 }),
      movie({ tmdbId: 2, releaseYear: 1999, voteAverage: 8, voteCount: 100 }),
      movie({ tmdbId: 3, releaseYear: 2001, voteAverage: 9, voteCount: 100 }),
      movie({ tmdbId: 4, releaseYear: 2001, voteAverage: 7.5, voteCount: 200 }),
      movie({ tmdbId: 5, releaseYear: 2003, voteAverage: 6.99, voteCount: 1000 }),
      movie({ tmdbId: 6, releaseYear: 2003, voteAverage: 10, voteCount: 99 }),
      movie({ tmdbId: 7, releaseYear: null, voteAverage: 10, voteCount: 1000 }),
      movie({ tmdbId: 8, releaseYear: 2005, voteAverage: 7, voteCount: 100 }),
      movie({ tmdbId: 9, releaseYear: 1874, voteAverage: 7, voteCount: 100 }),
    ]);
    expect(computeTopRatedYears(store, { minRating: 7, minVotes: 100, from: null, to: null })).toEqual({
      considered: 6,
      items: [
        { year: 1874, count: 1 },
        { year: 1999, count: 2 },
        { year: 2001, count: 2 },
        { year: 2005, count: 1 },
      ],
      most: [
        { year: 1999, count: 2 },
        { year: 2001, count: 2 },
      ],
      fewest: [
        { year: 1874, count: 1 },
        { year: 2005, count: 1 },
      ],
    });
    expect(computeTopRatedYears(store, { minRating: 7, minVotes: 100, from: 2000, to: 2004 })).toEqual({
      considered: 2,
      items: [{ year: 2001, count: 2 }],
      most: [{ year: 2001, count: 2 }],
      fewest: [{ year: 2001, count: 2 }],
    });
    expect(computeTopRatedYears(store, { minRating: 7, minVotes: 100, from: 2002, to: 2004 })).toEqual({ considered: 0, items: [], most: [], fewest: [] });
    expect(computeTopRatedYears(store, { minRating: 7.5, minVotes: 150, from: 2001, to: 2001 }).items).toEqual([{ year: 2001, count: 1 }]);
  });

  it('follows upserts (rating, votes, year) and ignores an older version', () => {
    const { store, movies } = storeOf([
      movie({ tmdbId: 1, observedAt: 5, releaseYear: 2000, voteAverage: 8, voteCount: 100 }),
      movie({ tmdbId: 2, observedAt: 5, releaseYear: 2000, voteAverage: 8, voteCount: 100 }),
      movie({ tmdbId: 3, observedAt: 5, releaseYear: 2000, voteAverage: 8, voteCount: 100 }),
      movie({ tmdbId: 1, observedAt: 6, releaseYear: 2000, voteAverage: 6, voteCount: 100 }),
      movie({ tmdbId: 2, observedAt: 6, releaseYear: null, voteAverage: 8, voteCount: 100 }),
      movie({ tmdbId: 3, observedAt: 6, releaseYear: 2010, voteAverage: 8, voteCount: 100 }),
      movie({ tmdbId: 3, observedAt: 4, releaseYear: 1990, voteAverage: 8, voteCount: 100 }),
    ]);
    const params = { minRating: 7, minVotes: 10, from: null, to: null };
    expect(computeTopRatedYears(store, params)).toEqual({
      considered: 1,
      items: [{ year: 2010, count: 1 }],
      most: [{ year: 2010, count: 1 }],
      fewest: [{ year: 2010, count: 1 }],
    });
    expect(computeTopRatedYears(store, params)).toEqual(expected(movies, params));
  });

  it('matches the aggregation on seeded random movies for many parameters', () => {
    for (const seed of [21, 22, 23, 24]) {
      const { store, movies } = storeOf(randomChanges(seed, { movies: 2500, updates: 1200, inIdOrder: seed % 2 === 0, firstYear: 1960, years: 60 }));
      for (const minRating of [0, 5, 7, 7.5, 9.9, 10]) {
        for (const minVotes of [0, 10, 300]) {
          for (const [from, to] of [
            [null, null],
            [1980, null],
            [null, 1990],
            [1975, 1975],
            [1985, 2000],
            [2100, 2100],
          ] as const) {
            const params = { minRating, minVotes, from, to };
            expect(computeTopRatedYears(store, params), JSON.stringify({ seed, ...params })).toEqual(expected(movies, params));
          }
        }
      }
    }
  });
});
