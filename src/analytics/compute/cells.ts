import { MovieStore, NO_YEAR } from '../../read-model/movie-store.js';
import { NO_DETAILS } from '../../movies/movie-change.js';
import { languageName } from '../../movies/language-names.js';
import { roundTo } from '../statistics.js';
import { compareCodeUnits } from './genres.js';
import { bandOf, edgeBands, medianOf, quantileBands, quantilesOf, type Bands } from './quantiles.js';
import { moneyFloor } from './top-movies.js';

/**
 * The group engine behind genre-language, budget-bands and explore: one pass over the read model's columns
 * puts each movie that passes the filters into its cells (a movie with several genres is in one cell per genre
 * name), sums per cell, and selects medians and percentiles per cell in place. No database, no full sort
 * except the one of the budgets that quantile bands need.
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
  /** Single-valued dimensions: the dense key of a slot, −1 when it has none. */
  keyOf?: (slot: number) => number;
  describe(key: number, into: Record<string, string | number | null>): void;
  compare(a: number, b: number): number;
}

/** The distinct years (or decades) of the selected movies, numbered in order of first appearance: dense[year + 32768]. */
function denseYears(years: Int16Array, selected: Int32Array, decade: boolean): { dense: Int32Array; values: number[] } {
  const dense = intScratch(decade ? 'decades' : 'years', 65536).fill(-1);
  const values: number[] = [];
  for (let i = 0; i < selected.length; i++) {
    const y = years[selected[i]!]!;
    if (y === NO_YEAR) continue;
    const v = decade ? Math.floor(y / 10) * 10 : y;
    if (dense[v + 32768] !== -1) continue;
    dense[v + 32768] = values.length;
    values.push(v);
  }
  return { dense, values };
}

/** Which genre sets some movie held now lists (its own function: a long loop V8 optimises once and keeps). */
function setsInUse(genreSet: Uint32Array, size: number, sets: number): Uint8Array {
  const inUse = new Uint8Array(sets);
  for (let s = 0; s < size; s++) inUse[genreSet[s]!] = 1;
  return inUse;
}

/**
 * Genre names of the store: per genre set the distinct names it lists, and per name the lowest id it has among the
 * movies held now (a pair only an older version of a movie listed does not count).
 */
export function genreNames(store: MovieStore): { names: string[]; minId: number[]; setNames: Int32Array[]; nameIndex: Map<string, number> } {
  const inUse = setsInUse(store.genreSet, store.size, store.genreSets.length);
  const nameIndex = new Map<string, number>();
  const names: string[] = [];
  const nameOfPair = store.genrePairs.map(({ name }) => {
    let index = nameIndex.get(name);
    if (index === undefined) {
      index = names.length;
      names.push(name);
      nameIndex.set(name, index);
    }
    return index;
  });
  const minId: number[] = names.map(() => Infinity);
  const setNames = store.genreSets.map((set, i) => {
    if (inUse[i]) {
      for (const p of set.pairs) {
        const name = nameOfPair[p]!;
        if (store.genrePairs[p]!.id < minId[name]!) minId[name] = store.genrePairs[p]!.id;
      }
    }
    return Int32Array.from(new Set(set.pairs.map((p) => nameOfPair[p]!)));
  });
  return { names, minId, setNames, nameIndex };
}

/**
 * The slots of the movies that pass the filters, in slot order. Its own function (as are the other passes over
 * the movies): a small loop V8 optimises once and keeps, where one long function deoptimised at each new branch.
 */
function selectMovies(
  store: MovieStore,
  minVotes: number,
  yearFilter: boolean,
  from: number,
  to: number,
  languageFilter: number,
  setHasGenre: boolean[] | null,
): Int32Array {
  const size = store.size;
  const voteCount = store.voteCount;
  const years = store.year;
  const languages = store.language;
  const genreSet = store.genreSet;
  const selected = intScratch('selected', size);
  let count = 0;
  for (let s = 0; s < size; s++) {
    if (voteCount[s]! < minVotes) continue;
    if (yearFilter) {
      const y = years[s]!;
      if (y === NO_YEAR || y < from || y > to) continue;
    }
    if (languageFilter > 0 && languages[s] !== languageFilter) continue;
    if (setHasGenre !== null && !setHasGenre[genreSet[s]!]) continue;
    selected[count++] = s;
  }
  return selected.subarray(0, count);
}

