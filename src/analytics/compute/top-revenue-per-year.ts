import { NO_YEAR, type MovieStore } from '../../read-model/movie-store.js';
import type { TopRevenuePerYearAnswer, YearMoviesItem } from '../dto/answer.view.js';
import type { TopRevenuePerYearParams } from '../pipelines/top-revenue-per-year.pipeline.js';
import { BoundedTop, movieRowOf } from './top-movies.js';

/** What the top-revenue-per-year answer holds besides the envelope; titles are left '' for the caller to fill. */
export type TopRevenuePerYearResult = Pick<TopRevenuePerYearAnswer, 'considered' | 'items'>;

/** Years are Int16 in the store: one entry per possible year, indexed by year + YEAR_OFFSET. */
const YEAR_OFFSET = 32768;
const YEARS = 65536;

/**
 * Per release year within [from, to], its n highest-revenue movies (ties to the lower TMDB id) among movies
 * with a known revenue (> 0) and a release date, and how many such movies the year has; oldest year first,
 * as topRevenuePerYear. considered = those movies. One pass, a bounded buffer of n per year: O(movies · log n).
 */
export function computeTopRevenuePerYear(store: MovieStore, { n: perYear, from, to }: TopRevenuePerYearParams): TopRevenuePerYearResult {
  const capacity = Math.max(0, Math.floor(perYear));
  const counts = new Uint32Array(YEARS);
  /** Per year + YEAR_OFFSET, its buffer's index in `tops` plus one (0: none yet). */
  const topOf = new Uint32Array(YEARS);
  const tops: BoundedTop[] = [];
  const first = from ?? -Infinity;
  const last = to ?? Infinity;
  const size = store.size;
  const ids = store.ids;
  const years = store.year;
  const revenues = store.revenue;
  let considered = 0;
  for (let s = 0; s < size; s++) {
    const revenue = revenues[s]!;
    if (!(revenue > 0)) continue;
    const year = years[s]!;
    if (year === NO_YEAR || year < first || year > last) continue;
    considered++;
    const y = year + YEAR_OFFSET;
    counts[y]!++;
    let top = topOf[y]!;
    if (top === 0) {
      tops.push(new BoundedTop(capacity));
      top = topOf[y] = tops.length;
    }
    tops[top - 1]!.offer(revenue, ids[s]!, s);
  }
  const items: YearMoviesItem[] = [];
  for (let y = 0; y < YEARS; y++) {
    const top = topOf[y]!;
    if (top === 0) continue;
    items.push({ year: y - YEAR_OFFSET, count: counts[y]!, movies: tops[top - 1]!.bestFirst().map((slot) => movieRowOf(store, slot)) });
  }
  return { considered, items };
}
