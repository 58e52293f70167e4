import type { MovieStore } from '../../read-model/movie-store.js';
import type { ExploreAnswer, ExploreCell } from '../dto/answer.view.js';
import { computeCells, sortCells, type Cell, type CellMeasure, type Dimension } from './cells.js';

export interface ExploreParams {
  groupBy: Dimension[] | string;
  measure: CellMeasure[] | string;
  sort: CellMeasure | null;
  order: 'desc' | 'asc';
  limit: number;
  minVotes: number;
  minMovies: number;
  from: number | null;
  to: number | null;
  language: string | null;
  genre: string | null;
  minBudget: number;
  minRevenue: number;
  bands: number;
  edges: number[] | null;
}

/** What the explore answer holds besides the envelope. */
export type ExploreResult = Pick<ExploreAnswer, 'considered' | 'groupBy' | 'measures' | 'sort' | 'cells' | 'leftOut' | 'items'>;

/** A list parameter as given (an array) or as its documented default (text). */
function listOf<T extends string>(value: T[] | string): T[] {
  return typeof value === 'string' ? (value.split(',') as T[]) : value;
}

function valueOf(cell: Cell, measure: CellMeasure): number | null {
  return measure === 'count' ? cell.movies : cell[measure];
}

/**
 * Any cut: the movies passing the filters (minVotes, from/to release year, language, genre), grouped by one or two
 * dimensions (a movie is in one cell per genre name; a movie without the key of a dimension — language, genre, year,
 * or known money for budgetBand — is in none). Per cell n (movies), moneyMovies and the measures asked for.
 * Cells below minMovies are left out (counted). Sorted by `sort` (the first measure by default) as shown, null last,
 * ties by the keys ascending; at most `limit` cells.
 */
export function computeExplore(store: MovieStore, p: ExploreParams): ExploreResult {
  const groupBy = listOf<Dimension>(p.groupBy);
  const measures = listOf<CellMeasure>(p.measure);
  const sort = p.sort ?? measures[0]!;
  const wanted = new Set<CellMeasure>([...measures, sort]);
  const result = computeCells(store, {
    minVotes: p.minVotes,
    from: p.from,
    to: p.to,
    language: p.language,
    genre: p.genre,
    minBudget: p.minBudget,
    minRevenue: p.minRevenue,
    groupBy,
    bands: p.bands,
    edges: p.edges,
    medians: { revenue: wanted.has('medianRevenue'), profit: wanted.has('medianProfit'), roi: wanted.has('medianRoi') },
    ratings: wanted.has('meanRating') || wanted.has('weightedRating'),
  });
  const listed = result.cells.filter((cell) => cell.movies >= p.minMovies);
  sortCells(listed, (cell) => valueOf(cell, sort), p.order, result.compareKeys);
  const items = listed.slice(0, p.limit).map((cell): ExploreCell => {
    const item: Record<string, unknown> = { ...result.describe(cell), movies: cell.movies, moneyMovies: cell.moneyMovies };
    for (const measure of measures) item[measure] = valueOf(cell, measure);
    return item as unknown as ExploreCell;
  });
  return { considered: result.considered, groupBy, measures, sort, cells: listed.length, leftOut: result.cells.length - listed.length, items };
}