const DENSE_LIMIT = 1 << 22;

/**
 * Scratch buffers reused by every call (an answer is computed synchronously, one at a time per thread): the
 * per-movie arrays of a pass over 1M movies are megabytes, and allocating them afresh for every request made
 * the garbage collector a third of an answer's time.
 */
const scratchInt = new Map<string, Int32Array>();
const scratchFloat = new Map<string, Float64Array>();

function intScratch(name: string, length: number): Int32Array {
  let buffer = scratchInt.get(name);
  if (!buffer || buffer.length < length) scratchInt.set(name, (buffer = new Int32Array(Math.max(length, 1024))));
  return buffer.subarray(0, length);
}

function floatScratch(name: string, length: number): Float64Array {
  let buffer = scratchFloat.get(name);
  if (!buffer || buffer.length < length) scratchFloat.set(name, (buffer = new Float64Array(Math.max(length, 1024))));
  return buffer.subarray(0, length);
}

/** Per pre-cell: movies, Σ rating, Σ rating × votes, Σ votes, money movies, profitable, reaching, lowest and highest budget. */
const STRIDE = 9;

/** out[i] = the key of the i-th selected movie (−1: none). */
function fillKeys(out: Int32Array, selected: Int32Array, keyOf: (slot: number) => number): void {
  for (let i = 0; i < out.length; i++) out[i] = keyOf(selected[i]!);
}

/** Each movie's pre-cell (−1 when it lacks a key), numbering the pre-cells in order of first appearance. */
function assignPreCells(
  keysA: Int32Array,
  keysB: Int32Array,
  card2: number,
  product: number,
): { preOfMovie: Int32Array; preFirst: number[]; preSecond: number[]; considered: number } {
  const dense = product <= DENSE_LIMIT ? new Int32Array(product).fill(-1) : null;
  const sparse = dense === null ? new Map<number, number>() : null;
  const preOfMovie = intScratch('preOfMovie', keysA.length);
  const preFirst: number[] = [];
  const preSecond: number[] = [];
  let considered = 0;
  for (let i = 0; i < keysA.length; i++) {
    const a = keysA[i]!;
    const b = keysB[i]!;
    if (a < 0 || b < 0) {
      preOfMovie[i] = -1;
      continue;
    }
    considered++;
    const combined = a * card2 + b;
    let pre = dense !== null ? dense[combined]! : (sparse!.get(combined) ?? -1);
    if (pre === -1) {
      pre = preFirst.length;
      preFirst.push(a);
      preSecond.push(b);
      if (dense !== null) dense[combined] = pre;
      else sparse!.set(combined, pre);
    }
    preOfMovie[i] = pre;
  }
  return { preOfMovie, preFirst, preSecond, considered };
}

/** The sums of each pre-cell (STRIDE values each). */
function accumulate(store: MovieStore, selected: Int32Array, preOfMovie: Int32Array, pres: number, fb: number, fr: number, target: number): Float64Array {
  const budgets = store.budget;
  const revenues = store.revenue;
  const voteAverage = store.voteAverage;
  const voteCount = store.voteCount;
  const acc = new Float64Array(pres * STRIDE);
  for (let p = 0; p < pres; p++) {
    acc[p * STRIDE + 7] = Infinity;
    acc[p * STRIDE + 8] = -Infinity;
  }
  for (let i = 0; i < selected.length; i++) {
    const pre = preOfMovie[i]!;
    if (pre < 0) continue;
    const s = selected[i]!;
    const at = pre * STRIDE;
    const va = voteAverage[s]!;
    const vc = voteCount[s]!;
    acc[at]!++;
    acc[at + 1]! += va;
    acc[at + 2]! += va * vc;
    acc[at + 3]! += vc;
    const budget = budgets[s]!;
    const revenue = revenues[s]!;
    if (budget >= fb && revenue >= fr) {
      acc[at + 4]!++;
      const profit = revenue - budget;
      if (profit > 0) acc[at + 5]!++;
      if (profit >= target) acc[at + 6]!++;
      if (budget < acc[at + 7]!) acc[at + 7] = budget;
      if (budget > acc[at + 8]!) acc[at + 8] = budget;
    }
  }
  return acc;
}

