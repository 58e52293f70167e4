import { MovieStore } from '../../read-model/movie-store.js';
import { NO_DETAILS } from '../../movies/movie-change.js';
import { languageName } from '../../movies/language-names.js';
import { roundTo } from '../statistics.js';
import { compareCodeUnits } from './genres.js';
import { cellIndexOf, type CellIndex, type MoneyKey, type MoneyOrder } from './cell-index.js';
import {
  accumulate,
  accumulateByGenre,
  bandKeys,
  CellTable,
  combineKeys,
  count,
  countable,
  countByGenre,
  DENSE_LIMIT,
  densifyKeys,
  intScratch,
  keepKeyed,
  languageKeys,
  moneyList,
  type GenreSplit,
  type MoneyList,
  selectedBudgetsAscending,
  selectMovies,
  STRIDE,
  walkRanks,
  yearKeys,
  yearRange,
} from './cell-passes.js';
import {
  genreLayout,
  keyNumbers,
  layOut,
  layoutCells,
  layoutConsidered,
  layoutHasRuns,
  runsFor,
  type GenreLayout,
  type LayoutKey,
  type LayoutRequest,
} from './genre-layout.js';
import { edgeBands, PROFIT_PERCENTILES, quantileAt, quantileBands, ranksInto, type Bands } from './quantiles.js';
import { moneyFloor } from './top-movies.js';

/**
 * The group engine behind genre-language, budget-bands and explore: one pass over the read model's columns
 * puts each movie that passes the filters into its cells (a movie with several genres is in one cell per genre
 * name) and sums per cell; medians and percentiles are read off one walk per measure along the money orders the
 * index keeps (cell-index.ts), and quantile bands off its budget order. No database, no sort per request.
 */

