import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeCells, DIMENSIONS, layoutAnswers, type Cell, type CellSpec, type Dimension } from './cells.js';
import { quantileBands, quantileOfSorted } from './quantiles.js';
import { LAYOUT_QUIET_MS, layOut, layoutState } from './genre-layout.js';
import { cellIndexOf, MODEL_QUIET_MS } from './cell-index.js';
import { byCodeUnits, exactSum, movie, randomChanges, seededRandom, storeOf } from './test-movies.js';
import type { MovieChange } from '../../read-model/movie-store.js';
import { roundTo } from '../statistics.js';

/**
 * The group engine against the definitions applied the plain way: each movie put into its cells by hand, every
 * measure from the cell's own values (sorted copies for medians and percentiles, exact sums for the means). The
 * engine reads medians off its money orders and stops each walk early; this checks it on seeded random movies with
 * updates, ties, unknown money, genre changes and floors, for every one- and two-way cut.
 */

/** A cell as the engine gives it, its keys joined into one string. */
type Expected = Omit<Cell, 'keys'> & { key: string };

const sorted = (values: number[]) => Float64Array.from(values).sort();

function reference(movies: readonly MovieChange[], spec: CellSpec): { considered: number; cells: Expected[] } {
  const fb = Math.max(1, spec.minBudget);
  const fr = Math.max(1, spec.minRevenue);
  const isMoney = (m: MovieChange) => m.budget >= fb && m.revenue >= fr;
  const selected = movies.filter(
    (m) =>
      m.voteCount >= spec.minVotes &&
      (spec.from === null && spec.to === null
        ? true
        : m.releaseYear !== null && m.releaseYear >= (spec.from ?? -Infinity) && m.releaseYear <= (spec.to ?? Infinity)) &&
      (spec.language === null || m.originalLanguage === spec.language) &&
      (spec.genre === null || m.genres.some((g) => g.name === spec.genre)),
  );
  const bands =
    spec.groupBy.includes('budgetBand') && spec.edges === null ? quantileBands(sorted(selected.filter(isMoney).map((m) => m.budget)), spec.bands) : null;
  const lower = spec.edges !== null ? [-Infinity, ...spec.edges] : (bands?.lower ?? []);
  const keysOf = (m: MovieChange, dim: Dimension): string[] => {
    switch (dim) {
      case 'language':
        return m.originalLanguage === null ? [] : [m.originalLanguage];
      case 'genre':
        return [...new Set(m.genres.map((g) => g.name))];
      case 'year':
        return m.releaseYear === null ? [] : [String(m.releaseYear)];
      case 'decade':
        return m.releaseYear === null ? [] : [String(Math.floor(m.releaseYear / 10) * 10)];
      case 'budgetBand': {
        if (!isMoney(m)) return [];
        let band = -1;
        lower.forEach((edge, j) => (m.budget >= edge ? (band = j) : null));
        return band < 0 ? [] : [String(band + 1)];
      }
    }
  };
  const groups = new Map<string, MovieChange[]>();
  let considered = 0;
  for (const m of selected) {
    const perDim = spec.groupBy.map((dim) => keysOf(m, dim));
    if (perDim.some((keys) => keys.length === 0)) continue;
    considered++;
    const combos = perDim.length === 1 ? perDim[0]!.map((k) => [k]) : perDim[0]!.flatMap((a) => perDim[1]!.map((b) => [a, b]));
    for (const combo of combos) {
      const key = combo.join('|');
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
  }
  const cells = [...groups].map(([key, ms]): Expected => {
    const money = ms.filter(isMoney);
    const profits = sorted(money.map((m) => m.revenue - m.budget));
    const votes = ms.reduce((sum, m) => sum + m.voteCount, 0);
    return {
      key,
      movies: ms.length,
      moneyMovies: money.length,
      meanRating: roundTo(exactSum(ms.map((m) => m.voteAverage)) / ms.length, 2),
      weightedRating: votes > 0 ? roundTo(exactSum(ms.map((m) => m.voteAverage * m.voteCount)) / votes, 2) : null,
      medianRevenue: roundTo(quantileOfSorted(sorted(money.map((m) => m.revenue)), 0.5), 2),
      medianProfit: roundTo(quantileOfSorted(profits, 0.5), 2),
      medianRoi: roundTo(quantileOfSorted(sorted(money.map((m) => m.revenue / m.budget)), 0.5), 4),
      shareProfitable: money.length > 0 ? roundTo(money.filter((m) => m.revenue > m.budget).length / money.length, 4) : null,
      p10Profit: roundTo(quantileOfSorted(profits, 0.1), 2),
      p90Profit: roundTo(quantileOfSorted(profits, 0.9), 2),
      reaching: money.filter((m) => m.revenue - m.budget >= (spec.profitAtLeast ?? Infinity)).length,
      lowestBudget: money.length > 0 ? Math.min(...money.map((m) => m.budget)) : null,
      highestBudget: money.length > 0 ? Math.max(...money.map((m) => m.budget)) : null,
    };
  });
  return { considered, cells: cells.sort((a, b) => byCodeUnits(a.key, b.key)) };
}

function actual(store: ReturnType<typeof storeOf>['store'], spec: CellSpec): { considered: number; cells: Expected[] } {
  const result = computeCells(store, spec);
  const cells = result.cells.map((cell): Expected => {
    const described = result.describe(cell);
    const key = spec.groupBy.map((dim) => String(described[dim === 'budgetBand' ? 'budgetBand' : dim])).join('|');
    const { keys: _keys, ...measures } = cell;
    return { key, ...measures };
  });
  return { considered: result.considered, cells: cells.sort((a, b) => byCodeUnits(a.key, b.key)) };
}

const ALL_MEDIANS = { revenue: true, profit: true, roi: true, profitPercentiles: true };
const BASE: CellSpec = {
  groupBy: ['language'],
  minVotes: 0,
  from: null,
  to: null,
  language: null,
  genre: null,
  minBudget: 1000,
  minRevenue: 1000,
  bands: 10,
  edges: null,
  medians: ALL_MEDIANS,
  profitAtLeast: 1_000_000,
  budgetRange: true,
};

/** A spec of random filters, floors and medians over a cut. */
const randomSpec = (random: () => number, groupBy: Dimension[]): CellSpec => ({
  ...BASE,
  groupBy,
  minVotes: random() < 0.3 ? 0 : Math.floor(random() * 400),
  minBudget: [0, 1000, 1001, 2e6][Math.floor(random() * 4)]!,
  minRevenue: [0, 1000, 5000, 3e7][Math.floor(random() * 4)]!,
  language: random() < 0.2 ? 'fr' : null,
  genre: random() < 0.2 ? 'Drama' : null,
  medians: random() < 0.5 ? ALL_MEDIANS : { revenue: true, profit: random() < 0.5 },
  profitAtLeast: random() < 0.5 ? null : 1e7,
  budgetRange: random() < 0.5,
});

/** The reference with the measures not asked for (medians, budget range, ratings) left null, as the engine leaves them. */
const asked = (r: { considered: number; cells: Expected[] }, spec: CellSpec) => {
  const m = spec.medians;
  return {
    considered: r.considered,
    cells: r.cells.map((c) => ({
      ...c,
      meanRating: spec.ratings === false ? null : c.meanRating,
      weightedRating: spec.ratings === false ? null : c.weightedRating,
      lowestBudget: spec.budgetRange ? c.lowestBudget : null,
      highestBudget: spec.budgetRange ? c.highestBudget : null,
      medianRevenue: m.revenue ? c.medianRevenue : null,
      medianProfit: m.profit || m.profitPercentiles ? c.medianProfit : null,
      medianRoi: m.roi ? c.medianRoi : null,
      p10Profit: m.profitPercentiles ? c.p10Profit : null,
      p90Profit: m.profitPercentiles ? c.p90Profit : null,
    })),
  };
};

describe('computeCells against the definitions', () => {
  it('every one- and two-way cut, seeded random movies with updates', () => {
    for (const seed of [3, 4]) {
      const { store, movies } = storeOf(randomChanges(seed, { movies: 700, updates: 500, years: 25 }));
      const random = seededRandom(seed * 7);
      for (const a of DIMENSIONS) {
        for (const b of [null, ...DIMENSIONS]) {
          if (b === a) continue;
          const spec: CellSpec = {
            ...BASE,
            groupBy: b === null ? [a] : [a, b],
            minVotes: random() < 0.5 ? 0 : Math.floor(random() * 200),
            minBudget: [0, 1000, 1001, 2e6][Math.floor(random() * 4)]!,
            minRevenue: [0, 1000, 5000][Math.floor(random() * 3)]!,
            bands: 1 + Math.floor(random() * 12),
            edges: random() < 0.3 ? [1000, 2e6, 1e8] : null,
            from: random() < 0.3 ? 1995 : null,
            to: random() < 0.3 ? 2008 : null,
            language: random() < 0.15 ? 'fr' : null,
            genre: random() < 0.15 ? 'Drama' : null,
            profitAtLeast: random() < 0.5 ? 0 : 1e7,
          };
          expect(actual(store, spec), JSON.stringify({ seed, spec })).toEqual(reference(movies, spec));
        }
      }
    }
  });

  it('only the medians asked for are computed; the rest stay null', () => {
    const { store } = storeOf(randomChanges(5, { movies: 200, updates: 0 }));
    const result = computeCells(store, { ...BASE, groupBy: ['genre'], medians: { revenue: true } });
    expect(result.cells.some((c) => c.medianRevenue !== null)).toBe(true);
    expect(result.cells.every((c) => c.medianProfit === null && c.medianRoi === null && c.p10Profit === null)).toBe(true);
  });

  it('without the rating measures the ratings are not summed: null, and every other measure the same', () => {
    const { store } = storeOf(randomChanges(6, { movies: 500, updates: 100 }));
    for (const groupBy of [['genre'], ['language', 'year'], ['budgetBand', 'genre']] as Dimension[][]) {
      const withRatings = computeCells(store, { ...BASE, groupBy }).cells;
      const without = computeCells(store, { ...BASE, groupBy, ratings: false }).cells;
      expect(withRatings.some((c) => c.meanRating !== null && c.weightedRating !== null)).toBe(true);
      expect(without).toEqual(withRatings.map((c) => ({ ...c, meanRating: null, weightedRating: null })));
    }
  });

  it('a key space too large to index directly (thousands of languages × years) is renumbered, with the same cells', () => {
    const changes: MovieChange[] = [];
    for (let i = 0; i < 3000; i++) {
      changes.push(
        movie({
          tmdbId: i + 1,
          originalLanguage: `l${i % 2100}`,
          releaseYear: 1 + ((i * 7) % 2500),
          budget: 1000 + i,
          revenue: 5000 + ((i * 37) % 4000),
          voteAverage: (i % 100) / 10,
        }),
      );
    }
    const { store, movies } = storeOf(changes);
    for (const groupBy of [
      ['language', 'year'],
      ['year', 'language'],
    ] as Dimension[][]) {
      const spec = { ...BASE, groupBy };
      expect(actual(store, spec)).toEqual(reference(movies, spec));
    }
  });

  it('answers the same after the model changes: the money orders follow the movies', () => {
    const changes = randomChanges(9, { movies: 300, updates: 0 });
    const { store } = storeOf(changes);
    const spec = { ...BASE, groupBy: ['genre', 'budgetBand'] as Dimension[] };
    computeCells(store, spec);
    // Every movie's money and genres change: the orders built for the first answer are stale.
    const newer = changes.map((m, i) =>
      movie({ ...m, observedAt: m.observedAt + 10_000, budget: (i % 7) * 1e6, revenue: (i % 5) * 3e6, genres: i % 2 ? [{ id: 99, name: 'Noir' }] : m.genres }),
    );
    for (const change of newer) store.apply(change);
    expect(actual(store, spec)).toEqual(reference(newer, spec));
  });
});

describe('computeCells after the model changed a little: the money orders are patched, not rebuilt', () => {
  it('equals the definitions after each of many small rounds of changes (new movies, money gained and lost, genres changed)', () => {
    const changes = randomChanges(21, { movies: 600, updates: 0 });
    const { store } = storeOf(changes);
    const held = new Map(changes.map((m) => [m.tmdbId, m]));
    const random = seededRandom(2121);
    const specs: CellSpec[] = [
      { ...BASE, groupBy: ['genre', 'language'] },
      { ...BASE, groupBy: ['budgetBand'], bands: 7 },
      { ...BASE, groupBy: ['decade', 'budgetBand'], minBudget: 2e6 },
    ];
    let clock = 1_000_000;
    for (let round = 0; round < 12; round++) {
      for (const spec of specs) expect(actual(store, spec), `round ${round}, ${spec.groupBy.join('×')}`).toEqual(reference([...held.values()], spec));
      // A few changes: under the patch share of the orders.
      for (let k = 0; k < 1 + Math.floor(random() * 20); k++) {
        const ids = [...held.keys()];
        const roll = random();
        const id = roll < 0.2 ? 10_000 + round * 100 + k : ids[Math.floor(random() * ids.length)]!;
        const before = held.get(id) ?? movie({ tmdbId: id });
        const next = movie({
          ...before,
          tmdbId: id,
          observedAt: ++clock,
          budget: roll < 0.4 ? 0 : Math.round(random() * 3e8),
          revenue: roll > 0.9 ? 0 : Math.round(random() * 5e8),
          genres: roll < 0.5 ? before.genres : [{ id: 18, name: 'Drama' }],
          voteCount: Math.floor(random() * 300),
        });
        store.apply(next);
        held.set(id, next);
      }
    }
  });

  it('rebuilds when the change journal no longer reaches back to the order', () => {
    const changes = randomChanges(22, { movies: 50, updates: 0 });
    const { store } = storeOf(changes);
    const spec = { ...BASE, groupBy: ['genre'] as Dimension[] };
    computeCells(store, spec);
    const last = new Map(changes.map((m) => [m.tmdbId, m]));
    // More changes than the journal holds (65,536), the same 50 movies over and over.
    let clock = 1_000_000;
    for (let k = 0; k < 70_000; k++) {
      const m = changes[k % changes.length]!;
      const next = { ...m, observedAt: ++clock, budget: (k % 9) * 1e6 + 1000, revenue: (k % 13) * 2e6 };
      store.apply(next);
      last.set(m.tmdbId, next);
    }
    expect(store.changedSince(0)).toBeNull();
    expect(actual(store, spec)).toEqual(reference([...last.values()], spec));
  });
});

describe('computeCells for genre cuts from their layouts', () => {
  it('equals the definitions for random filters, floors and medians, both key orders (cells of several checkpoints)', () => {
    // 6,000 movies: the largest cells hold several hundred pairs, so sums start from checkpoints.
    const { store, movies } = storeOf(randomChanges(41, { movies: 6000, updates: 1500 }));
    // With the ROI run too (the layout is made with revenue's and profit's; ROI's when first asked, off the request).
    layOut(store).run('roi');
    expect(layoutState(store)).toBe('current');
    const random = seededRandom(4141);
    for (let q = 0; q < 30; q++) {
      const spec = randomSpec(random, q % 2 ? ['genre', 'language'] : ['language', 'genre']);
      expect(actual(store, spec), JSON.stringify(spec)).toEqual(asked(reference(movies, spec), spec));
    }
  });

  it('by year and by decade: equals the definitions, and answers exactly the cuts whose filters keep whole cells', () => {
    // 12,000 movies over 30 years: the largest genre × year cells pass a checkpoint, every genre × decade cell several.
    const { store, movies } = storeOf(randomChanges(44, { movies: 12_000, updates: 2000, firstYear: 1985, years: 30 }));
    const random = seededRandom(4444);
    for (const by of ['year', 'decade'] as const) {
      layOut(store, by).run('roi');
      expect(layoutState(store, by)).toBe('current');
      let served = 0;
      for (let q = 0; q < 30; q++) {
        const spec: CellSpec = {
          ...randomSpec(random, q % 2 ? ['genre', by] : [by, 'genre']),
          from: [null, 1990, 1993, 2000][Math.floor(random() * 4)]!,
          to: [null, 1999, 2004, 2009][Math.floor(random() * 4)]!,
        };
        // The layout answers unless a genre or language filter, or a year range cutting through a decade, splits its cells.
        const whole = by === 'year' || ((spec.from === null || spec.from % 10 === 0) && (spec.to === null || spec.to % 10 === 9));
        const expectServed = spec.genre === null && spec.language === null && whole;
        const before = layoutAnswers.count;
        expect(actual(store, spec), JSON.stringify(spec)).toEqual(asked(reference(movies, spec), spec));
        expect(layoutAnswers.count - before, `served from the layout: ${JSON.stringify(spec)}`).toBe(expectServed ? 1 : 0);
        served += layoutAnswers.count - before;
      }
      // Enough of them from the layout for the comparison to check it.
      expect(served).toBeGreaterThan(5);
    }
  });

  it('is made again for each version of the model: rounds of changes, each answered from a fresh layout', () => {
    const changes = randomChanges(42, { movies: 1500, updates: 0 });
    const { store } = storeOf(changes);
    const held = new Map(changes.map((m) => [m.tmdbId, m]));
    const random = seededRandom(4242);
    let clock = 1_000_000;
    for (let round = 0; round < 8; round++) {
      const spec = randomSpec(random, ['genre', 'language']);
      layOut(store).run('roi');
      expect(actual(store, spec), `round ${round}`).toEqual(asked(reference([...held.values()], spec), spec));
      for (let k = 0; k < 1 + Math.floor(random() * 40); k++) {
        const ids = [...held.keys()];
        const id = random() < 0.2 ? 50_000 + round * 100 + k : ids[Math.floor(random() * ids.length)]!;
        const before = held.get(id) ?? movie({ tmdbId: id, originalLanguage: 'en' });
        const next = movie({
          ...before,
          tmdbId: id,
          observedAt: ++clock,
          budget: random() < 0.3 ? 0 : Math.round(random() * 3e8),
          revenue: Math.round(random() * 5e8),
          genres: random() < 0.5 ? before.genres : [{ id: 18, name: 'Drama' }],
          originalLanguage: random() < 0.2 ? 'ja' : before.originalLanguage,
          voteCount: Math.floor(random() * 500),
          voteAverage: Math.round(random() * 100) / 10,
        });
        store.apply(next);
        held.set(id, next);
      }
    }
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('is made off the request, once the model has been still for the quiet period; until then the passes answer, with every change in', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'performance'] });
    const changes = randomChanges(43, { movies: 400, updates: 0 });
    const { store } = storeOf(changes);
    const spec: CellSpec = { ...BASE, groupBy: ['genre', 'language'] };
    expect(layoutState(store)).toBe('none');
    // The first answer: by the passes; the layout is scheduled, not made.
    expect(actual(store, spec)).toEqual(reference(changes, spec));
    expect(layoutState(store)).toBe('scheduled');
    vi.advanceTimersByTime(LAYOUT_QUIET_MS - 1);
    expect(layoutState(store)).toBe('scheduled');
    vi.advanceTimersByTime(1);
    expect(layoutState(store)).toBe('current');
    expect(actual(store, spec)).toEqual(reference(changes, spec));

    // Changes keep coming within the quiet period: the layout waits, and every answer has the latest change in.
    let now = [...changes];
    for (let k = 0; k < 5; k++) {
      vi.advanceTimersByTime(LAYOUT_QUIET_MS / 2);
      const changed = movie({ ...now[k]!, observedAt: 9e9 + k, genres: [{ id: 10752, name: 'War' }], originalLanguage: 'en' });
      store.apply(changed);
      now = now.map((m) => (m.tmdbId === changed.tmdbId ? changed : m));
      expect(actual(store, spec), `change ${k}`).toEqual(reference(now, spec));
      expect(actual(store, spec).cells.find((c) => c.key === 'War|en')?.movies).toBe(k + 1);
      expect(layoutState(store)).toBe('scheduled');
    }
    vi.advanceTimersByTime(LAYOUT_QUIET_MS);
    expect(layoutState(store)).toBe('current');
    expect(actual(store, spec)).toEqual(reference(now, spec));

    // A measure whose run the layout lacks (ROI): answered by the passes, its run made just after.
    const roi: CellSpec = { ...spec, medians: { roi: true } };
    const layout = layOut(store);
    expect(layout.hasRun('roi')).toBe(false);
    expect(actual(store, roi)).toEqual(asked(reference(now, roi), roi));
    vi.advanceTimersByTime(0);
    expect(layout.hasRun('roi')).toBe(true);
    expect(actual(store, roi)).toEqual(asked(reference(now, roi), roi));
  });
});

