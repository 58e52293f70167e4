import { describe, expect, it } from 'vitest';
import type { MovieChange } from '../../read-model/movie-store.js';
import { POINTS_LIMIT } from './revenue-vs-budget.js';
import type { RevenueBudgetParams } from '../pipelines/revenue-budget-pairs.pipeline.js';
import { leastSquares, pearson, roundTo, rSquared, spearman } from '../statistics.js';
import { computeRevenueVsBudget } from './revenue-vs-budget.js';
import { movie, randomChanges, storeOf } from './test-movies.js';

const onThisThread = (x: Float64Array, y: Float64Array) => Promise.resolve(spearman(x, y));

/** The service's revenueVsBudget over the revenueBudgetPairs stream (TMDB id order), written out over the movies held. */
function expected(movies: readonly MovieChange[], { minBudget, minRevenue }: RevenueBudgetParams) {
  const pairs = movies.filter((m) => m.budget >= Math.max(1, minBudget) && m.revenue >= Math.max(1, minRevenue)).sort((a, b) => a.tmdbId - b.tmdbId);
  const every = Math.max(1, Math.ceil(pairs.length / POINTS_LIMIT));
  const budgets = pairs.map((m) => m.budget);
  const revenues = pairs.map((m) => m.revenue);
  const points = pairs
    .filter((_, i) => i % every === 0)
    .map((m) => ({ tmdbId: m.tmdbId, title: '', year: m.releaseYear, budget: m.budget, revenue: m.revenue }));
  const fit = leastSquares(budgets, revenues);
  const logBudgets = budgets.map(Math.log10);
  const logRevenues = revenues.map(Math.log10);
  const logFit = leastSquares(logBudgets, logRevenues);
  return {
    considered: pairs.length,
    n: pairs.length,
    pearson: roundTo(pearson(budgets, revenues), 4),
    spearman: roundTo(spearman(budgets, revenues), 4),
    slope: roundTo(fit?.slope ?? null, 4),
    intercept: roundTo(fit?.intercept ?? null, 0),
    r2: roundTo(fit ? rSquared(budgets, revenues, fit) : null, 4),
    log10: {
      pearson: roundTo(pearson(logBudgets, logRevenues), 4),
      slope: roundTo(logFit?.slope ?? null, 4),
      intercept: roundTo(logFit?.intercept ?? null, 4),
      r2: roundTo(logFit ? rSquared(logBudgets, logRevenues, logFit) : null, 4),
    },
    pointsSampled: every > 1,
    points,
    items: points,
  };
}

describe('computeRevenueVsBudget', () => {
  it('uses movies with both floors met, in TMDB id order, and hands copies to spearman', async () => {
    const { store } = storeOf([
      movie({ tmdbId: 30, budget: 300, revenue: 900, releaseYear: null }),
      movie({ tmdbId: 10, budget: 100, revenue: 200 }),
      movie({ tmdbId: 20, budget: 200, revenue: 500 }),
      movie({ tmdbId: 40, budget: 0, revenue: 900 }),
      movie({ tmdbId: 5, budget: 400, revenue: 0 }),
    ]);
    const seen: number[][] = [];
    const answer = await computeRevenueVsBudget(store, { minBudget: 0, minRevenue: 0 }, (x, y) => {
      expect(x.buffer).not.toBe(store.budget.buffer);
      expect(y.buffer).not.toBe(store.revenue.buffer);
      seen.push([...x], [...y]);
      return onThisThread(x, y);
    });
    expect(seen).toEqual([
      [100, 200, 300],
      [200, 500, 900],
    ]);
    expect(answer.n).toBe(3);
    expect(answer.considered).toBe(3);
    expect(answer.spearman).toBe(1);
    expect(answer.slope).toBe(3.5);
    expect(answer.intercept).toBe(-167);
    expect(answer.pointsSampled).toBe(false);
    expect(answer.points).toEqual([
      { tmdbId: 10, title: '', year: 2000, budget: 100, revenue: 200 },
      { tmdbId: 20, title: '', year: 2000, budget: 200, revenue: 500 },
      { tmdbId: 30, title: '', year: null, budget: 300, revenue: 900 },
    ]);
    expect(answer.items).toBe(answer.points);
    const floored = await computeRevenueVsBudget(store, { minBudget: 150, minRevenue: 600 }, onThisThread);
    expect(floored).toMatchObject({ n: 1, pearson: null, spearman: null, slope: null, intercept: null, r2: null });
    expect(floored.points.map((p) => p.tmdbId)).toEqual([30]);
  });

  it('answers nulls without movies', async () => {
    const { store, movies } = storeOf([movie({ tmdbId: 1, budget: 0, revenue: 0 })]);
    const answer = await computeRevenueVsBudget(store, { minBudget: 0, minRevenue: 0 }, onThisThread);
    expect(answer).toEqual(expected(movies, { minBudget: 0, minRevenue: 0 }));
    expect(answer).toMatchObject({ n: 0, pearson: null, spearman: null, pointsSampled: false, points: [] });
  });

  it('samples every k-th movie in id order past POINTS_LIMIT', async () => {
    const changes = [];
    for (let id = 3 * POINTS_LIMIT + 7; id >= 1; id--)
      changes.push(movie({ tmdbId: id, budget: 1000 + (id % 97) * 1000, revenue: 5000 + ((id * 31) % 101) * 1000 }));
    const { store, movies } = storeOf(changes);
    const answer = await computeRevenueVsBudget(store, { minBudget: 0, minRevenue: 0 }, onThisThread);
    expect(answer.pointsSampled).toBe(true);
    expect(answer.points.length).toBe(Math.ceil((3 * POINTS_LIMIT + 7) / 4));
    expect(answer.points.slice(0, 3).map((p) => p.tmdbId)).toEqual([1, 5, 9]);
    expect(answer).toEqual(expected(movies, { minBudget: 0, minRevenue: 0 }));
  });

  it('follows upserts and ignores an older version', async () => {
    const { store, movies } = storeOf([
      movie({ tmdbId: 1, observedAt: 1, budget: 100, revenue: 100 }),
      movie({ tmdbId: 2, observedAt: 1, budget: 200, revenue: 300 }),
      movie({ tmdbId: 3, observedAt: 1, budget: 300, revenue: 200 }),
      movie({ tmdbId: 1, observedAt: 2, budget: 0, revenue: 100 }),
      movie({ tmdbId: 3, observedAt: 2, budget: 300, revenue: 700 }),
      movie({ tmdbId: 1, observedAt: 1.5, budget: 100, revenue: 100 }),
    ]);
    const answer = await computeRevenueVsBudget(store, { minBudget: 0, minRevenue: 0 }, onThisThread);
    expect(answer.points.map((p) => [p.tmdbId, p.revenue])).toEqual([
      [2, 300],
      [3, 700],
    ]);
    expect(answer).toEqual(expected(movies, { minBudget: 0, minRevenue: 0 }));
  });

  it('matches the aggregation on seeded random movies, shuffled and in id order', async () => {
    for (const seed of [61, 62, 63, 64]) {
      const { store, movies } = storeOf(randomChanges(seed, { movies: 12000, updates: 3000, inIdOrder: seed % 2 === 0 }));
      for (const [minBudget, minRevenue] of [
        [0, 0],
        [1000, 1000],
        [1e6, 0],
        [0, 1e8],
        [1e12, 0],
      ]) {
        const params = { minBudget: minBudget!, minRevenue: minRevenue! };
        expect(await computeRevenueVsBudget(store, params, onThisThread), JSON.stringify({ seed, ...params })).toEqual(expected(movies, params));
      }
    }
  });
});