export const DIMENSIONS = ['language', 'genre', 'year', 'decade', 'budgetBand'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const MEASURES = ['count', 'meanRating', 'weightedRating', 'medianRevenue', 'medianProfit', 'medianRoi', 'shareProfitable'] as const;
export type CellMeasure = (typeof MEASURES)[number];

export interface CellFilters {
  minVotes: number;
  /** Release years, inclusive; a movie without a year is left out when either is given. */
  from: number | null;
  to: number | null;
  /** Original-language code. */
  language: string | null;
  /** Genre name: the movie lists it. */
  genre: string | null;
  minBudget: number;
  minRevenue: number;
}

export interface CellSpec extends CellFilters {
  groupBy: readonly Dimension[];
  /** Quantile bands for the budgetBand dimension … */
  bands: number;
  /** … unless fixed edges are given. */
  edges: readonly number[] | null;
  /** Which medians to select (the sums are always there). */
  medians: { revenue?: boolean; profit?: boolean; roi?: boolean; profitPercentiles?: boolean };
  /** Also count, per cell, the movies with known money and profit ≥ this. */
  profitAtLeast?: number | null;
  /** Also the lowest and highest budget of each cell's money movies (null unless asked). */
  budgetRange?: boolean;
  /** Whether the rating measures are wanted (meanRating and weightedRating null when false); true unless said. */
  ratings?: boolean;
}

/** One cell before it is shaped into an answer's item: its key per dimension (dense indexes), sums and medians, rounded as shown. */
export interface Cell {
  keys: number[];
  movies: number;
  /** Movies of the cell with known money (budget ≥ minBudget and revenue ≥ minRevenue). */
  moneyMovies: number;
  meanRating: number | null;
  weightedRating: number | null;
  medianRevenue: number | null;
  medianProfit: number | null;
  medianRoi: number | null;
  shareProfitable: number | null;
  p10Profit: number | null;
  p90Profit: number | null;
  /** Money movies with profit ≥ profitAtLeast. */
  reaching: number;
  lowestBudget: number | null;
  highestBudget: number | null;
}

export interface CellsResult {
  /** Movies that passed the filters and have a key in every dimension. */
  considered: number;
  cells: Cell[];
  /** The budget bands in use (when grouping by budgetBand). */
  bands: Bands | null;
  /** A cell's key fields, e.g. { genre, genreId, language, languageName }. */
  describe(cell: Cell): Record<string, string | number | null>;
  /** Key order: ascending per dimension, in groupBy order (codes and names by UTF-16 code units). */
  compareKeys(a: Cell, b: Cell): number;
}

interface DimensionState {
  card: number;
  /** Fills out[i] with the key of the i-th selected movie (−1: none); genre has none (a movie has several). */
  fill: ((out: Int32Array) => void) | null;
  describe(key: number, into: Record<string, string | number | null>): void;
  compare(a: number, b: number): number;
}

/** Movies of the priming store (below): enough for every branch of every pass, few enough to cost nothing. */
const PRIMING_MOVIES = 64;
let primed = false;

/**
 * Runs every pass once over a tiny store of made-up movies, for every dimension and measure, before the first
 * real answer. V8 compiles the long loops of a pass while they run (on-stack replacement) and throws that code
 * away at the first statement after the loop it has never seen run; without priming that happened on every
 * call, and at 100k movies about half of each answer's time was the interpreter and recompiling.
 */
function prime(): void {
  primed = true;
  const store = new MovieStore();
  for (let i = 1; i <= PRIMING_MOVIES; i++) {
    store.apply({
      ...NO_DETAILS,
      tmdbId: i,
      title: `m${i}`,
      observedAt: 1,
      contentHash: 'AAAAAAAA',
      updatedAt: 1,
      originalLanguage: ['en', 'fr', null][i % 3]!,
      genres: i % 5 === 0 ? [] : [{ id: 18, name: 'Drama' }, ...(i % 2 ? [{ id: 35, name: 'Comedy' }] : [])],
      releaseYear: i % 7 === 0 ? null : 1990 + (i % 20),
      budget: i % 4 === 0 ? 0 : i * 1_000_000,
      revenue: i % 6 === 0 ? 0 : i * 1_500_000 + (i % 3) * 7_000_000,
      voteAverage: (i % 10) + 0.5,
      voteCount: i * 10,
    });
  }
  const medians = { revenue: true, profit: true, roi: true, profitPercentiles: true };
  const base = {
    minVotes: 0,
    from: null,
    to: null,
    language: null,
    genre: null,
    minBudget: 1000,
    minRevenue: 1000,
    bands: 4,
    edges: null,
    medians,
    profitAtLeast: 1,
    budgetRange: true,
  };
  for (const a of DIMENSIONS) for (const b of [null, ...DIMENSIONS]) if (b !== a) computeCells(store, { ...base, groupBy: b === null ? [a] : [a, b] });
  computeCells(store, { ...base, groupBy: ['budgetBand'], edges: [1_000_000, 10_000_000], from: 1991, to: 2005, language: 'en', genre: 'Drama', minVotes: 50 });
  // The counting passes (no ratings, no budget ranges), and the walks along the money orders' genre pairs.
  cellIndexOf(store).layGenrePairs();
  for (const a of DIMENSIONS)
    for (const b of [null, ...DIMENSIONS])
      if (b !== a) computeCells(store, { ...base, groupBy: b === null ? [a] : [a, b], ratings: false, budgetRange: false });
  // The genre layouts, made at once.
  for (const by of ['language', 'year', 'decade'] as const) layOut(store, by).run('roi');
  computeCells(store, { ...base, groupBy: ['genre', 'language'] });
  computeCells(store, { ...base, groupBy: ['language', 'genre'], language: 'en', minVotes: 50 });
  computeCells(store, { ...base, groupBy: ['genre', 'year'], from: 1995, to: 2005 });
  computeCells(store, { ...base, groupBy: ['decade', 'genre'], minVotes: 50 });
}

/** The quantiles each measure's walk reads: medians, and for profit also p10 and p90 when asked (PROFIT_PERCENTILES). */
const MEDIAN = [0.5];

/** The cells of a cut: from the genre × language layout when it is that cut and the layout is current, else by the passes. */
export function computeCells(store: MovieStore, spec: CellSpec): CellsResult {
  if (!primed) prime();
  const index = cellIndexOf(store);
  const fb = moneyFloor(spec.minBudget);
  const fr = moneyFloor(spec.minRevenue);

  // The filters.
  const languageFilter = spec.language === null ? -1 : store.languages.indexOf(spec.language);
  const genreFilter = spec.genre === null ? -1 : (index.nameIndex.get(spec.genre) ?? -2);
  const setHasGenre = genreFilter < 0 ? null : index.setsWithName(genreFilter);
  const yearFilter = spec.from !== null || spec.to !== null;
  const noMatch = (spec.language !== null && languageFilter <= 0) || genreFilter === -2;
  const by = noMatch ? null : layoutFor(spec);
  if (by !== null) {
    const layout = genreLayout(store, by);
    if (layout !== null) {
      const request = layoutRequest(layout, spec, fb, fr, languageFilter);
      if (layoutHasRuns(layout, runsFor(request))) return fromLayout(layout, store, index, spec, request);
    }
  }
  const selected = noMatch
    ? new Int32Array(0)
    : selectMovies(store, spec.minVotes, yearFilter, spec.from ?? -Infinity, spec.to ?? Infinity, languageFilter, setHasGenre);

  // The budget bands, over the selected movies with known money.
  let bands: Bands | null = null;
  if (spec.groupBy.includes('budgetBand')) {
    bands = spec.edges !== null ? edgeBands(spec.edges) : quantileBands(selectedBudgetsAscending(store, selected, index.order('budget'), fb, fr), spec.bands);
  }

  const dims = spec.groupBy.map((dim) => dimension(dim, store, index, selected, bands, fb, fr));
  // Each selected movie's key over the dimensions other than genre (at most two of them), then its cells.
  const genreAt = spec.groupBy.indexOf('genre');
  const others = dims.filter((_, d) => d !== genreAt);
  const keys = intScratch('keys', selected.length);
  if (others.length === 0) keys.fill(0);
  else others[0]!.fill!(keys);
  if (others.length === 2) {
    const second = intScratch('second', selected.length);
    others[1]!.fill!(second);
    combineKeys(keys, second, others[1]!.card);
  }
  let otherCard = others.reduce((product, d) => product * d.card, 1);
  const names = genreAt === -1 ? 1 : index.names.length;
  // The original key of each key number when the keys were renumbered (a key space too large to index directly).
  const originals = names * otherCard > DENSE_LIMIT ? densifyKeys(keys) : null;
  if (originals !== null) otherCard = Math.max(1, originals.length);
  const split = genreAt === -1 ? null : { setStart: index.setStart, setNames: index.setNames, names, card: otherCard };
  const table = new CellTable(names * otherCard);

  const m = spec.medians;
  const wantMoney = m.revenue || m.profit || m.roi || m.profitPercentiles;
  const money = wantMoney ? moneyList(selected.length) : null;
  const ratings = spec.ratings !== false;
  // Only the movies with a key go on to the passes (moved in place: the bands and keys have been read already).
  const kept = others.length === 0 ? selected.length : keepKeyed(selected, keys);
  const ctx = {
    store,
    selected: selected.subarray(0, kept),
    keys: keys.subarray(0, kept),
    table,
    fb,
    fr,
    target: spec.profitAtLeast ?? Infinity,
    range: spec.budgetRange === true,
    ratings,
    money,
  };
  const space = names * otherCard;
  const considered = countable(ctx, space)
    ? split === null
      ? count(ctx, space)
      : countByGenre(ctx, split)
    : split === null
      ? accumulate(ctx)
      : accumulateByGenre(ctx, split);
  const sums = table.sums;
  const cells = table.size;

  // Medians and percentiles: one walk along each money order needed; per measure, ps.length values per cell.
  const wanted = quantilesWanted(spec.medians);
  const walked = new Map<MoneyKey, Float64Array>();
  for (const [key, ps] of wanted)
    walked.set(
      key,
      cellQuantiles(index, index.order(key), money!, table, split, ps, (c) => sums[c * STRIDE + 4]!),
    );

  // Cell keys in groupBy order: decoded from the table's key (genre name · otherCard + the other dimensions' key).
  const keyOfDims = (tableKey: number): number[] => {
    const name = Math.floor(tableKey / otherCard);
    const rest = originals === null ? tableKey % otherCard : originals[tableKey % otherCard]!;
    if (split !== null) return dims.length === 1 ? [name] : genreAt === 0 ? [name, rest] : [rest, name];
    return dims.length === 1 ? [rest] : [Math.floor(rest / dims[1]!.card), rest % dims[1]!.card];
  };

  const out: Cell[] = [];
  for (let c = 0; c < cells; c++) {
    const at = c * STRIDE;
    out.push(
      shapeCell(
        {
          keys: keyOfDims(table.keys[c]!),
          movies: sums[at]!,
          moneyMovies: sums[at + 4]!,
          ratingSum: sums[at + 1]!,
          weightedSum: sums[at + 2]!,
          voteSum: sums[at + 3]!,
          profitable: sums[at + 5]!,
          reaching: sums[at + 6]!,
          lowestBudget: sums[at + 7]!,
          highestBudget: sums[at + 8]!,
          quantile: (key, j) => walked.get(key)?.[c * wanted.get(key)!.length + j] ?? null,
        },
        spec,
      ),
    );
  }

  return {
    considered,
    cells: out,
    bands,
    ...keyFunctions(dims),
  };
}

/** A cell's figures before rounding, from either path. quantile(key, j): the quantile wanted[key][j] (null or NaN: none). */
interface RawCell {
  keys: number[];
  movies: number;
  moneyMovies: number;
  /** Σ rating and Σ rating × votes (exact sums' high parts), Σ votes. */
  ratingSum: number;
  weightedSum: number;
  voteSum: number;
  profitable: number;
  reaching: number;
  lowestBudget: number;
  highestBudget: number;
  quantile(key: MoneyKey, j: number): number | null;
}

/** A cell as the answers get it: the measures asked for, rounded as shown (money 2 places, ROI and shares 4). */
function shapeCell(c: RawCell, spec: CellSpec): Cell {
  const m = spec.medians;
  const mn = c.moneyMovies;
  const profitMedianAt = m.profitPercentiles ? 1 : 0;
  return {
    keys: c.keys,
    movies: c.movies,
    moneyMovies: mn,
    meanRating: spec.ratings !== false ? roundTo(c.ratingSum / c.movies, 2) : null,
    weightedRating: spec.ratings !== false && c.voteSum > 0 ? roundTo(c.weightedSum / c.voteSum, 2) : null,
    medianRevenue: m.revenue ? roundTo(c.quantile('revenue', 0), 2) : null,
    medianProfit: m.profit || m.profitPercentiles ? roundTo(c.quantile('profit', profitMedianAt), 2) : null,
    medianRoi: m.roi ? roundTo(c.quantile('roi', 0), 4) : null,
    shareProfitable: mn > 0 ? roundTo(c.profitable / mn, 4) : null,
    p10Profit: m.profitPercentiles ? roundTo(c.quantile('profit', 0), 2) : null,
    p90Profit: m.profitPercentiles ? roundTo(c.quantile('profit', 2), 2) : null,
    reaching: c.reaching,
    lowestBudget: spec.budgetRange && mn > 0 ? c.lowestBudget : null,
    highestBudget: spec.budgetRange && mn > 0 ? c.highestBudget : null,
  };
}

/** A cell's key fields and the key order, from its dimensions. */
function keyFunctions(dims: readonly DimensionState[]): Pick<CellsResult, 'describe' | 'compareKeys'> {
  return {
    describe: (cell) => {
      const into: Record<string, string | number | null> = {};
      cell.keys.forEach((k, d) => dims[d]!.describe(k, into));
      return into;
    },
    compareKeys: (a, b) => {
      for (let d = 0; d < dims.length; d++) {
        const c = dims[d]!.compare(a.keys[d]!, b.keys[d]!);
        if (c !== 0) return c;
      }
      return 0;
    },
  };
}

/**
 * The genre layout that answers a spec, or null for the passes: a cut of genre and one of language, year or decade
 * (either order), whose filters keep whole cells. A genre filter never does (it keeps a movie with all its genres); a
 * language filter does on language's layout, and a year range on year's, or on decade's when it spans whole decades.
 */
function layoutFor(spec: CellSpec): LayoutKey | null {
  const { groupBy } = spec;
  if (groupBy.length !== 2 || !groupBy.includes('genre') || spec.genre !== null) return null;
  const other = groupBy[0] === 'genre' ? groupBy[1]! : groupBy[0]!;
  const years = spec.from !== null || spec.to !== null;
  switch (other) {
    case 'language':
      return years ? null : 'language';
    case 'year':
      return spec.language !== null ? null : 'year';
    case 'decade': {
      const wholeDecades = (spec.from === null || spec.from % 10 === 0) && (spec.to === null || spec.to % 10 === 9);
      return spec.language !== null || !wholeDecades ? null : 'decade';
    }
    default:
      return null;
  }
}

/** The quantiles each measure's walk reads, per money order. */
function quantilesWanted(m: CellSpec['medians']): Map<MoneyKey, readonly number[]> {
  const wanted = new Map<MoneyKey, readonly number[]>();
  if (m.revenue) wanted.set('revenue', MEDIAN);
  if (m.profitPercentiles) wanted.set('profit', PROFIT_PERCENTILES);
  else if (m.profit) wanted.set('profit', MEDIAN);
  if (m.roi) wanted.set('roi', MEDIAN);
  return wanted;
}

/** What the layout is asked for a spec (language: the language filter's index, −1 for none). */
function layoutRequest(layout: GenreLayout, spec: CellSpec, fb: number, fr: number, language: number): LayoutRequest {
  const step = layout.by === 'decade' ? 10 : 1;
  const keys =
    layout.by === 'language'
      ? language > 0
        ? { keyFrom: language, keyTo: language }
        : { keyFrom: 1, keyTo: layout.keys - 1 }
      : keyNumbers(layout, Math.floor((spec.from ?? -Infinity) / step), Math.floor((spec.to ?? Infinity) / step));
  return {
    minVotes: spec.minVotes,
    fb,
    fr,
    ...keys,
    target: spec.profitAtLeast ?? Infinity,
    budgetRange: spec.budgetRange === true,
    quantiles: quantilesWanted(spec.medians),
  };
}

/** A genre cut answered from its layout: the same cells, sums and medians as the passes give, keyed as they key them. */
function fromLayout(layout: GenreLayout, store: MovieStore, index: CellIndex, spec: CellSpec, request: LayoutRequest): CellsResult {
  layoutAnswers.count++;
  const genreFirst = spec.groupBy[0] === 'genre';
  // A year dimension numbers its keys from the model's first year (or decade): the layout's years and decades ÷ 10, less that.
  const origin = layout.by === 'language' ? 0 : layout.by === 'year' ? (yearRange(store, false)?.first ?? 0) : (yearRange(store, true)?.first ?? 0) / 10;
  const cells = layoutCells(layout, store, request).map((c) => {
    const other = c.key - origin;
    return shapeCell({ ...c, keys: genreFirst ? [c.name, other] : [other, c.name], quantile: (key, j) => c.quantiles.get(key)?.[j] ?? null }, spec);
  });
  const none = new Int32Array(0);
  const dims = spec.groupBy.map((dim) => dimension(dim, store, index, none, null, request.fb, request.fr));
  return {
    considered: layoutConsidered(layout, request),
    cells,
    bands: null,
    ...keyFunctions(dims),
  };
}

/** Answers the genre layouts have given in this process (for the tests that check which path answered). */
export const layoutAnswers = { count: 0 };

/** A dimension's keys, names and order. */
function dimension(dim: Dimension, store: MovieStore, index: CellIndex, selected: Int32Array, bands: Bands | null, fb: number, fr: number): DimensionState {
  switch (dim) {
    case 'language':
      return {
        card: store.languages.length,
        fill: (out) => languageKeys(out, store, selected),
        describe: (k, into) => {
          const code = store.languages[k]!;
          into['language'] = code;
          into['languageName'] = languageName(code);
        },
        compare: (a, b) => compareCodeUnits(store.languages[a]!, store.languages[b]!),
      };
    case 'genre': {
      const minId = index.minIdOfNames();
      return {
        card: index.names.length,
        fill: null,
        describe: (k, into) => {
          into['genre'] = index.names[k]!;
          into['genreId'] = minId[k]!;
        },
        compare: (a, b) => compareCodeUnits(index.names[a]!, index.names[b]!),
      };
    }
    case 'year':
    case 'decade': {
      const decade = dim === 'decade';
      const range = yearRange(store, decade) ?? { first: 0, last: 0 };
      const step = decade ? 10 : 1;
      return {
        card: (range.last - range.first) / step + 1,
        fill: (out) => yearKeys(out, store, selected, range.first, decade),
        describe: (k, into) => {
          into[dim] = range.first + k * step;
        },
        compare: (a, b) => a - b,
      };
    }
    case 'budgetBand': {
      const b = bands!;
      return {
        card: b.lower.length,
        fill: (out) => bandKeys(out, store, selected, b, index.order('budget'), fb, fr),
        describe: (k, into) => {
          into['budgetBand'] = k + 1;
          into['bandFrom'] = Number.isFinite(b.lower[k]!) ? b.lower[k]! : null;
          into['bandTo'] = b.upper[k]!;
        },
        compare: (a, c) => a - c,
      };
    }
  }
}

/**
 * The quantiles `ps` (ascending) of each cell's money values (quantiles.ts: PERCENTILE.INC, the median of an even
 * count the mean of the two middle values), from the values at the ranks they need, read off one walk along the
 * money order. result[cell · ps.length + j] is the quantile ps[j]; NaN for a cell without money movies (roundTo
 * makes it null). Nothing is allocated per cell: two-way cuts have thousands of cells.
 */
function cellQuantiles(
  index: CellIndex,
  order: MoneyOrder,
  money: MoneyList,
  table: CellTable,
  genre: GenreSplit | null,
  ps: readonly number[],
  moneyOf: (cell: number) => number,
): Float64Array {
  const cells = table.size;
  const width = ps.length * 2;
  const ranks = new Int32Array(cells * width).fill(-1);
  let withRanks = 0;
  for (let c = 0; c < cells; c++) {
    const n = moneyOf(c);
    if (n === 0) continue;
    withRanks++;
    ranksInto(n, ps, ranks, c * width);
  }
  const values = walkRanks(order, money, table, genre, ranks, width, withRanks, genre === null ? null : index.genrePairs(order));
  const result = new Float64Array(cells * ps.length).fill(NaN);
  let row = 0;
  const valueAt = (rank: number): number => {
    for (let j = 0; j < width; j++) if (ranks[row + j] === rank) return values[row + j]!;
    throw new Error(`rank ${rank} was not walked`);
  };
  for (let c = 0; c < cells; c++) {
    const n = moneyOf(c);
    if (n === 0) continue;
    row = c * width;
    for (let j = 0; j < ps.length; j++) result[c * ps.length + j] = quantileAt(n, ps[j]!, valueAt)!;
  }
  return result;
}

/** Sorts cells by a measure (null last whatever the order), ties by key ascending. */
export function sortCells<T>(cells: T[], value: (cell: T) => number | null, order: 'desc' | 'asc', compareKeys: (a: T, b: T) => number): T[] {
  const sign = order === 'desc' ? -1 : 1;
  return cells.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? compareKeys(a, b) : x === null ? 1 : -1;
    return x !== y ? (x < y ? -sign : sign) : compareKeys(a, b);
  });
}
