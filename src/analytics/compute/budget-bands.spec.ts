import { describe, expect, it } from 'vitest';
import { computeBudgetBands } from './budget-bands.js';
import { computeCells } from './cells.js';
import { movie, randomChanges, seededRandom, storeOf } from './test-movies.js';
import type { MovieStore } from '../../read-model/movie-store.js';

/** Known money: A, B, C, D, E. F and G have a 0 (unknown, never zero); H is under the 1,000 floor. */
const MOVIES = [
  movie({ tmdbId: 1, budget: 1000, revenue: 3000 }), // profit 2000, ROI 3
  movie({ tmdbId: 2, budget: 2000, revenue: 1000 }), // −1000, 0.5
  movie({ tmdbId: 3, budget: 2000, revenue: 6000 }), // 4000, 3
  movie({ tmdbId: 4, budget: 2000, revenue: 2000 }), // 0 (not a profit), 1
  movie({ tmdbId: 5, budget: 3000, revenue: 9000 }), // 6000, 3
  movie({ tmdbId: 6, budget: 4000, revenue: 0 }),
  movie({ tmdbId: 7, budget: 0, revenue: 5000 }),
  movie({ tmdbId: 8, budget: 500, revenue: 5000 }),
];
const floors = { minBudget: 1000, minRevenue: 1000 };

describe('computeBudgetBands', () => {
  it('quantile bands never split equal budgets: the 2,000s stay together in band 1', () => {
    const { store } = storeOf(MOVIES);
    const answer = computeBudgetBands(store, { ...floors, bands: 2, edges: null, targetProfit: 1000 });
    expect(answer.considered).toBe(5);
    expect(answer.mode).toBe('quantiles');
    // n = 5: the cut at floor(5/2) = 2 falls between two budgets of 2,000 and moves up to 4.
    expect(answer.items).toEqual([
      {
        band: 1,
        from: 1000,
        to: 3000,
        lowestBudget: 1000,
        highestBudget: 2000,
        movies: 4,
        medianProfit: 1000, // (0 + 2000) / 2
        p10Profit: -700, // −1000 + 0.3 · 1000
        p90Profit: 3400, // 2000 + 0.7 · 2000
        medianRoi: 2, // (1 + 3) / 2
        shareProfitable: 0.5, // 2000 and 4000 of four
      },
      {
        band: 2,
        from: 3000,
        to: null,
        lowestBudget: 3000,
        highestBudget: 3000,
        movies: 1,
        medianProfit: 6000,
        p10Profit: 6000,
        p90Profit: 6000,
        medianRoi: 3,
        shareProfitable: 1,
      },
    ]);
    expect(answer.target).toEqual({ targetProfit: 1000, band: answer.items[0], reaching: 2, shareReaching: 0.5 });
  });

  it('names the first band whose median profit reaches the target, or none', () => {
    const { store } = storeOf(MOVIES);
    const five = computeBudgetBands(store, { ...floors, bands: 2, edges: null, targetProfit: 5000 });
    expect(five.target.band?.band).toBe(2);
    expect(five.target.reaching).toBe(1);
    expect(five.target.shareReaching).toBe(1);
    const seven = computeBudgetBands(store, { ...floors, bands: 2, edges: null, targetProfit: 7000 });
    expect(seven.target).toEqual({ targetProfit: 7000, band: null, reaching: null, shareReaching: null });
  });

  it('fixed edges are half-open [a, b): a budget equal to an edge is in the band it starts; empty bands are listed', () => {
    const { store } = storeOf(MOVIES);
    const answer = computeBudgetBands(store, { ...floors, bands: 10, edges: [2000, 2500, 3000], targetProfit: 0 });
    expect(answer.mode).toBe('edges');
    expect(answer.items.map((i) => [i.band, i.from, i.to, i.movies, i.medianProfit])).toEqual([
      [1, null, 2000, 1, 2000],
      [2, 2000, 2500, 3, 0],
      [3, 2500, 3000, 0, null],
      [4, 3000, null, 1, 6000],
    ]);
    expect(answer.items[2]).toMatchObject({ lowestBudget: null, highestBudget: null, p10Profit: null, medianRoi: null, shareProfitable: null });
    // Band 1 (median 2000) is the first with median profit ≥ 0.
    expect(answer.target.band?.band).toBe(1);
  });

  it('applies the floors: unknown money (0) is never zero, and a higher floor drops movies', () => {
    const { store } = storeOf(MOVIES);
    expect(computeBudgetBands(store, { minBudget: 0, minRevenue: 0, bands: 10, edges: null, targetProfit: 0 }).considered).toBe(6);
    expect(computeBudgetBands(store, { minBudget: 2500, minRevenue: 0, bands: 10, edges: null, targetProfit: 0 }).considered).toBe(1);
    expect(computeBudgetBands(storeOf([]).store, { ...floors, bands: 10, edges: null, targetProfit: 0 })).toEqual({
      considered: 0,
      mode: 'quantiles',
      items: [],
      target: { targetProfit: 0, band: null, reaching: null, shareReaching: null },
    });
  });
});

