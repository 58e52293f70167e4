import { NO_YEAR, type MovieStore } from '../../read-model/movie-store.js';
import { addExact } from '../statistics.js';
import { cellIndexOf, hasMoney, measure, MODEL_QUIET_MS, type CellIndex, type MoneyKey } from './cell-index.js';
import { quantileAt, ranksOf } from './quantiles.js';
import { sortWithSlots } from './radix-sort.js';
import { floatScratch, yearRange } from './cell-passes.js';

/**
 * The genre cuts laid out for themselves: genre × language (the cut the genre-language answer always makes, and
 * explore's genre,language), genre × year and genre × decade. Genre cuts cost the general engine (cells.ts) most: a
 * movie is in one cell per genre it lists, so it meets 2.5 movie-genre pairs per movie, along the whole model, and
 * walks each money order with a loop over the genres at each position. Here every movie-genre pair already sits with
 * the others of its cell, so a request reads each cell's own run of memory:
 *
 * - Per cell, its pairs by vote count, most votes first. The movies with at least minVotes votes are then a prefix of
 *   the run (a binary search), and the sums of every CHECKPOINT-th prefix are kept, so a cell's count, rating sums
 *   and vote sum cost one binary search and fewer than CHECKPOINT additions.
 * - Per cell, its pairs with money (budget and revenue ≥ 1, as in the money orders), in the order of a money measure
 *   (built per measure when first asked): a median is read off the run by counting the pairs that pass the filters
 *   up to the wanted rank, with no sort and no selection.
 *
 * The layout is of one version of the model. After a change the general engine answers, and the layout is made
 * again off the request path once the model has been still for LAYOUT_QUIET_MS (at a million movies that takes the
 * process about a second, once per pause of the ingest; docs/analytics.md). So a quiet server answers from the
 * layout and one taking in an ingest from the money orders, and both answer the model as it is.
 */

/** How long the model must have been still before the layout is made again (cell-index.ts says why). */
export const LAYOUT_QUIET_MS = MODEL_QUIET_MS;

/** Every CHECKPOINT-th prefix of a cell's run keeps its sums: 40 bytes per 64 pairs, and at most 63 additions per cell per answer. */
const CHECKPOINT = 64;
/** Sums kept per checkpoint: rating (high, low), rating × votes (high, low), votes. */
const SUMS = 5;

/** The other key of a genre layout's cells; a movie without one (no language, no year) is in none of its cells. */
export type LayoutKey = 'language' | 'year' | 'decade';
export const LAYOUT_KEYS: readonly LayoutKey[] = ['language', 'year', 'decade'];

/** A cell's pairs with money in one measure's order. */
interface MoneyRun {
  votes: Uint32Array;
  budget: Float64Array;
  revenue: Float64Array;
}

export class GenreLayout {
  /**
   * Each movie's key number: 1 … keys − 1, 0 for none. Language: its index in MovieStore.languages; year and decade:
   * counted from the earliest in the model.
   */
  private readonly keyOf: Uint16Array;
  readonly keys: number;
  /** The value of key number k as the cut's dimension gives it: a language index, a year, or a decade ÷ 10. */
  readonly keyValue: Int32Array;
  /** Per cell: its genre name (CellIndex.names) and key number. */
  readonly cellName: Int32Array;
  readonly cellKey: Int32Array;
  /** Cell of name · keys + key, −1 for none. */
  readonly cellOf: Int32Array;
  /** Pairs of cell c: [start[c], start[c + 1]), most votes first. */
  readonly start: Int32Array;
  readonly votes: Uint32Array;
  readonly slots: Int32Array;
  /** Sums of the first k · CHECKPOINT pairs of cell c at checks[(checkStart[c] + k − 1) · SUMS …]. */
  readonly checkStart: Int32Array;
  readonly checks: Float64Array;
  /** Per key: the vote counts of its movies in the cut (with that key and a genre), most first. */
  readonly keyStart: Int32Array;
  readonly keyVotes: Uint32Array;
  /** Pairs with money of cell c: [moneyStart[c], moneyStart[c + 1]) in each run. */
  readonly moneyStart: Int32Array;
  private readonly runs = new Map<MoneyKey, MoneyRun>();

