import type { MovieStore } from '../../read-model/movie-store.js';
import { cellIndexOf, type BudgetColumns } from './cell-index.js';
import { floatScratch, intScratch } from './cell-passes.js';
import { edgeBands, firstAtLeast, quantileAt, quantileBands, ranksOf, type Bands } from './quantiles.js';

/**
 * The budget-bands answer's own pass. Its only filters are the money floors and its only cut is the budget band, so
 * its movies are a run of the budget order (budget ≥ minBudget) thinned by revenue ≥ minRevenue, and each band is a
 * run of those. One pass along the order, over columns kept aligned with it (cell-index.ts: revenue, and each
 * movie's position in the profit and ROI orders), lists them; each band's quantiles are then picked from its
 * members' positions in the profit and ROI orders (positionAt below), never from a walk of the whole order or a sort.
 * Same definitions, same numbers as the general engine (cells.ts), which budget-bands.spec.ts checks on random movies.
 */

export interface BandSpec {
  /** Known money: budget ≥ fb and revenue ≥ fr (the floors after moneyFloor). */
  fb: number;
  fr: number;
  /** Quantile bands … */
  bands: number;
  /** … unless fixed edges are given. */
  edges: readonly number[] | null;
  /** The profit quantiles to read per band (ascending). */
  profitQuantiles: readonly number[];
  /** Count per band the movies with profit ≥ this. */
  target: number;
}

/** One band's figures; quantiles as the definitions give them (PERCENTILE.INC), unrounded. */
export interface BandFigures {
  movies: number;
  lowestBudget: number;
  highestBudget: number;
  profitable: number;
  reaching: number;
  /** profit[j]: the quantile profitQuantiles[j] of profit. */
  profit: number[];
  medianRoi: number;
}

export interface BandPassResult {
  /** Movies with known money (each is in exactly one band). */
  considered: number;
  bands: Bands;
  /** Per band, null when it holds no movie. */
  figures: (BandFigures | null)[];
}

export function bandPass(store: MovieStore, spec: BandSpec): BandPassResult {
  const columns = cellIndexOf(store).budgetColumns();
  const budgets = columns.order.values;
  const revenues = columns.revenue;
  // The movies with known money, ascending by budget: their positions in the budget order and their budgets.
  const n = budgets.length;
  const members = intScratch('bandMembers', n);
  const memberBudgets = floatScratch('bandBudgets', n);
  let m = 0;
  const fr = spec.fr;
  // Written always, kept when the revenue passes (no branch to mispredict, as in bandFigures).
  for (let i = firstAtLeast(budgets, 0, n, spec.fb); i < n; i++) {
    members[m] = i;
    memberBudgets[m] = budgets[i]!;
    m += +(revenues[i]! >= fr);
  }
  const sortedBudgets = memberBudgets.subarray(0, m);
  const bands = spec.edges !== null ? edgeBands(spec.edges) : quantileBands(sortedBudgets, spec.bands);
  const figures: (BandFigures | null)[] = [];
  for (let j = 0; j < bands.lower.length; j++) {
    const a = firstAtLeast(sortedBudgets, 0, m, bands.lower[j]!);
    const upper = bands.upper[j];
    const b = upper === null || upper === undefined ? m : firstAtLeast(sortedBudgets, a, m, upper);
    figures.push(b > a ? bandFigures(columns, members, a, b, spec) : null);
  }
  return { considered: m, bands, figures };
}