/**
 * The answer as the general engine (cells.ts, itself checked against the definitions in cells.spec.ts) computes the
 * same cut: budget bands over the movies with known money. computeBudgetBands has a pass of its own (band-pass.ts).
 */
function byEngine(store: MovieStore, p: Parameters<typeof computeBudgetBands>[1]) {
  const result = computeCells(store, {
    groupBy: ['budgetBand'],
    minVotes: 0,
    from: null,
    to: null,
    language: null,
    genre: null,
    minBudget: p.minBudget,
    minRevenue: p.minRevenue,
    bands: p.bands,
    edges: p.edges,
    medians: { profit: true, roi: true, profitPercentiles: true },
    profitAtLeast: p.targetProfit,
    budgetRange: true,
  });
  const byBand = new Map(result.cells.map((cell) => [cell.keys[0]!, cell]));
  return {
    considered: result.considered,
    items: result.bands!.lower.map((lower, j) => {
      const c = byBand.get(j);
      return {
        band: j + 1,
        from: Number.isFinite(lower) ? lower : null,
        to: result.bands!.upper[j],
        lowestBudget: c?.lowestBudget ?? null,
        highestBudget: c?.highestBudget ?? null,
        movies: c?.movies ?? 0,
        medianProfit: c?.medianProfit ?? null,
        p10Profit: c?.p10Profit ?? null,
        p90Profit: c?.p90Profit ?? null,
        medianRoi: c?.medianRoi ?? null,
        shareProfitable: c?.shareProfitable ?? null,
        reaching: c?.reaching ?? 0,
      };
    }),
  };
}

describe('computeBudgetBands equals the general engine on random movies', () => {
  it('for random floors, bands, edges and targets, through rounds of changes (the aligned columns follow the orders)', () => {
    // Over 4,096 movies with money, so a bucket of the rank histogram spans more than one position.
    const changes = randomChanges(31, { movies: 12_000, updates: 2_000 });
    const { store } = storeOf(changes);
    const random = seededRandom(3131);
    let clock = 10_000_000;
    for (let round = 0; round < 8; round++) {
      for (let q = 0; q < 6; q++) {
        const p = {
          minBudget: [0, 1000, 1001, 2e6, 1e8][Math.floor(random() * 5)]!,
          minRevenue: [0, 1000, 5000, 3e7][Math.floor(random() * 4)]!,
          bands: 1 + Math.floor(random() * 100),
          edges: random() < 0.3 ? [5000, 2e6, 1e7, 1e8].filter(() => random() < 0.7) : null,
          targetProfit: [-1e6, 0, 1, 5e6, 1e8][Math.floor(random() * 5)]!,
        };
        const answer = computeBudgetBands(store, p);
        const engine = byEngine(store, p);
        expect(answer.considered, JSON.stringify(p)).toBe(engine.considered);
        expect(answer.items, JSON.stringify(p)).toEqual(engine.items.map(({ reaching: _r, ...item }) => item));
        const hit = engine.items.findIndex((i) => i.medianProfit !== null && i.medianProfit >= p.targetProfit);
        expect(answer.target.reaching).toBe(hit >= 0 ? engine.items[hit]!.reaching : null);
      }
      // A few changes: money gained, lost and moved, so the orders are patched and the columns gathered again.
      for (let k = 0; k < 1 + Math.floor(random() * 30); k++) {
        const m = changes[Math.floor(random() * changes.length)]!;
        store.apply(movie({ ...m, observedAt: ++clock, budget: random() < 0.2 ? 0 : Math.round(random() * 2e8), revenue: Math.round(random() * 4e8) }));
      }
    }
  });
});