  /*
   * Making the layout. Its passes move every movie from slot order into cell order. Reading the model's columns in
   * cell order would jump about them (a cache miss per column per movie, each stalling the loop), so each pass first
   * reads them in slot order, along memory, and writes what it needs to the movie's place in the target order
   * (scattered writes, which do not stall), then walks that order along memory.
   */
  constructor(
    private readonly store: MovieStore,
    private readonly index: CellIndex,
    readonly version: number,
    readonly by: LayoutKey,
  ) {
    const { genreSet, voteCount, voteAverage, budget, revenue, size } = store;
    const { setStart, setNames } = index;
    const { keyOf, keyValue } = movieKeys(store, by);
    this.keyOf = keyOf;
    this.keyValue = keyValue;
    const K = (this.keys = keyValue.length);
    const cellOf = (this.cellOf = new Int32Array(index.names.length * K).fill(-1));
    const names: number[] = [];
    const cellKeys: number[] = [];
    const pairs: number[] = [];
    const perKey = new Int32Array(K + 1);
    // The movies in the cut, and each cell's size.
    const eligible = new Int32Array(size);
    let e = 0;
    for (let s = 0; s < size; s++) {
      const l = keyOf[s]!;
      const set = genreSet[s]!;
      if (l === 0 || setStart[set] === setStart[set + 1]) continue;
      eligible[e++] = s;
      perKey[l + 1]!++;
      for (let k = setStart[set]!; k < setStart[set + 1]!; k++) {
        const key = setNames[k]! * K + l;
        let cell = cellOf[key]!;
        if (cell < 0) {
          cell = cellOf[key] = names.length;
          names.push(setNames[k]!);
          cellKeys.push(l);
          pairs.push(0);
        }
        pairs[cell]!++;
      }
    }
    const cells = names.length;
    this.cellName = Int32Array.from(names);
    this.cellKey = Int32Array.from(cellKeys);
    const start = (this.start = new Int32Array(cells + 1));
    for (let c = 0; c < cells; c++) start[c + 1] = start[c]! + pairs[c]!;

    // The movies by vote count, most first (a radix sort of the negated counts): byVotes[rank] is a slot.
    const byVotes = eligible.slice(0, e);
    const keys = new Float64Array(e);
    for (let i = 0; i < e; i++) keys[i] = -voteCount[byVotes[i]!]!;
    sortWithSlots(keys, byVotes);
    // What the next pass needs of each movie, written at its rank.
    const rankOf = new Int32Array(size);
    for (let i = 0; i < e; i++) rankOf[byVotes[i]!] = i;
    const atKey = new Uint16Array(e);
    const atSet = new Uint32Array(e);
    const atVotes = new Uint32Array(e);
    const atRating = new Float64Array(e);
    const atMoney = new Uint8Array(e);
    for (let i = 0; i < e; i++) {
      const s = eligible[i]!;
      const r = rankOf[s]!;
      atKey[r] = keyOf[s]!;
      atSet[r] = genreSet[s]!;
      atVotes[r] = voteCount[s]!;
      atRating[r] = voteAverage[s]!;
      atMoney[r] = +hasMoney(budget[s]!, revenue[s]!);
    }

    // Each pair into its cell's run, in rank order; each movie's votes into its key's list.
    const total = start[cells]!;
    const votes = (this.votes = new Uint32Array(total));
    const slots = (this.slots = new Int32Array(total));
    const ratings = new Float64Array(total);
    const moneyPairs = new Int32Array(cells);
    const fill = start.slice(0, cells);
    for (let l = 0; l < K; l++) perKey[l + 1]! += perKey[l]!;
    this.keyStart = perKey.slice();
    const keyVotes = (this.keyVotes = new Uint32Array(e));
    for (let r = 0; r < e; r++) {
      const l = atKey[r]!;
      const vc = atVotes[r]!;
      keyVotes[perKey[l]!++] = vc;
      const set = atSet[r]!;
      for (let k = setStart[set]!; k < setStart[set + 1]!; k++) {
        const cell = cellOf[setNames[k]! * K + l]!;
        const at = fill[cell]!++;
        votes[at] = vc;
        slots[at] = byVotes[r]!;
        ratings[at] = atRating[r]!;
        moneyPairs[cell]! += atMoney[r]!;
      }
    }

    // The checkpoints.
    const checkStart = (this.checkStart = new Int32Array(cells + 1));
    for (let c = 0; c < cells; c++) checkStart[c + 1] = checkStart[c]! + Math.floor(pairs[c]! / CHECKPOINT);
    const checks = (this.checks = new Float64Array(checkStart[cells]! * SUMS));
    const acc = new Float64Array(4);
    for (let c = 0; c < cells; c++) {
      acc.fill(0);
      let voteSum = 0;
      let at = checkStart[c]! * SUMS;
      for (let j = start[c]!, k = 1; j < start[c + 1]!; j++, k++) {
        const va = ratings[j]!;
        addExact(acc, 0, acc, 1, va);
        addExact(acc, 2, acc, 3, va * votes[j]!);
        voteSum += votes[j]!;
        if (k % CHECKPOINT === 0) {
          checks.set(acc, at);
          checks[at + 4] = voteSum;
          at += SUMS;
        }
      }
    }
    // Each cell's pairs with money: counted now, laid out per measure when first asked (run()).
    const moneyStart = (this.moneyStart = new Int32Array(cells + 1));
    for (let c = 0; c < cells; c++) moneyStart[c + 1] = moneyStart[c]! + moneyPairs[c]!;
  }