describe('computeCells by its quicker passes: counting cells, and walking the genre pairs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const MONEY_KEYS = ['revenue', 'profit', 'roi'] as const;
  /** randomSpec with bands, a year range, and ratings and budget ranges mostly off (the cells are then counted, not summed). */
  const countedSpec = (random: () => number, groupBy: Dimension[]): CellSpec => ({
    ...randomSpec(random, groupBy),
    bands: 1 + Math.floor(random() * 12),
    edges: random() < 0.3 ? [1000, 2e6, 1e8] : null,
    from: random() < 0.25 ? 1994 : null,
    to: random() < 0.25 ? 2006 : null,
    ratings: random() < 0.3,
    budgetRange: random() < 0.2,
  });

  it('every cut equals the definitions, counted or summed, before and after the genre pairs are made', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'performance'] });
    for (const seed of [51, 52]) {
      const { store, movies } = storeOf(randomChanges(seed, { movies: 600, updates: 300, years: 20 }));
      const random = seededRandom(seed);
      const specs: CellSpec[] = [];
      for (const a of DIMENSIONS) for (const b of [null, ...DIMENSIONS]) if (b !== a) specs.push(countedSpec(random, b === null ? [a] : [a, b]));
      const index = cellIndexOf(store);
      for (const spec of specs) expect(actual(store, spec), JSON.stringify({ seed, spec })).toEqual(asked(reference(movies, spec), spec));
      // Not made on the request: the walks read each movie's names.
      expect(MONEY_KEYS.map((key) => index.genrePairs(index.order(key)))).toEqual([null, null, null]);
      index.layGenrePairs();
      expect(MONEY_KEYS.every((key) => index.genrePairs(index.order(key)) !== null)).toBe(true);
      for (const spec of specs) expect(actual(store, spec), JSON.stringify({ seed, spec, pairs: true })).toEqual(asked(reference(movies, spec), spec));
    }
  });

  it('the genre pairs are made off the request once the model has been still for the quiet period, and an order changed since has none', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'performance'] });
    const changes = randomChanges(53, { movies: 500, updates: 0 });
    const { store } = storeOf(changes);
    const index = cellIndexOf(store);
    const spec: CellSpec = { ...BASE, groupBy: ['budgetBand', 'genre'], ratings: false, budgetRange: false };
    expect(actual(store, spec)).toEqual(asked(reference(changes, spec), spec));
    const order = index.order('revenue');
    expect(index.genrePairs(order)).toBeNull();
    vi.advanceTimersByTime(MODEL_QUIET_MS);
    const pairs = index.genrePairs(order)!;
    // Pair j names a genre of the movie at position[j], in position order; every name of every movie is there once.
    expect(pairs.position.length).toBe(
      Array.from(order.slots, (slot) => new Set(store.genreSets[store.genreSet[slot]!]!.pairs.map((p) => store.genrePairs[p]!.name)).size).reduce(
        (a, b) => a + b,
        0,
      ),
    );
    expect(pairs.position.every((p, j) => j === 0 || p >= pairs.position[j - 1]!)).toBe(true);

    // A change: the new orders have no pairs until the model is still again, and the answers have the change in.
    const changed = movie({ ...changes[0]!, observedAt: 9e9, genres: [{ id: 10752, name: 'War' }], budget: 5e7, revenue: 9e7 });
    store.apply(changed);
    const now = changes.map((m) => (m.tmdbId === changed.tmdbId ? changed : m));
    expect(actual(store, spec)).toEqual(asked(reference(now, spec), spec));
    expect(index.genrePairs(index.order('revenue'))).toBeNull();
    vi.advanceTimersByTime(MODEL_QUIET_MS - 1);
    expect(index.genrePairs(index.order('revenue'))).toBeNull();
    vi.advanceTimersByTime(1);
    expect(index.genrePairs(index.order('revenue'))).not.toBeNull();
    expect(actual(store, spec)).toEqual(asked(reference(now, spec), spec));
  });
});