/** The figures of the band made of members[a … b): one pass counts, a second lists the few members around each wanted rank. */
function bandFigures(columns: BudgetColumns, members: Int32Array, a: number, b: number, spec: BandSpec): BandFigures {
  const budgets = columns.order.values;
  const revenues = columns.revenue;
  const profitRank = columns.profitRank;
  const roiRank = columns.roiRank;
  const n = b - a;
  const byProfit = new RankPicker('profit', columns.profit.values.length, n);
  const byRoi = new RankPicker('roi', columns.roi.values.length, n);
  const target = spec.target;
  // The pickers' tables as locals: these two loops are the answer's cost.
  const profitShift = byProfit.shift;
  const roiShift = byRoi.shift;
  const profitCounts = byProfit.counts;
  const roiCounts = byRoi.counts;
  let profitable = 0;
  let reaching = 0;
  for (let i = a; i < b; i++) {
    const at = members[i]!;
    const profit = revenues[at]! - budgets[at]!;
    // Counted without a branch: a profit's sign is a coin toss to the processor, and a mispredicted branch per
    // member cost more than the rest of the loop.
    profitable += +(profit > 0);
    reaching += +(profit >= target);
    profitCounts[profitRank[at]! >>> profitShift]!++;
    roiCounts[roiRank[at]! >>> roiShift]!++;
  }
  byProfit.want(spec.profitQuantiles.flatMap((p) => ranksOf(n, p)));
  byRoi.want(ranksOf(n, 0.5));
  const profitSlot = byProfit.slotOf;
  const roiSlot = byRoi.slotOf;
  for (let i = a; i < b; i++) {
    const at = members[i]!;
    const p = profitRank[at]!;
    const pk = profitSlot[p >>> profitShift]!;
    if (pk >= 0) byProfit.list(pk, p);
    const r = roiRank[at]!;
    const rk = roiSlot[r >>> roiShift]!;
    if (rk >= 0) byRoi.list(rk, r);
  }
  const profitValues = columns.profit.values;
  const roiValues = columns.roi.values;
  return {
    movies: n,
    lowestBudget: budgets[members[a]!]!,
    highestBudget: budgets[members[b - 1]!]!,
    profitable,
    reaching,
    profit: spec.profitQuantiles.map((p) => quantileAt(n, p, (rank) => profitValues[byProfit.positionAt(rank)]!)!),
    medianRoi: quantileAt(n, 0.5, (rank) => roiValues[byRoi.positionAt(rank)]!)!,
  };
}

/**
 * At most 2^MAX_BUCKET_BITS buckets (16 KiB of counts) over positions in an order: small enough to stay in the
 * processor's cache while a group's members are counted into it. A group gets about one bucket per
 * MEMBERS_PER_BUCKET members (clearing the counts then costs less than counting), and since positions are
 * distinct a bucket never holds more members than the positions it spans: the few in a wanted rank's bucket are
 * sorted in no time.
 */
const MAX_BUCKET_BITS = 12;
const MEMBERS_PER_BUCKET = 4;

export class RankPicker {
  readonly shift: number;
  /** Members per bucket, and per bucket the list of its members kept (−1: none). */
  readonly counts: Int32Array;
  readonly slotOf: Int32Array;
  private lists: Int32Array[] = [];
  private filled = new Int32Array(0);
  private readonly found = new Map<number, { list: number; offset: number }>();
  private sorted = false;

  /** For a group of `members` with positions in an order of `total` movies. */
  constructor(name: string, total: number, members: number) {
    const bits = 32 - Math.clz32(Math.max(1, total - 1));
    const bucketBits = Math.min(bits, MAX_BUCKET_BITS, Math.max(1, 32 - Math.clz32(Math.ceil(members / MEMBERS_PER_BUCKET))));
    this.shift = bits - bucketBits;
    const buckets = 1 << bucketBits;
    this.counts = intScratch(`${name}Counts`, buckets).fill(0);
    this.slotOf = intScratch(`${name}Slots`, buckets).fill(-1);
  }

  /** The ranks to pick (from 0, each below the number of members counted). */
  want(ranks: readonly number[]): void {
    const sorted = [...new Set(ranks)].sort((x, y) => x - y);
    let seen = 0;
    let bucket = 0;
    for (const rank of sorted) {
      while (seen + this.counts[bucket]! <= rank) seen += this.counts[bucket++]!;
      if (this.slotOf[bucket]! < 0) {
        this.slotOf[bucket] = this.lists.length;
        this.lists.push(new Int32Array(this.counts[bucket]!));
      }
      this.found.set(rank, { list: this.slotOf[bucket]!, offset: rank - seen });
    }
    this.filled = new Int32Array(this.lists.length);
  }

  /** Keeps a position whose bucket has a list: k = slotOf[position >>> shift] (≥ 0), which the caller has read. */
  list(k: number, position: number): void {
    this.lists[k]![this.filled[k]!++] = position;
  }

  positionAt(rank: number): number {
    if (!this.sorted) {
      for (const list of this.lists) list.sort();
      this.sorted = true;
    }
    const at = this.found.get(rank)!;
    return this.lists[at.list]![at.offset]!;
  }
}