  get cells(): number {
    return this.cellName.length;
  }

  /** Whether the model is still at the version laid out. */
  get current(): boolean {
    return this.version === this.store.changes;
  }

  hasRun(key: MoneyKey): boolean {
    return this.runs.has(key);
  }

  /** The pairs with money of every cell, each cell's in ascending order of `key` (read off that money order). */
  run(key: MoneyKey): MoneyRun {
    let run = this.runs.get(key);
    if (run !== undefined) return run;
    const order = this.index.order(key);
    const { voteCount, budget: budgets, revenue: revenues, size } = this.store;
    const keyOf = this.keyOf;
    const { setStart, setNames } = this.index;
    const { positionOf, genreSets } = order;
    // What the pass below needs of each movie with money, written at its position in the order (see the constructor).
    const n = order.slots.length;
    const atKey = new Uint16Array(n);
    const atVotes = new Uint32Array(n);
    const atBudget = new Float64Array(n);
    const atRevenue = new Float64Array(n);
    for (let s = 0; s < size; s++) {
      const p = positionOf[s]!;
      if (p < 0) continue;
      atKey[p] = keyOf[s]!;
      atVotes[p] = voteCount[s]!;
      atBudget[p] = budgets[s]!;
      atRevenue[p] = revenues[s]!;
    }
    const total = this.moneyStart[this.cells]!;
    run = { votes: new Uint32Array(total), budget: new Float64Array(total), revenue: new Float64Array(total) };
    const fill = this.moneyStart.slice(0, this.cells);
    const K = this.keys;
    const cellOf = this.cellOf;
    for (let i = 0; i < n; i++) {
      const l = atKey[i]!;
      if (l === 0) continue;
      const set = genreSets[i]!;
      for (let k = setStart[set]!; k < setStart[set + 1]!; k++) {
        const at = fill[cellOf[setNames[k]! * K + l]!]!++;
        run.votes[at] = atVotes[i]!;
        run.budget[at] = atBudget[i]!;
        run.revenue[at] = atRevenue[i]!;
      }
    }
    this.runs.set(key, run);
    return run;
  }
}

/**
 * Each movie's key number in a layout by `by` (0: none), and each key number's value. Years and decades count from
 * the model's earliest, so a span of 2,000 years still fits the 16 bits a movie.
 */
function movieKeys(store: MovieStore, by: LayoutKey): { keyOf: Uint16Array; keyValue: Int32Array } {
  const size = store.size;
  const keyOf = new Uint16Array(size);
  if (by === 'language') {
    const language = store.language;
    for (let s = 0; s < size; s++) keyOf[s] = language[s]!;
    return { keyOf, keyValue: Int32Array.from(store.languages, (_, l) => l) };
  }
  const decade = by === 'decade';
  const span = yearRange(store, decade);
  if (span === null) return { keyOf, keyValue: new Int32Array(1) };
  const step = decade ? 10 : 1;
  const low = span.first / step;
  const count = span.last / step - low + 1;
  const keyValue = new Int32Array(count + 1);
  for (let k = 1; k <= count; k++) keyValue[k] = low + k - 1;
  const years = store.year;
  for (let s = 0; s < size; s++) {
    const y = years[s]!;
    keyOf[s] = y === NO_YEAR ? 0 : Math.floor(y / step) - low + 1;
  }
  return { keyOf, keyValue };
}

