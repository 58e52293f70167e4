import type { MovieStore } from '../../read-model/movie-store.js';
import { sortWithSlots } from './radix-sort.js';

/**
 * What the group engine (cells.ts) keeps per read model between answers, as a database keeps an index: never an
 * answer, only what every answer would otherwise rebuild from the same movies.
 *
 * - Genre names per genre set. The store's genre sets and (id, name) pairs only ever grow, so this part is extended,
 *   never rebuilt.
 * - Per version of the model (`store.changes`): each genre name's lowest id among the movies held.
 * - Kept up with the model: the money orders, the movies with a budget and a revenue (both ≥ 1, the lowest floor
 *   there is) sorted by budget, revenue, profit or ROI. A median or a percentile of any cell is then read off one
 *   walk along an order, and quantile bands off the budget order, with no selection or sort per request. An order is built when an answer first needs it
 *   (a radix sort, O(n)) and brought up to date when one needs it after changes: patched from the store's journal
 *   of changed slots when few changed, rebuilt otherwise.
 */

export type MoneyKey = 'budget' | 'revenue' | 'profit' | 'roi';

/**
 * The movies with money, ascending by one measure: values[i] is the measure of the movie at position i, genreSets[i]
 * its genre set; positionOf[slot] is a movie's position (−1: no money). The walks read values and genre sets in
 * position order, so at a million movies they run along memory instead of jumping about it by slot.
 */
export interface MoneyOrder {
  values: Float64Array;
  slots: Int32Array;
  genreSets: Uint32Array;
  positionOf: Int32Array;
  /** The model's version (`store.changes`) the order was built or patched at. */
  version: number;
}

/**
 * An order behind the model by at most this share of its movies is patched (the changed movies taken out and merged
 * back in at their new values: a few passes along it); further behind, it is rebuilt (a sort of all of them).
 */
const PATCH_SHARE = 0.25;

/**
 * Columns aligned with the budget order (for the budget-bands pass, band-pass.ts): at position i, the revenue of the
 * movie there and its positions in the profit and ROI orders. Gathered once per version of the three orders.
 */
export interface BudgetColumns {
  order: MoneyOrder;
  profit: MoneyOrder;
  roi: MoneyOrder;
  revenue: Float64Array;
  profitRank: Int32Array;
  roiRank: Int32Array;
}

/**
 * An order's genre names laid out flat, in position order: pair j is the name `name[j]` of the movie at position
 * `position[j]` (a movie with three names makes three pairs, one without any none). A walk of a genre cut reads these
 * in one loop, where a loop over each movie's names inside the loop over positions mispredicted its end at almost
 * every movie (the number of names varies at random): at a million movies that was a third of the walk's time.
 */
export interface GenrePairs {
  position: Int32Array;
  name: Uint16Array;
}

/** Names beyond this many do not fit a pair's Uint16; the walks then read each movie's names (never for TMDB's genres). */
export const MAX_PAIR_NAMES = 0x10000;

/**
 * How long the model must have been still before work that pays only while it stays still is done (the genre pairs
 * here, the genre layouts in genre-layout.ts). An ingest changes the model many times a second; redoing such work
 * after each change would cost more than the answers it speeds up. Half a second of quiet means the ingest has paused
 * or ended.
 */
export const MODEL_QUIET_MS = 500;

/** Each order's pairs, once made: an order is replaced, never changed, when the model changes. */
const pairsOfOrder = new WeakMap<MoneyOrder, GenrePairs>();

export class CellIndex {
  /** Distinct genre names, in order of first appearance, and each one's index. */
  readonly names: string[] = [];
  readonly nameIndex = new Map<string, number>();
  /** The distinct names of genre set s: setNames[setStart[s] … setStart[s + 1]). */
  setStart = new Int32Array(1);
  setNames = new Int32Array(0);
  private nameOfPair: number[] = [];
  private setsIndexed = 0;

