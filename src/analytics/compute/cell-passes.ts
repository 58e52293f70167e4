import { NO_YEAR, type MovieStore } from '../../read-model/movie-store.js';
import type { GenrePairs, MoneyOrder } from './cell-index.js';
import { firstAtLeast, type Bands } from './quantiles.js';
import { addExact } from '../statistics.js';

/**
 * The group engine's passes over the movies (cells.ts puts them together). Each is a small function of its own with
 * one loop: V8 optimises such a loop once and keeps it, where one long function was recompiled at every new branch.
 * They allocate nothing per movie: the per-movie arrays are scratch buffers reused by every answer (answers are
 * computed synchronously, one at a time per thread), since allocating megabytes per request made the garbage
 * collector a third of an answer's time.
 */

/** The smallest scratch buffer made (elements): tiny answers then share one buffer instead of growing it step by step. */
const MIN_SCRATCH = 1024;
const scratchInt = new Map<string, Int32Array>();
const scratchFloat = new Map<string, Float64Array>();
const scratchByte = new Map<string, Uint8Array>();

function scratch<T extends Int32Array | Float64Array | Uint8Array>(pool: Map<string, T>, make: (n: number) => T, name: string, length: number): T {
  let buffer = pool.get(name);
  if (!buffer || buffer.length < length) pool.set(name, (buffer = make(Math.max(length, MIN_SCRATCH))));
  return buffer.subarray(0, length) as T;
}

export const intScratch = (name: string, length: number): Int32Array => scratch(scratchInt, (n) => new Int32Array(n), name, length);
export const floatScratch = (name: string, length: number): Float64Array => scratch(scratchFloat, (n) => new Float64Array(n), name, length);
const byteScratch = (name: string, length: number): Uint8Array => scratch(scratchByte, (n) => new Uint8Array(n), name, length);

/**
 * About branches in these loops: a test that about as many movies pass as fail (a vote floor, a money floor, a
 * profit's sign) is a coin toss to the processor, and a mispredicted branch per movie cost more than the rest of a
 * pass. Such tests are made numbers (+(test): 1 or 0) and added in, or used to advance a write position; the
 * branches left are ones almost always taken the same way.
 */

/** The slots of the movies that pass the filters, in slot order. */
export function selectMovies(
  store: MovieStore,
  minVotes: number,
  yearFilter: boolean,
  from: number,
  to: number,
  languageFilter: number,
  setHasGenre: Uint8Array | null,
): Int32Array {
  if (!yearFilter && languageFilter <= 0 && setHasGenre === null) return selectByVotes(store, minVotes);
  const size = store.size;
  const voteCount = store.voteCount;
  const years = store.year;
  const languages = store.language;
  const genreSet = store.genreSet;
  const selected = intScratch('selected', size);
  // 1 where a filter is off: the movie passes it whatever its value.
  const anyYear = yearFilter ? 0 : 1;
  const anyLanguage = languageFilter > 0 ? 0 : 1;
  const hasGenre = setHasGenre ?? byteScratch('anyGenre', store.genreSets.length).fill(1);
  let count = 0;
  for (let s = 0; s < size; s++) {
    const y = years[s]!;
    const pass =
      +(voteCount[s]! >= minVotes) &
      ((+(y !== NO_YEAR) & +(y >= from) & +(y <= to)) | anyYear) &
      (+(languages[s] === languageFilter) | anyLanguage) &
      hasGenre[genreSet[s]!]!;
    selected[count] = s;
    count += pass;
  }
  return selected.subarray(0, count);
}

/** selectMovies with the vote floor the only filter (most cuts): one column read instead of four. */
function selectByVotes(store: MovieStore, minVotes: number): Int32Array {
  const size = store.size;
  const voteCount = store.voteCount;
  const selected = intScratch('selected', size);
  let count = 0;
  for (let s = 0; s < size; s++) {
    selected[count] = s;
    count += +(voteCount[s]! >= minVotes);
  }
  return selected.subarray(0, count);
}

