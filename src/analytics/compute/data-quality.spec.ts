import { describe, expect, it } from 'vitest';
import type { MovieChange } from '../../read-model/movie-store.js';
import { ISO_639_1 } from '../iso-639-1.js';
import { QUALITY_CHECKS, QUALITY_EXAMPLES } from '../pipelines/data-quality.pipeline.js';
import { computeDataQuality } from './data-quality.js';
import { movie, randomChanges, storeOf } from './test-movies.js';

/** Each check's filter in data-quality.pipeline.ts, on a movie as MongoDB holds it. */
const FAILS: Record<string, (m: MovieChange) => boolean> = {
  unknownBudget: (m) => m.budget <= 0,
  unknownRevenue: (m) => m.revenue <= 0,
  suspiciousBudget: (m) => m.budget > 0 && m.budget < 1000,
  suspiciousRevenue: (m) => m.revenue > 0 && m.revenue < 1000,
  noReleaseDate: (m) => m.releaseYear === null,
  noVotes: (m) => m.voteCount <= 0,
  noGenres: (m) => m.genres.length === 0,
  nonIsoLanguage: (m) => !ISO_639_1.includes(m.originalLanguage as string),
};

/** The dataQuality facets and the service's shaping, written out over the movies held. */
function expected(movies: readonly MovieChange[]) {
  const items = QUALITY_CHECKS.map(({ check, description }) => {
    const failing = movies.filter(FAILS[check]!).map((m) => m.tmdbId);
    failing.sort((a, b) => a - b);
    return { check, description, count: failing.length, examples: failing.slice(0, QUALITY_EXAMPLES) };
  });
  return { considered: movies.length, total: movies.length, items };
}

describe('computeDataQuality', () => {
  it('counts each check in the pipeline’s order with the lowest failing ids as examples', () => {
    expect(QUALITY_CHECKS.map((c) => c.check).sort()).toEqual(Object.keys(FAILS).sort());
    const { store } = storeOf([
      movie({ tmdbId: 9, budget: 0, revenue: 5000, originalLanguage: 'cn', genres: [{ id: 1, name: 'Drama' }] }),
      movie({ tmdbId: 8, budget: 999, revenue: 1000, originalLanguage: null, releaseYear: null, genres: [{ id: 1, name: 'Drama' }] }),
      movie({ tmdbId: 7, budget: 1, revenue: 1, voteCount: 0, originalLanguage: 'fr' }),
      ...[6, 5, 4, 3, 2, 1].map((tmdbId) => movie({ tmdbId, budget: 1e6, revenue: 0, originalLanguage: 'xx', genres: [{ id: 1, name: 'Drama' }] })),
      movie({ tmdbId: 100, budget: 1000, revenue: 1000, originalLanguage: 'en', genres: [{ id: 1, name: 'Drama' }] }),
    ]);
    const answer = computeDataQuality(store);
    expect(answer.total).toBe(10);
    expect(answer.considered).toBe(10);
    expect(answer.items.map((i) => i.check)).toEqual(QUALITY_CHECKS.map((c) => c.check));
    expect(answer.items.map((i) => i.description)).toEqual(QUALITY_CHECKS.map((c) => c.description));
    const byCheck = Object.fromEntries(answer.items.map((i) => [i.check, [i.count, i.examples]]));
    expect(byCheck).toEqual({
      unknownBudget: [1, [9]],
      unknownRevenue: [6, [1, 2, 3, 4, 5]],
      suspiciousBudget: [2, [7, 8]],
      suspiciousRevenue: [1, [7]],
      noReleaseDate: [1, [8]],
      noVotes: [1, [7]],
      noGenres: [1, [7]],
      nonIsoLanguage: [8, [1, 2, 3, 4, 5]],
    });
    expect(computeDataQuality(storeOf([]).store)).toEqual(expected([]));
  });

  it('follows upserts and ignores an older version', () => {
    const { store, movies } = storeOf([
      movie({ tmdbId: 1, observedAt: 1, budget: 0, originalLanguage: 'xx', genres: [] }),
      movie({ tmdbId: 2, observedAt: 1, budget: 5, releaseYear: null }),
      movie({ tmdbId: 1, observedAt: 2, budget: 5000, revenue: 5000, originalLanguage: 'en', genres: [{ id: 1, name: 'Drama' }] }),
      movie({ tmdbId: 2, observedAt: 0.5, budget: 0, releaseYear: 1990 }),
    ]);
    const answer = computeDataQuality(store);
    expect(answer).toEqual(expected(movies));
    expect(answer.items.find((i) => i.check === 'nonIsoLanguage')).toMatchObject({ count: 0, examples: [] });
    expect(answer.items.find((i) => i.check === 'suspiciousBudget')).toMatchObject({ count: 1, examples: [2] });
  });

  it('matches the aggregation on seeded random movies, shuffled and in id order', () => {
    for (const seed of [71, 72, 73, 74, 75, 76]) {
      const { store, movies } = storeOf(randomChanges(seed, { movies: 500 + seed * 30, updates: 1500, inIdOrder: seed % 2 === 0 }));
      expect(computeDataQuality(store), `seed ${seed}`).toEqual(expected(movies));
    }
  });
});