/** One cell's figures for a request, before rounding. */
export interface LayoutCell {
  name: number;
  /** The value of the cell's key (GenreLayout.keyValue). */
  key: number;
  movies: number;
  /** Σ rating and Σ rating × votes (the high parts of exact sums), Σ votes. */
  ratingSum: number;
  weightedSum: number;
  voteSum: number;
  moneyMovies: number;
  profitable: number;
  reaching: number;
  lowestBudget: number;
  highestBudget: number;
  /** quantiles[key][j]: the quantile ps[j] asked for that measure. */
  quantiles: Map<MoneyKey, (number | null)[]>;
}

export interface LayoutRequest {
  minVotes: number;
  fb: number;
  fr: number;
  /**
   * The key numbers to keep, inclusive: a language filter (one language), or a year range on a year or decade
   * layout. A movie has one key, so this keeps whole cells. (A genre filter keeps the movies listing a genre, with
   * all their genres' cells: the general engine answers those.)
   */
  keyFrom: number;
  keyTo: number;
  target: number;
  /** Also each cell's lowest and highest budget (else left at ±Infinity). */
  budgetRange: boolean;
  /** The quantiles to read per money measure. */
  quantiles: Map<MoneyKey, readonly number[]>;
}

/** How many of the first `count` entries of a run sorted descending, from `from`, are ≥ x. */
function countAtLeast(sorted: Uint32Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! >= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - from;
}

/** The movies in the cut (each once) for a request: with minVotes votes, a key kept and a genre; `considered` of the answer. */
export function layoutConsidered(layout: GenreLayout, r: LayoutRequest): number {
  let considered = 0;
  for (let k = Math.max(1, r.keyFrom); k <= Math.min(layout.keys - 1, r.keyTo); k++)
    considered += countAtLeast(layout.keyVotes, layout.keyStart[k]!, layout.keyStart[k + 1]!, r.minVotes);
  return considered;
}

/** The key numbers of the values from … to (inclusive; a language index, a year or a decade ÷ 10), for LayoutRequest. */
export function keyNumbers(layout: GenreLayout, from: number, to: number): { keyFrom: number; keyTo: number } {
  const first = layout.keys > 1 ? layout.keyValue[1]! : 0;
  return { keyFrom: Math.max(1, from - first + 1), keyTo: Math.min(layout.keys - 1, to - first + 1) };
}

/** Each cell of the cut holding a movie that passes the request's filters, with its figures. */
export function layoutCells(layout: GenreLayout, store: MovieStore, r: LayoutRequest): LayoutCell[] {
  const out: LayoutCell[] = [];
  const acc = new Float64Array(4);
  const voteAverage = store.voteAverage;
  const { start, votes, slots, checks, checkStart, moneyStart } = layout;
  const keys = [...r.quantiles.keys()];
  const countRun = layout.run(keys[0] ?? 'revenue');
  for (let c = 0; c < layout.cells; c++) {
    const keyNumber = layout.cellKey[c]!;
    if (keyNumber < r.keyFrom || keyNumber > r.keyTo) continue;
    const first = start[c]!;
    const n = countAtLeast(votes, first, start[c + 1]!, r.minVotes);
    if (n === 0) continue;
    // The sums: the last checkpoint within the prefix, then the pairs after it.
    const k = Math.floor(n / CHECKPOINT);
    let voteSum = 0;
    if (k > 0) {
      const at = (checkStart[c]! + k - 1) * SUMS;
      for (let i = 0; i < 4; i++) acc[i] = checks[at + i]!;
      voteSum = checks[at + 4]!;
    } else acc.fill(0);
    for (let j = first + k * CHECKPOINT; j < first + n; j++) {
      const va = voteAverage[slots[j]!]!;
      addExact(acc, 0, acc, 1, va);
      addExact(acc, 2, acc, 3, va * votes[j]!);
      voteSum += votes[j]!;
    }
    const cell: LayoutCell = {
      name: layout.cellName[c]!,
      key: layout.keyValue[keyNumber]!,
      movies: n,
      ratingSum: acc[0]!,
      weightedSum: acc[2]!,
      voteSum,
      moneyMovies: 0,
      profitable: 0,
      reaching: 0,
      lowestBudget: Infinity,
      highestBudget: -Infinity,
      quantiles: new Map(),
    };
    // The counting pass also keeps the passing pairs of the first measure's run, so its quantiles need no walk.
    const kept = countMoney(countRun, moneyStart[c]!, moneyStart[c + 1]!, r, cell);
    keys.forEach((key, i) => {
      const ps = r.quantiles.get(key)!;
      const m = cell.moneyMovies;
      if (m === 0)
        cell.quantiles.set(
          key,
          ps.map(() => null),
        );
      else if (i === 0)
        cell.quantiles.set(
          key,
          ps.map((p) => quantileAt(m, p, (rank) => measure(key, kept.budget[rank]!, kept.revenue[rank]!))),
        );
      else cell.quantiles.set(key, quantilesOfRun(layout.run(key), key, moneyStart[c]!, moneyStart[c + 1]!, r, m, ps));
    });
    out.push(cell);
  }
  return out;
}