  private version = -1;
  private minIds: number[] = [];
  private readonly orders = new Map<MoneyKey, MoneyOrder>();
  private columns: BudgetColumns | null = null;
  private pairsScheduled = false;

  constructor(private readonly store: MovieStore) {}

  /** Brings the index up to the store: new genre sets indexed; per-version parts dropped after a change. */
  refresh(): void {
    const store = this.store;
    if (store.genreSets.length > this.setsIndexed) this.indexSets();
    if (store.changes !== this.version) {
      this.version = store.changes;
      this.minIds = [];
    }
  }

  /** Each genre name's lowest id among the movies held now (a pair only an older version of a movie listed does not count). */
  minIdOfNames(): number[] {
    if (this.minIds.length === this.names.length) return this.minIds;
    const store = this.store;
    const inUse = setsInUse(store.genreSet, store.size, store.genreSets.length);
    const minId = this.names.map(() => Infinity);
    for (let s = 0; s < inUse.length; s++) {
      if (!inUse[s]) continue;
      for (const pair of store.genreSets[s]!.pairs) {
        const name = this.nameOfPair[pair]!;
        const id = store.genrePairs[pair]!.id;
        if (id < minId[name]!) minId[name] = id;
      }
    }
    return (this.minIds = minId);
  }

  /** Per genre set: 1 when it lists this name. */
  setsWithName(name: number): Uint8Array {
    const sets = this.setStart.length - 1;
    const has = new Uint8Array(sets);
    for (let s = 0; s < sets; s++) {
      for (let k = this.setStart[s]!; k < this.setStart[s + 1]!; k++) {
        if (this.setNames[k] === name) {
          has[s] = 1;
          break;
        }
      }
    }
    return has;
  }

  /** The movies with money sorted by `key`, as the model is now: built on first use, patched or rebuilt after changes. */
  order(key: MoneyKey): MoneyOrder {
    const store = this.store;
    let order = this.orders.get(key);
    if (order !== undefined && order.version !== store.changes) {
      const changed = store.changedSince(order.version);
      order = changed !== null && changed.length <= order.values.length * PATCH_SHARE ? patchOrder(store, key, order, changed) : undefined;
    }
    if (order === undefined) order = buildOrder(store, key);
    this.orders.set(key, order);
    return order;
  }

  /**
   * The order's genre pairs, or null while they are not made (the walks then read each movie's names). A request never
   * makes them (about 30 ms per order at a million movies, and an ingest replaces the orders many times a second):
   * one that finds them missing schedules them, made off the request once the model has been still for MODEL_QUIET_MS.
   */
  genrePairs(order: MoneyOrder): GenrePairs | null {
    if (this.names.length > MAX_PAIR_NAMES) return null;
    const pairs = pairsOfOrder.get(order);
    if (pairs !== undefined) return pairs;
    this.schedulePairs();
    return null;
  }

  /** Makes the genre pairs of every current order that medians are walked along (the schedule, tests): not budget's. */
  layGenrePairs(): void {
    if (this.names.length > MAX_PAIR_NAMES) return;
    for (const [key, order] of this.orders)
      if (key !== 'budget' && order.version === this.store.changes && !pairsOfOrder.has(order))
        pairsOfOrder.set(order, layPairs(order.genreSets, this.setStart, this.setNames));
  }

  private schedulePairs(): void {
    if (this.pairsScheduled) return;
    this.pairsScheduled = true;
    const attempt = (): void => {
      const still = performance.now() - this.store.changedAt;
      if (still < MODEL_QUIET_MS) {
        setTimeout(attempt, MODEL_QUIET_MS - still).unref();
        return;
      }
      this.pairsScheduled = false;
      this.refresh();
      this.layGenrePairs();
    };
    setImmediate(attempt).unref();
  }

