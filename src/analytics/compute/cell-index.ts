import type { MovieStore } from '../../read-model/movie-store.js';
import { sortWithSlots } from './radix-sort.js';

/**
 * What the group engine (cells.ts) keeps per read model between answers, as a database keeps an index: never an
 * answer, only what every answer would otherwise rebuild from the same movies.
 *
 * - Genre names per genre set. The store's genre sets and (id, name) pairs only ever grow, so this part is extended,
 *   never rebuilt.
 * - Per version of the model (`store.changes`): each genre name's lowest id among the movies held, and the money
 *   orders: the movies with a budget and a revenue (both ≥ 1, the lowest floor there is) sorted by budget, revenue,
 *   profit or ROI. A median or a percentile of any cell is then read off one walk along an order, and quantile bands
 *   off the budget order, with no selection or sort per request. An order is built when an answer first needs it
 *   after a change (a radix sort, O(n)).
 */

export type MoneyKey = 'budget' | 'revenue' | 'profit' | 'roi';

/**
 * The movies with money, ascending by one measure: values[i] is the measure of the movie at position i, genreSets[i]
 * its genre set; positionOf[slot] is a movie's position (−1: no money). The walks read values and genre sets in
 * position order, so at a million movies they run along memory instead of jumping about it by slot.
 */
export interface MoneyOrder {
  values: Float64Array;
  genreSets: Uint32Array;
  positionOf: Int32Array;
}

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

  constructor(private readonly store: MovieStore) {}

  /** Brings the index up to the store: new genre sets indexed; per-version parts dropped after a change. */
  refresh(): void {
    const store = this.store;
    if (store.genreSets.length > this.setsIndexed) this.indexSets();
    if (store.changes !== this.version) {
      this.version = store.changes;
      this.minIds = [];
      this.orders.clear();
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

  /** The movies with money sorted by `key`, built on first use after a change. */
  order(key: MoneyKey): MoneyOrder {
    let order = this.orders.get(key);
    if (order === undefined) this.orders.set(key, (order = buildOrder(this.store, key)));
    return order;
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

/** Which genre sets some movie held now lists (a long loop of its own, which V8 optimises once and keeps). */
function setsInUse(genreSet: Uint32Array, size: number, sets: number): Uint8Array {
  const inUse = new Uint8Array(sets);
  for (let s = 0; s < size; s++) inUse[genreSet[s]!] = 1;
  return inUse;
}

function buildOrder(store: MovieStore, key: MoneyKey): MoneyOrder {
  const budgets = store.budget;
  const revenues = store.revenue;
  let n = 0;
  for (let s = 0; s < store.size; s++) if (budgets[s]! >= 1 && revenues[s]! >= 1) n++;
  const slots = new Int32Array(n);
  const values = new Float64Array(n);
  n = 0;
  for (let s = 0; s < store.size; s++) {
    const budget = budgets[s]!;
    const revenue = revenues[s]!;
    if (budget < 1 || revenue < 1) continue;
    slots[n] = s;
    values[n++] = key === 'budget' ? budget : key === 'revenue' ? revenue : key === 'profit' ? revenue - budget : revenue / budget;
  }
  sortWithSlots(values, slots);
  const positionOf = new Int32Array(store.size).fill(-1);
  const genreSets = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    positionOf[slots[i]!] = i;
    genreSets[i] = store.genreSet[slots[i]!]!;
  }
  return { values, genreSets, positionOf };
}

const indexes = new WeakMap<MovieStore, CellIndex>();

/** The index of a store, up to date with it. */
export function cellIndexOf(store: MovieStore): CellIndex {
  let index = indexes.get(store);
  if (index === undefined) indexes.set(store, (index = new CellIndex(store)));
  index.refresh();
  return index;
}