/**
 * The loops below decide per pair whether it passes the filters, and at a million movies about as many fail as pass:
 * as a branch that is a misprediction per pair or two, which cost more than the rest of the loop. So a pass is a
 * number (1 or 0) that is added in, and the only branches left are ones that are almost never taken.
 */

/**
 * The cell's pairs with known money that pass the filters: how many, how many profitable or reaching, and (when
 * asked) lowest and highest budget. Returns the passing pairs' budgets and revenues in the run's order (scratch).
 */
function countMoney(run: MoneyRun, from: number, to: number, r: LayoutRequest, cell: LayoutCell): { budget: Float64Array; revenue: Float64Array } {
  const { votes, budget, revenue } = run;
  const { minVotes, fb, fr, target } = r;
  const keptBudget = floatScratch('layoutBudgets', to - from);
  const keptRevenue = floatScratch('layoutRevenues', to - from);
  let m = 0;
  let profitable = 0;
  let reaching = 0;
  for (let j = from; j < to; j++) {
    const b = budget[j]!;
    const v = revenue[j]!;
    const pass = +(votes[j]! >= minVotes) & +(b >= fb) & +(v >= fr);
    keptBudget[m] = b;
    keptRevenue[m] = v;
    m += pass;
    const profit = v - b;
    profitable += pass & +(profit > 0);
    reaching += pass & +(profit >= target);
  }
  cell.moneyMovies = m;
  cell.profitable = profitable;
  cell.reaching = reaching;
  if (r.budgetRange) budgetRange(run, from, to, r, cell);
  return { budget: keptBudget, revenue: keptRevenue };
}

/** The lowest and highest budget of the cell's passing pairs. */
function budgetRange(run: MoneyRun, from: number, to: number, r: LayoutRequest, cell: LayoutCell): void {
  const { votes, budget, revenue } = run;
  const { minVotes, fb, fr } = r;
  // [what a failing pair offers, what a passing one offers]: picked by the pass, without a branch.
  const low = new Float64Array([Infinity, 0]);
  const high = new Float64Array([-Infinity, 0]);
  let lowest = Infinity;
  let highest = -Infinity;
  for (let j = from; j < to; j++) {
    const b = budget[j]!;
    const pass = +(votes[j]! >= minVotes) & +(b >= fb) & +(revenue[j]! >= fr);
    low[1] = b;
    high[1] = b;
    const l = low[pass]!;
    const h = high[pass]!;
    if (l < lowest) lowest = l;
    if (h > highest) highest = h;
  }
  cell.lowestBudget = lowest;
  cell.highestBudget = highest;
}

/** The quantiles ps of a cell's m passing pairs, read off its run in the measure's order up to the last rank needed. */
function quantilesOfRun(run: MoneyRun, key: MoneyKey, from: number, to: number, r: LayoutRequest, m: number, ps: readonly number[]): (number | null)[] {
  const ranks = [...new Set(ps.flatMap((p) => ranksOf(m, p)))].sort((a, b) => a - b);
  const values = new Map<number, number>();
  const { votes, budget, revenue } = run;
  const { minVotes, fb, fr } = r;
  let seen = 0;
  let next = 0;
  let wanted = ranks[0]!;
  for (let j = from; j < to; j++) {
    const b = budget[j]!;
    const v = revenue[j]!;
    const pass = +(votes[j]! >= minVotes) & +(b >= fb) & +(v >= fr);
    if (seen === wanted && pass === 1) {
      values.set(wanted, measure(key, b, v));
      if (++next === ranks.length) break;
      wanted = ranks[next]!;
    }
    seen += pass;
  }
  return ps.map((p) => quantileAt(m, p, (rank) => values.get(rank)!));
}

/** Per model, its layouts by key, and the keys whose layout is scheduled. */
const layouts = new WeakMap<MovieStore, Map<LayoutKey, GenreLayout>>();
const scheduled = new WeakMap<MovieStore, Set<LayoutKey>>();