/**
 * The budgets of the selected movies with known money, ascending: read off the budget order (no sort). Each such
 * movie's position in the order is marked in a bitmap, then the marked positions are read in order. A bit per
 * position keeps the marks in the processor's cache (about 90 kB at a million movies, where a byte per position
 * did not fit), so marking in slot order, which jumps about the order, costs no trip to memory.
 */
export function selectedBudgetsAscending(store: MovieStore, selected: Int32Array, byBudget: MoneyOrder, fb: number, fr: number): Float64Array {
  const values = byBudget.values;
  const length = values.length;
  const marks = intScratch('budgetMarks', (length + 31) >>> 5).fill(0);
  const budgets = store.budget;
  const revenues = store.revenue;
  const positionOf = byBudget.positionOf;
  for (let i = 0; i < selected.length; i++) {
    const s = selected[i]!;
    const money = +(budgets[s]! >= fb) & +(revenues[s]! >= fr);
    // A movie with known money is in the order (fb, fr ≥ 1); one without marks nothing (position 0, bit 0 added).
    const p = positionOf[s]! * money;
    marks[p >>> 5]! |= money << (p & 31);
  }
  const out = floatScratch('budgets', length);
  let n = 0;
  for (let w = 0; w < marks.length; w++) {
    let bits = marks[w]!;
    while (bits !== 0) {
      const lowest = bits & -bits;
      out[n++] = values[(w << 5) + 31 - Math.clz32(lowest)]!;
      bits ^= lowest;
    }
  }
  return out.subarray(0, n);
}

/** The model's lowest and highest release year, per version of the model (null: no movie has one). */
const yearSpans = new WeakMap<MovieStore, { version: number; span: { first: number; last: number } | null }>();

/**
 * The lowest and highest release year (or decade) of the model's movies: the key space of a year or decade cut. A
 * cell exists only once a movie is put in it, so a cut of a few years in a wide model makes no more cells; the span
 * is found once per version of the model rather than over each request's selection.
 */
export function yearRange(store: MovieStore, decade: boolean): { first: number; last: number } | null {
  let kept = yearSpans.get(store);
  if (kept === undefined || kept.version !== store.changes) {
    const years = store.year;
    let first = Infinity;
    let last = -Infinity;
    for (let s = 0; s < store.size; s++) {
      const y = years[s]!;
      if (y === NO_YEAR) continue;
      if (y < first) first = y;
      if (y > last) last = y;
    }
    kept = { version: store.changes, span: first > last ? null : { first, last } };
    yearSpans.set(store, kept);
  }
  const span = kept.span;
  if (span === null) return null;
  return decade ? { first: Math.floor(span.first / 10) * 10, last: Math.floor(span.last / 10) * 10 } : span;
}

/** Offset of a year (Int16, NO_YEAR the lowest) into yearKeys' table. */
const YEAR_OFFSET = -NO_YEAR;

/** out[i]: the selected movie's language index, −1 when unknown. */
export function languageKeys(out: Int32Array, store: MovieStore, selected: Int32Array): void {
  const languages = store.language;
  for (let i = 0; i < out.length; i++) {
    const l = languages[selected[i]!]!;
    out[i] = l === 0 ? -1 : l;
  }
}

/**
 * out[i]: (year − first), or (decade − first) ÷ 10; −1 without a year. Read from a table of every Int16 year made per
 * request (256 kB): no test and no division per movie.
 */
export function yearKeys(out: Int32Array, store: MovieStore, selected: Int32Array, first: number, decade: boolean): void {
  const table = intScratch('yearKeys', 1 << 16).fill(-1);
  const span = yearRange(store, false);
  if (span !== null) for (let y = span.first; y <= span.last; y++) table[y + YEAR_OFFSET] = decade ? (Math.floor(y / 10) * 10 - first) / 10 : y - first;
  const years = store.year;
  for (let i = 0; i < out.length; i++) out[i] = table[years[selected[i]!]! + YEAR_OFFSET]!;
}