/** Writes each money movie's revenue, profit and ROI into the ranges of its cells (`next`: each cell's next free index). */
function spreadMoney(
  store: MovieStore,
  selected: Int32Array,
  preOfMovie: Int32Array,
  preStart: Int32Array,
  cellsOfPre: readonly number[],
  next: Int32Array,
  fb: number,
  fr: number,
  revenueOf: Float64Array | null,
  profitOf: Float64Array | null,
  roiOf: Float64Array | null,
): void {
  const budgets = store.budget;
  const revenues = store.revenue;
  for (let i = 0; i < selected.length; i++) {
    const pre = preOfMovie[i]!;
    if (pre < 0) continue;
    const s = selected[i]!;
    const budget = budgets[s]!;
    const revenue = revenues[s]!;
    if (budget < fb || revenue < fr) continue;
    for (let k = preStart[pre]!; k < preStart[pre + 1]!; k++) {
      const at = next[cellsOfPre[k]!]!++;
      if (revenueOf) revenueOf[at] = revenue;
      if (profitOf) profitOf[at] = revenue - budget;
      if (roiOf) roiOf[at] = revenue / budget;
    }
  }
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
  };
  for (const a of DIMENSIONS) for (const b of [null, ...DIMENSIONS]) if (b !== a) computeCells(store, { ...base, groupBy: b === null ? [a] : [a, b] });
  computeCells(store, { ...base, groupBy: ['budgetBand'], edges: [1_000_000, 10_000_000], from: 1991, to: 2005, language: 'en', genre: 'Drama', minVotes: 50 });
}