  /** The budget order with its aligned columns, as the model is now. */
  budgetColumns(): BudgetColumns {
    const order = this.order('budget');
    const profit = this.order('profit');
    const roi = this.order('roi');
    const kept = this.columns;
    if (kept !== null && kept.order === order && kept.profit === profit && kept.roi === roi) return kept;
    return (this.columns = alignColumns(this.store, order, profit, roi));
  }

  private indexSets(): void {
    const store = this.store;
    for (let p = this.nameOfPair.length; p < store.genrePairs.length; p++) {
      const name = store.genrePairs[p]!.name;
      let index = this.nameIndex.get(name);
      if (index === undefined) {
        index = this.names.length;
        this.names.push(name);
        this.nameIndex.set(name, index);
        this.minIds = [];
      }
      this.nameOfPair.push(index);
    }
    const sets = store.genreSets.length;
    const setStart = new Int32Array(sets + 1);
    setStart.set(this.setStart.subarray(0, this.setsIndexed + 1));
    const list: number[] = Array.from(this.setNames.subarray(0, setStart[this.setsIndexed]!));
    for (let s = this.setsIndexed; s < sets; s++) {
      const names = new Set(store.genreSets[s]!.pairs.map((pair) => this.nameOfPair[pair]!));
      for (const name of names) list.push(name);
      setStart[s + 1] = list.length;
    }
    this.setStart = setStart;
    this.setNames = Int32Array.from(list);
    this.setsIndexed = sets;
  }
}

/** An order's genre pairs: how many there are (a pass over the positions), then each laid out. */
function layPairs(genreSets: Uint32Array, setStart: Int32Array, setNames: Int32Array): GenrePairs {
  let count = 0;
  for (let i = 0; i < genreSets.length; i++) count += setStart[genreSets[i]! + 1]! - setStart[genreSets[i]!]!;
  const position = new Int32Array(count);
  const name = new Uint16Array(count);
  let j = 0;
  for (let i = 0; i < genreSets.length; i++) {
    const set = genreSets[i]!;
    for (let k = setStart[set]!; k < setStart[set + 1]!; k++) {
      position[j] = i;
      name[j++] = setNames[k]!;
    }
  }
  return { position, name };
}

/** Which genre sets some movie held now lists (a long loop of its own, which V8 optimises once and keeps). */
function setsInUse(genreSet: Uint32Array, size: number, sets: number): Uint8Array {
  const inUse = new Uint8Array(sets);
  for (let s = 0; s < size; s++) inUse[genreSet[s]!] = 1;
  return inUse;
}

/** A movie's measure in an order. */
export function measure(key: MoneyKey, budget: number, revenue: number): number {
  return key === 'budget' ? budget : key === 'revenue' ? revenue : key === 'profit' ? revenue - budget : revenue / budget;
}

/** Whether a movie is in the orders: a budget and a revenue, both ≥ 1 (the lowest floor there is). */
export const hasMoney = (budget: number, revenue: number): boolean => budget >= 1 && revenue >= 1;

function buildOrder(store: MovieStore, key: MoneyKey): MoneyOrder {
  const budgets = store.budget;
  const revenues = store.revenue;
  let n = 0;
  for (let s = 0; s < store.size; s++) if (hasMoney(budgets[s]!, revenues[s]!)) n++;
  const slots = new Int32Array(n);
  const values = new Float64Array(n);
  n = 0;
  for (let s = 0; s < store.size; s++) {
    if (!hasMoney(budgets[s]!, revenues[s]!)) continue;
    slots[n] = s;
    values[n++] = measure(key, budgets[s]!, revenues[s]!);
  }
  sortWithSlots(values, slots);
  return finish(store, values, slots, null, null);
}

