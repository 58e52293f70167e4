import { describe, expect, it } from 'vitest';
import type { MovieChange } from '../../read-model/movie-store.js';
import type { RevenueBudgetParams } from '../pipelines/revenue-budget-pairs.pipeline.js';
import { computeExtremes } from './extremes.js';
import { expectedRow, movie, randomChanges, storeOf } from './test-movies.js';

/** The service's four topMovies queries (limit 1) and counts, written out over the movies held. */
function expected(movies: readonly MovieChange[], { minBudget, minRevenue }: RevenueBudgetParams) {
  const budgetFloor = Math.max(1, minBudget);
  const revenueFloor = Math.max(1, minRevenue);
  const withBudget = movies.filter((m) => m.budget >= budgetFloor);
  const withProfit = withBudget.filter((m) => m.revenue >= revenueFloor);
  const profit = (m: MovieChange) => m.revenue - m.budget;
  const firstBy = (list: MovieChange[], value: (m: MovieChange) => number, direction: 1 | -1) => {
    const sorted = [...list].sort((a, b) => (value(a) !== value(b) ? direction * (value(a) - value(b)) : a.tmdbId - b.tmdbId));
    return sorted.length > 0 ? expectedRow(sorted[0]!) : null;
  };
  const named = {
    highestProfit: firstBy(withProfit, profit, -1),
    lowestProfit: firstBy(withProfit, profit, 1),
    highestBudget: firstBy(withBudget, (m) => m.budget, -1),
    lowestBudget: firstBy(withBudget, (m) => m.budget, 1),
  };
  const items = Object.entries(named).flatMap(([answer, row]) => (row ? [{ answer, ...row }] : []));
  return { considered: withBudget.length, consideredForProfit: withProfit.length, items, ...named };
}

describe('computeExtremes', () => {
  it('finds the four extremes with the floors, only known money, ties to the lower id', () => {
    const { store, movies } = storeOf([
      movie({ tmdbId: 50, budget: 100, revenue: 300, releaseYear: null }),
      movie({ tmdbId: 40, budget: 200, revenue: 400 }),
      movie({ tmdbId: 30, budget: 200, revenue: 0 }),
      movie({ tmdbId: 20, budget: 0, revenue: 1e9 }),
      movie({ tmdbId: 10, budget: 500, revenue: 50 }),
      movie({ tmdbId: 60, budget: 500, revenue: 50 }),
      movie({ tmdbId: 70, budget: 50, revenue: 250 }),
    ]);
    const answer = computeExtremes(store, { minBudget: 0, minRevenue: 0 });
    expect(answer).toEqual({
      considered: 6,
      consideredForProfit: 5,
      highestProfit: { tmdbId: 40, title: '', year: 2000, budget: 200, revenue: 400, profit: 200 },
      lowestProfit: { tmdbId: 10, title: '', year: 2000, budget: 500, revenue: 50, profit: -450 },
      highestBudget: { tmdbId: 10, title: '', year: 2000, budget: 500, revenue: 50, profit: -450 },
      lowestBudget: { tmdbId: 70, title: '', year: 2000, budget: 50, revenue: 250, profit: 200 },
      items: [
        { answer: 'highestProfit', tmdbId: 40, title: '', year: 2000, budget: 200, revenue: 400, profit: 200 },
        { answer: 'lowestProfit', tmdbId: 10, title: '', year: 2000, budget: 500, revenue: 50, profit: -450 },
        { answer: 'highestBudget', tmdbId: 10, title: '', year: 2000, budget: 500, revenue: 50, profit: -450 },
        { answer: 'lowestBudget', tmdbId: 70, title: '', year: 2000, budget: 50, revenue: 250, profit: 200 },
      ],
    });
    // Floors: the budget floor applies to all four, the revenue floor to profit only.
    const floored = computeExtremes(store, { minBudget: 100, minRevenue: 300 });
    expect(floored.considered).toBe(5);
    expect(floored.consideredForProfit).toBe(2);
    expect(floored.lowestProfit).toEqual({ tmdbId: 40, title: '', year: 2000, budget: 200, revenue: 400, profit: 200 });
    expect(floored.lowestBudget).toEqual({ tmdbId: 50, title: '', year: null, budget: 100, revenue: 300, profit: 200 });
    expect(floored).toEqual(expected(movies, { minBudget: 100, minRevenue: 300 }));
  });

  it('answers null where nothing counts', () => {
    const { store } = storeOf([movie({ tmdbId: 1, budget: 10, revenue: 0 })]);
    expect(computeExtremes(store, { minBudget: 0, minRevenue: 0 })).toEqual({
      considered: 1,
      consideredForProfit: 0,
      items: [
        { answer: 'highestBudget', tmdbId: 1, title: '', year: 2000, budget: 10, revenue: 0, profit: null },
        { answer: 'lowestBudget', tmdbId: 1, title: '', year: 2000, budget: 10, revenue: 0, profit: null },
      ],
      highestProfit: null,
      lowestProfit: null,
      highestBudget: { tmdbId: 1, title: '', year: 2000, budget: 10, revenue: 0, profit: null },
      lowestBudget: { tmdbId: 1, title: '', year: 2000, budget: 10, revenue: 0, profit: null },
    });
    expect(computeExtremes(storeOf([]).store, { minBudget: 0, minRevenue: 0 })).toEqual({
      considered: 0,
      consideredForProfit: 0,
      items: [],
      highestProfit: null,
      lowestProfit: null,
      highestBudget: null,
      lowestBudget: null,
    });
  });

  it('follows upserts of budget and revenue; an older version is ignored', () => {
    const { store, movies } = storeOf([
      movie({ tmdbId: 1, observedAt: 1, budget: 1e9, revenue: 5e9 }),
      movie({ tmdbId: 2, observedAt: 1, budget: 1e6, revenue: 2e6 }),
      movie({ tmdbId: 1, observedAt: 3, budget: 0, revenue: 5e9 }),
      movie({ tmdbId: 1, observedAt: 2, budget: 2e9, revenue: 9e9 }),
      movie({ tmdbId: 2, observedAt: 2, budget: 1e6, revenue: 3e6 }),
    ]);
    const answer = computeExtremes(store, { minBudget: 0, minRevenue: 0 });
    expect(answer.highestBudget?.tmdbId).toBe(2);
    expect(answer.highestProfit).toEqual({ tmdbId: 2, title: '', year: 2000, budget: 1e6, revenue: 3e6, profit: 2e6 });
    expect(answer).toEqual(expected(movies, { minBudget: 0, minRevenue: 0 }));
  });

  it('matches the aggregation on seeded random movies for many parameters', () => {
    for (const seed of [31, 32, 33, 34, 35]) {
      const { store, movies } = storeOf(randomChanges(seed, { movies: 2000, updates: 1000, inIdOrder: seed % 2 === 0 }));
      for (const minBudget of [0, 1, 999, 1000, 2e6, 1e12]) {
        for (const minRevenue of [0, 1000, 1001, 1e7]) {
          expect(computeExtremes(store, { minBudget, minRevenue }), `seed ${seed} ${minBudget} ${minRevenue}`).toEqual(
            expected(movies, { minBudget, minRevenue }),
          );
        }
      }
    }
  });
});
