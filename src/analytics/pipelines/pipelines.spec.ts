import { describe, expect, it } from 'vitest';
import { dataQuality } from './data-quality.pipeline.js';
import { movieGenreRowCount, movieGenreRows, movieRows } from './movie-rows.pipeline.js';
import { moviesPerGenre } from './movies-per-genre.pipeline.js';
import { ratingsByLanguage } from './ratings-by-language.pipeline.js';
import { revenueBudgetPairs } from './revenue-budget-pairs.pipeline.js';
import { measureKnownMatch, topMovies } from './top-movies.pipeline.js';
import { topRatedPerYear } from './top-rated-per-year.pipeline.js';
import { topRevenuePerYear } from './top-revenue-per-year.pipeline.js';

/** Operators the local MongoDB-compatible server lacks (tools/services/README.md); production runs MongoDB 7. */
const NOT_PORTABLE = [
  '$set',
  '$setWindowFields',
  '$switch',
  '$topN',
  '$bottomN',
  '$firstN',
  '$lastN',
  '$stdDevPop',
  '$stdDevSamp',
  '$dateTrunc',
  '$dateFromString',
  '$isoWeek',
  '$week',
  '$text',
  '$round',
];

function keysOf(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      found.add(key);
      keysOf(inner, found);
    }
  }
  return found;
}

const ALL = {
  ratingsByLanguage: ratingsByLanguage({ minVotes: 100, minMovies: 5 }),
  topRatedPerYear: topRatedPerYear({ minRating: 7, minVotes: 100, from: 1990, to: 2000 }),
  moviesPerGenre: moviesPerGenre({ minVotes: 0 }),
  topMovies: topMovies({ by: 'profit', order: 'desc', limit: 20, minBudget: 1000, minRevenue: 1000 }),
  topRevenuePerYear: topRevenuePerYear({ n: 5, from: null, to: null }),
  revenueBudgetPairs: revenueBudgetPairs({ minBudget: 0, minRevenue: 0 }),
  dataQuality: dataQuality(),
  movieRows: movieRows({ updatedSince: new Date(0), skip: 0, limit: 10 }),
  movieGenreRows: movieGenreRows({ updatedSince: null, skip: 10, limit: 10 }),
  movieGenreRowCount: movieGenreRowCount(null),
};

describe('pipelines', () => {
  it.each(Object.entries(ALL))('%s uses only operators both servers run', (_name, pipeline) => {
    const keys = keysOf(pipeline);
    for (const operator of NOT_PORTABLE) expect(keys.has(operator), operator).toBe(false);
    // $count only as a stage ({ $count: 'n' }); the accumulator form ({ $count: {} }) is not portable.
    expect(JSON.stringify(pipeline)).not.toMatch(/"\$count":\{/);
  });

  it('treats a money floor of 0 as "known" (> 0), never as "anything"', () => {
    expect(measureKnownMatch({ by: 'budget', minBudget: 0, minRevenue: 0 })).toEqual({ budget: { $gte: 1 } });
    expect(measureKnownMatch({ by: 'revenue', minBudget: 5000, minRevenue: 0 })).toEqual({ revenue: { $gte: 1 } });
    expect(measureKnownMatch({ by: 'profit', minBudget: 5000, minRevenue: 20 })).toEqual({
      budget: { $gte: 5000 },
      revenue: { $gte: 20 },
      profit: { $ne: null },
    });
  });

  it('breaks ties by TMDB id and sorts the measure the way asked', () => {
    expect(topMovies({ by: 'budget', order: 'asc', limit: 3, minBudget: 0, minRevenue: 0 })[1]).toEqual({ $sort: { budget: 1, tmdbId: 1 } });
    expect(topRevenuePerYear({ n: 3, from: null, to: null })[1]).toEqual({ $sort: { releaseYear: 1, revenue: -1, tmdbId: 1 } });
  });

  it('leaves out movies without a year, and bounds the years only when asked', () => {
    expect(topRatedPerYear({ minRating: 7, minVotes: 0, from: null, to: null })[0]).toEqual({
      $match: { voteAverage: { $gte: 7 }, voteCount: { $gte: 0 }, releaseYear: { $ne: null } },
    });
    expect(topRatedPerYear({ minRating: 7, minVotes: 0, from: 1990, to: null })[0]).toMatchObject({ $match: { releaseYear: { $ne: null, $gte: 1990 } } });
  });
});