/** The order after the changed slots: those taken out, the ones with money now sorted and merged back in. */
function patchOrder(store: MovieStore, key: MoneyKey, old: MoneyOrder, changed: Int32Array): MoneyOrder {
  const budgets = store.budget;
  const revenues = store.revenue;
  const mark = new Uint8Array(store.size);
  for (let j = 0; j < changed.length; j++) mark[changed[j]!] = 1;
  let fresh = 0;
  const freshSlots = new Int32Array(changed.length);
  const freshValues = new Float64Array(changed.length);
  for (let j = 0; j < changed.length; j++) {
    const s = changed[j]!;
    if (!hasMoney(budgets[s]!, revenues[s]!)) continue;
    freshSlots[fresh] = s;
    freshValues[fresh++] = measure(key, budgets[s]!, revenues[s]!);
  }
  sortWithSlots(freshValues.subarray(0, fresh), freshSlots.subarray(0, fresh));
  let kept = 0;
  for (let i = 0; i < old.slots.length; i++) if (mark[old.slots[i]!] === 0) kept++;
  const values = new Float64Array(kept + fresh);
  const slots = new Int32Array(kept + fresh);
  const keptSets = new Uint32Array(kept + fresh).fill(NOT_KEPT);
  mergeOrders(old, mark, freshValues, freshSlots, fresh, values, slots, keptSets);
  return finish(store, values, slots, keptSets, old.positionOf);
}

/** Genre sets of a kept movie are copied from the old order; NOT_KEPT marks a merged-in movie (read from the store). */
const NOT_KEPT = 0xffffffff;

/** Merges the old order's unmarked movies with the fresh ones (both ascending) into values and slots. */
function mergeOrders(
  old: MoneyOrder,
  mark: Uint8Array,
  freshValues: Float64Array,
  freshSlots: Int32Array,
  fresh: number,
  values: Float64Array,
  slots: Int32Array,
  keptSets: Uint32Array,
): void {
  let i = 0;
  let j = 0;
  let out = 0;
  const n = old.slots.length;
  for (;;) {
    while (i < n && mark[old.slots[i]!] === 1) i++;
    if (i < n && (j >= fresh || old.values[i]! <= freshValues[j]!)) {
      values[out] = old.values[i]!;
      slots[out] = old.slots[i]!;
      keptSets[out++] = old.genreSets[i++]!;
    } else if (j < fresh) {
      values[out] = freshValues[j]!;
      slots[out++] = freshSlots[j++]!;
    } else return;
  }
}

/** Adds each position's genre set and each slot's position (reusing `positionOf` when it is large enough). */
function finish(store: MovieStore, values: Float64Array, slots: Int32Array, keptSets: Uint32Array | null, positionOf: Int32Array | null): MoneyOrder {
  const n = slots.length;
  const genreSets = keptSets ?? new Uint32Array(n).fill(NOT_KEPT);
  const where = positionOf !== null && positionOf.length >= store.size ? positionOf.fill(-1) : new Int32Array(store.ids.length).fill(-1);
  for (let i = 0; i < n; i++) {
    const s = slots[i]!;
    where[s] = i;
    if (genreSets[i] === NOT_KEPT) genreSets[i] = store.genreSet[s]!;
  }
  return { values, slots, genreSets, positionOf: where, version: store.changes };
}

function alignColumns(store: MovieStore, order: MoneyOrder, profit: MoneyOrder, roi: MoneyOrder): BudgetColumns {
  const n = order.slots.length;
  const revenue = new Float64Array(n);
  const profitRank = new Int32Array(n);
  const roiRank = new Int32Array(n);
  const revenues = store.revenue;
  for (let i = 0; i < n; i++) {
    const s = order.slots[i]!;
    revenue[i] = revenues[s]!;
    profitRank[i] = profit.positionOf[s]!;
    roiRank[i] = roi.positionOf[s]!;
  }
  return { order, profit, roi, revenue, profitRank, roiRank };
}

const indexes = new WeakMap<MovieStore, CellIndex>();

/** The index of a store, up to date with it. */
export function cellIndexOf(store: MovieStore): CellIndex {
  let index = indexes.get(store);
  if (index === undefined) indexes.set(store, (index = new CellIndex(store)));
  index.refresh();
  return index;
}