/** The entry of `store` in a per-model map, made when missing. */
function entryOf<V>(map: WeakMap<MovieStore, V>, store: MovieStore, make: () => V): V {
  let kept = map.get(store);
  if (kept === undefined) map.set(store, (kept = make()));
  return kept;
}

/**
 * The layout by `by` of the model as it is now, or null while there is none (the general engine answers then). A
 * request never makes it: one that finds it stale or missing schedules it, off the request, for once the model has
 * been still for LAYOUT_QUIET_MS (at once when it already has). So a process makes only the layouts of the cuts it is
 * asked for.
 */
export function genreLayout(store: MovieStore, by: LayoutKey): GenreLayout | null {
  const kept = layouts.get(store)?.get(by);
  if (kept !== undefined && kept.version === store.changes) return kept;
  scheduleLayout(store, by);
  return null;
}

/** The measures a request reads its cells' money from: those it wants quantiles of, else revenue (for the counts). */
export function runsFor(request: LayoutRequest): MoneyKey[] {
  return request.quantiles.size > 0 ? [...request.quantiles.keys()] : ['revenue'];
}

/**
 * Makes the layout by `by` of the model as it is now, at once (the schedule below, tests, the engine's priming), with
 * the runs the genre-language answer reads: revenue and profit. ROI's is made when explore first asks for it.
 */
export function layOut(store: MovieStore, by: LayoutKey = 'language'): GenreLayout {
  const layout = new GenreLayout(store, cellIndexOf(store), store.changes, by);
  layout.run('revenue');
  layout.run('profit');
  entryOf(layouts, store, () => new Map<LayoutKey, GenreLayout>()).set(by, layout);
  return layout;
}

/** Layouts the schedule has made in this process, and how long the last one took (for /metrics). */
export const layoutBuilds = { count: 0, lastSeconds: 0 };

/**
 * Time between two layouts the schedule makes one after the other: each blocks the process for up to a second at 1M
 * movies, and the requests that arrived meanwhile are answered in between rather than after all of them.
 */
const LAYOUT_GAP_MS = 20;

const runsScheduled = new WeakSet<GenreLayout>();

/** Whether the layout has the runs of these measures; the missing ones are scheduled, made off the request. */
export function layoutHasRuns(layout: GenreLayout, keys: readonly MoneyKey[]): boolean {
  const missing = keys.filter((key) => !layout.hasRun(key));
  if (missing.length === 0) return true;
  if (!runsScheduled.has(layout)) {
    runsScheduled.add(layout);
    setImmediate(() => {
      runsScheduled.delete(layout);
      if (layout.current) for (const key of missing) layout.run(key);
    }).unref();
  }
  return false;
}

/** Where the layout by `by` of a store is: none made, one of an older version, being waited for, or current. */
export function layoutState(store: MovieStore, by: LayoutKey = 'language'): 'none' | 'stale' | 'scheduled' | 'current' {
  if (scheduled.get(store)?.has(by)) return 'scheduled';
  const kept = layouts.get(store)?.get(by);
  return kept === undefined ? 'none' : kept.version === store.changes ? 'current' : 'stale';
}

/** Schedules the layout by `by`. One loop per model makes the scheduled layouts one at a time (makeScheduled). */
function scheduleLayout(store: MovieStore, by: LayoutKey): void {
  const pending = entryOf(scheduled, store, () => new Set<LayoutKey>());
  if (pending.has(by)) return;
  pending.add(by);
  if (pending.size === 1) setImmediate(() => makeScheduled(store, pending)).unref();
}

/**
 * Makes one scheduled layout once the model has been still for LAYOUT_QUIET_MS, then comes back LAYOUT_GAP_MS later
 * for the next, until none is left.
 */
function makeScheduled(store: MovieStore, pending: Set<LayoutKey>): void {
  const still = performance.now() - store.changedAt;
  if (still < LAYOUT_QUIET_MS) {
    setTimeout(() => makeScheduled(store, pending), LAYOUT_QUIET_MS - still).unref();
    return;
  }
  const by = pending.values().next().value!;
  pending.delete(by);
  if (layouts.get(store)?.get(by)?.version !== store.changes) {
    const started = performance.now();
    layOut(store, by);
    layoutBuilds.count++;
    layoutBuilds.lastSeconds = (performance.now() - started) / 1000;
  }
  if (pending.size > 0) setTimeout(() => makeScheduled(store, pending), LAYOUT_GAP_MS).unref();
}