/**
 * out[i]: the band of the selected movie's budget (the last band whose lower edge is ≤ it); −1 without known money
 * or below the first band. Bands are runs of the budget order, so a table over its
 * positions (how many lower edges are ≤ the budget there, a byte each: at most 101 bands) is filled run by run, and
 * each movie reads its entry at its position: the positions are read in slot order, one column, and the table (under
 * a megabyte at a million movies) stays in cache, where a search of the edges per movie cost a chain of dependent reads.
 */
export function bandKeys(out: Int32Array, store: MovieStore, selected: Int32Array, bands: Bands, byBudget: MoneyOrder, fb: number, fr: number): void {
  const values = byBudget.values;
  const n = values.length;
  const lower = bands.lower;
  const below = byteScratch('bandBelow', n);
  let from = 0;
  for (let k = 0; k < lower.length; k++) {
    const to = firstAtLeast(values, from, n, lower[k]!);
    below.fill(k, from, to);
    from = to;
  }
  below.fill(lower.length, from, n);
  const budgets = store.budget;
  const revenues = store.revenue;
  const positionOf = byBudget.positionOf;
  for (let i = 0; i < out.length; i++) {
    const s = selected[i]!;
    const money = +(budgets[s]! >= fb) & +(revenues[s]! >= fr);
    // A movie with known money is in the order (fb, fr ≥ 1); one without reads position 0, and the mask drops it.
    out[i] = (below[positionOf[s]! & -money]! & -money) - 1;
  }
}

/**
 * Moves the selected movies with a key (≥ 0) to the front of `selected` and `keys`, in order, and returns how many.
 * A cut by budget band leaves out a third of the movies (no known money), at random to the processor: a pass that
 * skipped them with a branch mispredicted on many of them, and this, without one, costs less than that.
 */
export function keepKeyed(selected: Int32Array, keys: Int32Array): number {
  let n = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    selected[n] = selected[i]!;
    keys[n] = key;
    n += +(key >= 0);
  }
  return n;
}

/** keysA[i] ← keysA[i] · card + keysB[i], −1 when either is −1. */
export function combineKeys(keysA: Int32Array, keysB: Int32Array, card: number): void {
  for (let i = 0; i < keysA.length; i++) {
    const a = keysA[i]!;
    const b = keysB[i]!;
    keysA[i] = a < 0 || b < 0 ? -1 : a * card + b;
  }
}

/**
 * Key spaces up to this size (16 MiB of Int32) index the cells directly. A larger one (many languages times many
 * years, which no real catalogue has) first renumbers the keys that occur (densifyKeys).
 */
export const DENSE_LIMIT = 1 << 22;
/**
 * Per cell: movies, Σ rating, Σ rating × votes, Σ votes, money movies, profitable, reaching, lowest and highest
 * budget, then the low parts of the two rating sums. The rating sums are double-double (as the languages answer and
 * MongoDB's $avg sum): the exact sum rounded once, so a mean never depends on the order movies were visited in.
 */
export const STRIDE = 11;
const RATING_LOW = 9;
const WEIGHTED_LOW = 10;

/** Renumbers the keys (≥ 0) in order of first appearance, in place; returns the original key of each new number. */
export function densifyKeys(keys: Int32Array): number[] {
  const numbers = new Map<number, number>();
  const originals: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key < 0) continue;
    let n = numbers.get(key);
    if (n === undefined) {
      n = originals.length;
      originals.push(key);
      numbers.set(key, n);
    }
    keys[i] = n;
  }
  return originals;
}

/** Cells a table has room for before it first doubles: more than most one-way cuts have. */
const INITIAL_CELLS = 64;

/** The cells met so far: `dense[key]` is a key's cell (−1: none yet), numbered in order of first appearance, with their sums. */
export class CellTable {
  /** The key of each cell. */
  readonly keys: number[] = [];
  readonly dense: Int32Array;
  sums = new Float64Array(INITIAL_CELLS * STRIDE);