export function computeCells(store: MovieStore, spec: CellSpec): CellsResult {
  if (!primed) prime();
  const fb = moneyFloor(spec.minBudget);
  const fr = moneyFloor(spec.minRevenue);
  const budgets = store.budget;
  const revenues = store.revenue;
  const years = store.year;
  const languages = store.language;
  const genreSet = store.genreSet;
  const genres = genreNames(store);

  // The filters.
  const languageFilter = spec.language === null ? -1 : store.languages.indexOf(spec.language);
  const genreFilter = spec.genre === null ? -1 : (genres.nameIndex.get(spec.genre) ?? -2);
  const setHasGenre = genreFilter < 0 ? null : genres.setNames.map((names) => names.includes(genreFilter));
  const yearFilter = spec.from !== null || spec.to !== null;
  const from = spec.from ?? -Infinity;
  const to = spec.to ?? Infinity;
  const noMatch = (spec.language !== null && languageFilter <= 0) || genreFilter === -2;
  const selected = noMatch ? new Int32Array(0) : selectMovies(store, spec.minVotes, yearFilter, from, to, languageFilter, setHasGenre);
  const count = selected.length;

  // The budget bands, over the selected movies with known money.
  let bands: Bands | null = null;
  if (spec.groupBy.includes('budgetBand')) {
    if (spec.edges !== null) bands = edgeBands(spec.edges);
    else {
      let known = 0;
      for (let i = 0; i < count; i++) if (budgets[selected[i]!]! >= fb && revenues[selected[i]!]! >= fr) known++;
      const values = floatScratch('budgets', known);
      known = 0;
      for (let i = 0; i < count; i++) {
        const s = selected[i]!;
        if (budgets[s]! >= fb && revenues[s]! >= fr) values[known++] = budgets[s]!;
      }
      bands = quantileBands(values, spec.bands);
    }
  }

  const dims = spec.groupBy.map((dim): DimensionState => {
    switch (dim) {
      case 'language':
        return {
          card: store.languages.length,
          keyOf: (s) => (languages[s]! === 0 ? -1 : languages[s]!),
          describe: (k, into) => {
            const code = store.languages[k]!;
            into['language'] = code;
            into['languageName'] = languageName(code);
          },
          compare: (a, b) => compareCodeUnits(store.languages[a]!, store.languages[b]!),
        };
      case 'genre':
        return {
          card: genres.names.length,
          keyOf: undefined,
          describe: (k, into) => {
            into['genre'] = genres.names[k]!;
            into['genreId'] = genres.minId[k]!;
          },
          compare: (a, b) => compareCodeUnits(genres.names[a]!, genres.names[b]!),
        };
      case 'year':
      case 'decade': {
        const decade = dim === 'decade';
        const raw = (s: number) => {
          const y = years[s]!;
          return y === NO_YEAR ? NO_YEAR : decade ? Math.floor(y / 10) * 10 : y;
        };
        const { dense, values } = denseYears(years, selected, decade);
        return {
          card: values.length,
          keyOf: (s) => {
            const v = raw(s);
            return v === NO_YEAR ? -1 : dense[v + 32768]!;
          },
          describe: (k, into) => {
            into[dim] = values[k]!;
          },
          compare: (a, b) => values[a]! - values[b]!,
        };
      }
      case 'budgetBand': {
        const b = bands!;
        return {
          card: b.lower.length,
          keyOf: (s) => (budgets[s]! >= fb && revenues[s]! >= fr ? bandOf(b, budgets[s]!) : -1),
          describe: (k, into) => {
            into['budgetBand'] = k + 1;
            into['bandFrom'] = Number.isFinite(b.lower[k]!) ? b.lower[k]! : null;
            into['bandTo'] = b.upper[k]!;
          },
          compare: (a, c) => a - c,
        };
      }
    }
  });

  const setNames = genres.setNames;
  // Pre-cells: what decides a movie's cells. With genre as a dimension it is (the movie's genre set, its other key),
  // and each name of the set makes one cell; else it is the cell itself. The pass over the movies sums into the
  // pre-cells (few: genre sets repeat), and the pre-cells are then spread over their cells.
  const genreAt = spec.groupBy.indexOf('genre');
  const other = genreAt === -1 ? null : dims.length > 1 ? dims[1 - genreAt]! : null;
  const firstKey: (s: number) => number = genreAt === -1 ? dims[0]!.keyOf! : (s) => (genreSet[s]! === 0 ? -1 : genreSet[s]!);
  const secondKey = genreAt === -1 ? (dims.length > 1 ? dims[1]!.keyOf! : null) : other === null ? null : other.keyOf!;
  const preCard2 = genreAt === -1 ? (dims.length > 1 ? dims[1]!.card : 1) : other === null ? 1 : other.card;
  const preProduct = (genreAt === -1 ? dims[0]!.card : store.genreSets.length) * preCard2;
  // Each movie's keys, then its pre-cell, then the sums per pre-cell: three small passes.
  const keysA = intScratch('keysA', count);
  fillKeys(keysA, selected, firstKey);
  const keysB = intScratch('keysB', count);
  if (secondKey !== null) fillKeys(keysB, selected, secondKey);
  else keysB.fill(0);
  const { preOfMovie, preFirst, preSecond, considered } = assignPreCells(keysA, keysB, preCard2, preProduct);
  const acc = accumulate(store, selected, preOfMovie, preFirst.length, fb, fr, spec.profitAtLeast ?? Infinity);

  // Cells by combined key: a dense table when small enough, else a map.
  const card2 = dims.length > 1 ? dims[1]!.card : 1;
  const product = dims[0]!.card * card2;
  const dense = product <= DENSE_LIMIT ? new Int32Array(product).fill(-1) : null;
  const sparse = dense === null ? new Map<number, number>() : null;
  const cellKeys: number[][] = [];
  const cellOf = (k1: number, k2: number): number => {
    const combined = k1 * card2 + k2;
    let cell = dense !== null ? dense[combined]! : (sparse!.get(combined) ?? -1);
    if (cell === -1) {
      cell = cellKeys.length;
      cellKeys.push(dims.length > 1 ? [k1, k2] : [k1]);
      if (dense !== null) dense[combined] = cell;
      else sparse!.set(combined, cell);
    }
    return cell;
  };
  // The cells of each pre-cell: cellsOfPre[preStart[p] … preStart[p + 1]).
  const pres = preFirst.length;
  const preStart = new Int32Array(pres + 1);
  const cellsOfPre: number[] = [];
  for (let p = 0; p < pres; p++) {
    if (genreAt === -1) cellsOfPre.push(cellOf(preFirst[p]!, preSecond[p]!));
    else {
      const names = setNames[preFirst[p]!]!;
      for (let j = 0; j < names.length; j++) cellsOfPre.push(genreAt === 0 ? cellOf(names[j]!, preSecond[p]!) : cellOf(preSecond[p]!, names[j]!));
    }
    preStart[p + 1] = cellsOfPre.length;
  }

  // Sums per cell: the sums of its pre-cells.
  const cells = cellKeys.length;
  const movies = new Float64Array(cells);
  const sumRating = new Float64Array(cells);
  const sumWeighted = new Float64Array(cells);
  const sumVotes = new Float64Array(cells);
  const moneyMovies = new Float64Array(cells);
  const profitable = new Float64Array(cells);
  const reaching = new Float64Array(cells);
  const lowest = new Float64Array(cells).fill(Infinity);
  const highest = new Float64Array(cells).fill(-Infinity);
  for (let p = 0; p < pres; p++) {
    const at = p * STRIDE;
    for (let k = preStart[p]!; k < preStart[p + 1]!; k++) {
      const c = cellsOfPre[k]!;
      movies[c]! += acc[at]!;
      sumRating[c]! += acc[at + 1]!;
      sumWeighted[c]! += acc[at + 2]!;
      sumVotes[c]! += acc[at + 3]!;
      moneyMovies[c]! += acc[at + 4]!;
      profitable[c]! += acc[at + 5]!;
      reaching[c]! += acc[at + 6]!;
      if (acc[at + 7]! < lowest[c]!) lowest[c] = acc[at + 7]!;
      if (acc[at + 8]! > highest[c]!) highest[c] = acc[at + 8]!;
    }
  }

  // Money values grouped by cell (a counting sort), for the medians: a second pass over the movies with known money.
  const m = spec.medians;
  const wantMoney = m.revenue || m.profit || m.roi || m.profitPercentiles;
  const offsets = new Int32Array(cells + 1);
  let revenueOf: Float64Array | null = null;
  let profitOf: Float64Array | null = null;
  let roiOf: Float64Array | null = null;
  if (wantMoney) {
    for (let c = 0; c < cells; c++) offsets[c + 1] = offsets[c]! + moneyMovies[c]!;
    const total = offsets[cells]!;
    const next = offsets.slice(0, cells);
    if (m.revenue) revenueOf = floatScratch('revenue', total);
    if (m.profit || m.profitPercentiles) profitOf = floatScratch('profit', total);
    if (m.roi) roiOf = floatScratch('roi', total);
    spreadMoney(store, selected, preOfMovie, preStart, cellsOfPre, next, fb, fr, revenueOf, profitOf, roiOf);
  }

  const out: Cell[] = [];
  for (let c = 0; c < cells; c++) {
    const n = movies[c]!;
    const mn = moneyMovies[c]!;
    const slice = (values: Float64Array | null) => (values ? values.subarray(offsets[c]!, offsets[c + 1]!) : null);
    const profits = slice(profitOf);
    const [p10, medianProfit, p90] =
      profits === null ? [null, null, null] : m.profitPercentiles ? quantilesOf(profits, [0.1, 0.5, 0.9]) : [null, m.profit ? medianOf(profits) : null, null];
    const revenuesOfCell = slice(revenueOf);
    const rois = slice(roiOf);
    out.push({
      keys: cellKeys[c]!,
      movies: n,
      moneyMovies: mn,
      meanRating: roundTo(sumRating[c]! / n, 2),
      weightedRating: sumVotes[c]! > 0 ? roundTo(sumWeighted[c]! / sumVotes[c]!, 2) : null,
      medianRevenue: revenuesOfCell ? roundTo(medianOf(revenuesOfCell), 2) : null,
      medianProfit: roundTo(medianProfit, 2),
      medianRoi: rois ? roundTo(medianOf(rois), 4) : null,
      shareProfitable: mn > 0 ? roundTo(profitable[c]! / mn, 4) : null,
      p10Profit: roundTo(p10, 2),
      p90Profit: roundTo(p90, 2),
      reaching: reaching[c]!,
      lowestBudget: mn > 0 ? lowest[c]! : null,
      highestBudget: mn > 0 ? highest[c]! : null,
    });
  }

  return {
    considered,
    cells: out,
    bands,
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