  constructor(space: number) {
    this.dense = new Int32Array(space).fill(-1);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Makes the cell of a new key (the passes look `dense` up themselves and call this only on a miss). */
  make(key: number): number {
    const cell = this.keys.length;
    this.keys.push(key);
    this.dense[key] = cell;
    if ((cell + 1) * STRIDE > this.sums.length) {
      const sums = new Float64Array(this.sums.length * 2);
      sums.set(this.sums);
      this.sums = sums;
    }
    this.sums[cell * STRIDE + 7] = Infinity;
    this.sums[cell * STRIDE + 8] = -Infinity;
    return cell;
  }
}

/** What the passes of one answer share. */
export interface PassContext {
  store: MovieStore;
  selected: Int32Array;
  /** Per selected movie: its key (for genre cuts, the key of the other dimension, 0 without one); −1: left out. */
  keys: Int32Array;
  table: CellTable;
  /** Known money: budget ≥ fb and revenue ≥ fr. */
  fb: number;
  fr: number;
  /** Count money movies with profit ≥ this. */
  target: number;
  /** Keep each cell's lowest and highest budget of its money movies. */
  range: boolean;
  /** Sum the ratings (exact sums: the dearest part of a pass); off when no rating measure is asked for. */
  ratings: boolean;
  /** When set, each counted movie with known money is listed with its key (cell, or for genre cuts the other key), for the medians' walks. */
  money: MoneyList | null;
}

/** The counted movies with known money, in slot order: slots[j] and its key keys[j], j < count. */
export interface MoneyList {
  slots: Int32Array;
  keys: Int32Array;
  count: number;
}

/** A list with room for every selected movie. */
export function moneyList(selected: number): MoneyList {
  return { slots: intScratch('moneySlots', selected), keys: intScratch('moneyKeys', selected), count: 0 };
}

/** Genre cuts: each of a movie's genre names makes a cell, keyed name · card + the movie's key. */
export interface GenreSplit {
  setStart: Int32Array;
  setNames: Int32Array;
  /** How many genre names there are, and the other dimensions' key space. */
  names: number;
  card: number;
}

/**
 * Adds one movie to a cell's sums (`money`: 1 with known money, else 0; its profit then counts; its budget widens the
 * cell's budget range when `range`).
 */
function add(
  sums: Float64Array,
  at: number,
  va: number,
  weighted: number,
  vc: number,
  money: number,
  budget: number,
  profit: number,
  target: number,
  range: boolean,
  ratings: boolean,
): void {
  sums[at]!++;
  if (ratings) {
    addExact(sums, at + 1, sums, at + RATING_LOW, va);
    addExact(sums, at + 2, sums, at + WEIGHTED_LOW, weighted);
  }
  sums[at + 3]! += vc;
  sums[at + 4]! += money;
  sums[at + 5]! += money & +(profit > 0);
  sums[at + 6]! += money & +(profit >= target);
  if (range && money === 1) {
    if (budget < sums[at + 7]!) sums[at + 7] = budget;
    if (budget > sums[at + 8]!) sums[at + 8] = budget;
  }
}

/** Sums each selected movie into its one cell (cuts without genre); returns how many movies were counted. */
export function accumulate(ctx: PassContext): number {
  const { store, selected, keys, table, fb, fr, target, range, ratings, money: list } = ctx;
  const budgets = store.budget;
  const revenues = store.revenue;
  const voteAverage = store.voteAverage;
  const voteCount = store.voteCount;
  const dense = table.dense;
  const listSlots = list?.slots ?? null;
  const listKeys = list?.keys ?? null;
  let listed = 0;
  let sums = table.sums;
  let considered = 0;
  for (let i = 0; i < selected.length; i++) {
    const key = keys[i]!;
    if (key < 0) continue;
    const s = selected[i]!;
    let cell = dense[key]!;
    if (cell < 0) {
      cell = table.make(key);
      sums = table.sums;
    }
    const budget = budgets[s]!;
    const revenue = revenues[s]!;
    const money = +(budget >= fb) & +(revenue >= fr);
    const va = voteAverage[s]!;
    const vc = voteCount[s]!;
    add(sums, cell * STRIDE, va, va * vc, vc, money, budget, revenue - budget, target, range, ratings);
    if (listSlots !== null) {
      listSlots[listed] = s;
      listKeys![listed] = cell;
      listed += money;
    }
    considered++;
  }
  if (list !== null) list.count = listed;
  return considered;
}

/** Sums each selected movie into one cell per genre name it lists; returns how many movies were counted. */
export function accumulateByGenre(ctx: PassContext, split: GenreSplit): number {
  const { store, selected, keys, table, fb, fr, target, range, ratings, money: list } = ctx;
  const { setStart, setNames, card } = split;
  const budgets = store.budget;
  const revenues = store.revenue;
  const voteAverage = store.voteAverage;
  const voteCount = store.voteCount;
  const genreSet = store.genreSet;
  const dense = table.dense;
  const listSlots = list?.slots ?? null;
  const listKeys = list?.keys ?? null;
  let listed = 0;
  let sums = table.sums;
  let considered = 0;
  for (let i = 0; i < selected.length; i++) {
    const key = keys[i]!;
    if (key < 0) continue;
    const s = selected[i]!;
    const set = genreSet[s]!;
    const start = setStart[set]!;
    const end = setStart[set + 1]!;
    if (start === end) continue;
    const budget = budgets[s]!;
    const revenue = revenues[s]!;
    const money = +(budget >= fb) & +(revenue >= fr);
    const va = voteAverage[s]!;
    const vc = voteCount[s]!;
    const weighted = va * vc;
    const profit = revenue - budget;
    for (let k = start; k < end; k++) {
      const at = setNames[k]! * card + key;
      let cell = dense[at]!;
      if (cell < 0) {
        cell = table.make(at);
        sums = table.sums;
      }
      add(sums, cell * STRIDE, va, weighted, vc, money, budget, profit, target, range, ratings);
    }
    if (listSlots !== null) {
      listSlots[listed] = s;
      listKeys![listed] = key;
      listed += money;
    }
    considered++;
  }
  if (list !== null) list.count = listed;
  return considered;
}

/**
 * What a movie adds to a cell when neither ratings nor budget ranges are asked for, as a number: bit 0 known money,
 * bit 1 also a profit > 0, bit 2 also a profit ≥ the target. The counting passes below then add 1 to one counter per
 * cell and code, where the summing passes added to five sums.
 */
const CODES = 8;
/**
 * Key spaces up to this many counters (CODES per key: 4 MiB of Int32) are counted into. Two-way cuts have at most a
 * few thousand keys (twenty genres times a hundred bands, a hundred languages times a hundred years); larger ones sum.
 */
export const COUNT_LIMIT = 1 << 20;

/** Whether a cut may be counted rather than summed: no ratings, no budget ranges, and a key space small enough. */
export const countable = (ctx: PassContext, space: number): boolean => !ctx.ratings && !ctx.range && space * CODES <= COUNT_LIMIT;

/** A movie's code (CODES): its money known (1 or 0), and its profit > 0 and ≥ the target when it is. */
const codeOf = (money: number, profit: number, target: number): number => money | ((money & +(profit > 0)) << 1) | ((money & +(profit >= target)) << 2);

/**
 * accumulate for a countable cut: each movie adds 1 to its key's counter of its code; the cells are then made from the
 * counters (in key order) and the money list's keys turned from keys into cells. Returns how many movies were counted.
 */
export function count(ctx: PassContext, space: number): number {
  const { store, selected, keys, fb, fr, target, money: list } = ctx;
  const counters = intScratch('counters', space * CODES).fill(0);
  const budgets = store.budget;
  const revenues = store.revenue;
  const listSlots = list?.slots ?? null;
  const listKeys = list?.keys ?? null;
  let listed = 0;
  let considered = 0;
  for (let i = 0; i < selected.length; i++) {
    const key = keys[i]!;
    if (key < 0) continue;
    const s = selected[i]!;
    const budget = budgets[s]!;
    const revenue = revenues[s]!;
    const money = +(budget >= fb) & +(revenue >= fr);
    counters[key * CODES + codeOf(money, revenue - budget, target)]!++;
    if (listSlots !== null) {
      listSlots[listed] = s;
      listKeys![listed] = key;
      listed += money;
    }
    considered++;
  }
  cellsFromCounters(ctx.table, counters, space);
  if (list !== null) {
    list.count = listed;
    const dense = ctx.table.dense;
    for (let j = 0; j < listed; j++) listKeys![j] = dense[listKeys![j]!]!;
  }
  return considered;
}

/** accumulateByGenre for a countable cut: one counter per (genre name, key) and code. */
export function countByGenre(ctx: PassContext, split: GenreSplit): number {
  const { store, selected, keys, fb, fr, target, money: list } = ctx;
  const { setStart, setNames, card } = split;
  const space = split.names * card;
  const counters = intScratch('counters', space * CODES).fill(0);
  const budgets = store.budget;
  const revenues = store.revenue;
  const genreSet = store.genreSet;
  const listSlots = list?.slots ?? null;
  const listKeys = list?.keys ?? null;
  let listed = 0;
  let considered = 0;
  for (let i = 0; i < selected.length; i++) {
    const key = keys[i]!;
    if (key < 0) continue;
    const s = selected[i]!;
    const set = genreSet[s]!;
    const start = setStart[set]!;
    const end = setStart[set + 1]!;
    if (start === end) continue;
    const budget = budgets[s]!;
    const revenue = revenues[s]!;
    const money = +(budget >= fb) & +(revenue >= fr);
    const code = codeOf(money, revenue - budget, target);
    for (let k = start; k < end; k++) counters[(setNames[k]! * card + key) * CODES + code]!++;
    if (listSlots !== null) {
      listSlots[listed] = s;
      listKeys![listed] = key;
      listed += money;
    }
    considered++;
  }
  if (list !== null) list.count = listed;
  cellsFromCounters(ctx.table, counters, space);
  return considered;
}

/** Makes a cell for each key with a movie counted, with its movies, money movies, profitable and reaching. */
function cellsFromCounters(table: CellTable, counters: Int32Array, space: number): void {
  for (let key = 0; key < space; key++) {
    const at = key * CODES;
    let movies = 0;
    for (let code = 0; code < CODES; code++) movies += counters[at + code]!;
    if (movies === 0) continue;
    let money = 0;
    let profitable = 0;
    let reaching = 0;
    for (let code = 1; code < CODES; code += 2) {
      const n = counters[at + code]!;
      money += n;
      profitable += code & 2 ? n : 0;
      reaching += code & 4 ? n : 0;
    }
    const into = table.make(key) * STRIDE;
    const sums = table.sums;
    sums[into] = movies;
    sums[into + 4] = money;
    sums[into + 5] = profitable;
    sums[into + 6] = reaching;
  }
}

/**
 * The order statistics of each cell: walks the movies with money in ascending order of the measure, counts per cell,
 * and keeps the value at each rank a cell needs (`ranks[cell · width …]`, ascending, −1 after the last). Stops once
 * every cell has all its ranks. Returns values[cell · width + j] = the value at ranks[cell · width + j].
 */
export function walkRanks(
  order: MoneyOrder,
  list: MoneyList,
  table: CellTable,
  genre: GenreSplit | null,
  ranks: Int32Array,
  width: number,
  cellsWithRanks: number,
  pairs: GenrePairs | null,
): Float64Array {
  const cells = table.size;
  // One more cell than the table has: the plain walk's "no cell", which wants no rank (−1), so the walk needs no
  // branch to skip the positions of movies not listed.
  const state: WalkState = {
    seen: new Int32Array(cells + 1),
    next: new Int32Array(cells + 1),
    wanted: new Int32Array(cells + 1).fill(-1),
    ranks,
    width,
    values: new Float64Array(cells * width),
    left: cellsWithRanks,
  };
  for (let c = 0; c < cells; c++) state.wanted[c] = ranks[c * width]!;
  const keyAt = positionKeys(order, list, genre === null ? cells : -1);
  if (genre === null) walkPlain(order, keyAt, state);
  else if (pairs !== null) walkPairs(order, keyAt, state, pairs, pairCells(table, genre, cells));
  else walkByGenre(order, keyAt, state, genre, table.dense);
  return state.values;
}

/** keyAt[position] = the key of the listed movie at that position of the order, `none` for the others. */
function positionKeys(order: MoneyOrder, list: MoneyList, none: number): Int32Array {
  const keyAt = intScratch('keyAt', order.values.length).fill(none);
  const positionOf = order.positionOf;
  for (let j = 0; j < list.count; j++) keyAt[positionOf[list.slots[j]!]!] = list.keys[j]!;
  return keyAt;
}

interface WalkState {
  /** Per cell: movies met so far, the index of the next rank it needs, and that rank (−1: none left). */
  seen: Int32Array;
  next: Int32Array;
  wanted: Int32Array;
  ranks: Int32Array;
  width: number;
  values: Float64Array;
  /** Cells still missing a rank. */
  left: number;
}

/** A cell met a movie of this value at rank `wanted[cell]`: keeps it and moves on to its next rank. */
function keep(state: WalkState, cell: number, value: number): void {
  const { next, wanted, ranks, width } = state;
  const j = next[cell]!;
  state.values[cell * width + j] = value;
  next[cell] = j + 1;
  const following = j + 1 < width ? ranks[cell * width + j + 1]! : -1;
  wanted[cell] = following;
  if (following < 0) state.left--;
}

function walkPlain(order: MoneyOrder, keyAt: Int32Array, state: WalkState): void {
  const values = order.values;
  const { seen, wanted } = state;
  for (let i = 0; i < keyAt.length; i++) {
    const cell = keyAt[i]!;
    if (seen[cell]!++ === wanted[cell] && (keep(state, cell, values[i]!), state.left === 0)) return;
  }
}

/**
 * The cell of each (name, key) a genre pair can meet: cellOf[name · (card + 1) + key + 1]. Key −1 (a movie not listed)
 * and any (name, key) without a cell give the walk's "no cell" (`none`), so the walk needs no branch to skip them.
 */
function pairCells(table: CellTable, genre: GenreSplit, none: number): { cellOf: Int32Array; width: number } {
  const { card, names } = genre;
  const width = card + 1;
  const cellOf = intScratch('pairCells', names * width).fill(none);
  for (let c = 0; c < table.size; c++) {
    const key = table.keys[c]!;
    cellOf[Math.floor(key / card) * width + (key % card) + 1] = c;
  }
  return { cellOf, width };
}

/** The walk of a genre cut along the order's genre pairs (cell-index.ts): one loop, one branch, rarely taken. */
function walkPairs(order: MoneyOrder, keyAt: Int32Array, state: WalkState, pairs: GenrePairs, cells: { cellOf: Int32Array; width: number }): void {
  const values = order.values;
  const { seen, wanted } = state;
  const { position, name } = pairs;
  const { cellOf, width } = cells;
  for (let j = 0; j < position.length; j++) {
    const p = position[j]!;
    const cell = cellOf[name[j]! * width + keyAt[p]! + 1]!;
    if (seen[cell]!++ === wanted[cell] && (keep(state, cell, values[p]!), state.left === 0)) return;
  }
}

function walkByGenre(order: MoneyOrder, keyAt: Int32Array, state: WalkState, genre: GenreSplit, dense: Int32Array): void {
  const { values, genreSets } = order;
  const { seen, wanted } = state;
  const { setStart, setNames, card } = genre;
  for (let i = 0; i < keyAt.length; i++) {
    const key = keyAt[i]!;
    if (key < 0) continue;
    const set = genreSets[i]!;
    for (let k = setStart[set]!; k < setStart[set + 1]!; k++) {
      const cell = dense[setNames[k]! * card + key]!;
      if (seen[cell]!++ === wanted[cell] && (keep(state, cell, values[i]!), state.left === 0)) return;
    }
  }
}
