import { NO_YEAR, type MovieStore } from '../../read-model/movie-store.js';
import type { TopRatedYearsAnswer, YearItem } from '../dto/answer.view.js';
import type { TopRatedPerYearParams } from '../pipelines/top-rated-per-year.pipeline.js';

/** What the top-rated-years answer holds besides the envelope. */
export type TopRatedYearsResult = Pick<TopRatedYearsAnswer, 'considered' | 'items' | 'most' | 'fewest'>;

/** Years are Int16 in the store: a count per possible year, indexed by year + YEAR_OFFSET. */
const YEAR_OFFSET = 32768;
const YEARS = 65536;

/**
 * Top-rated movies (vote average ≥ minRating, votes ≥ minVotes) per release year within [from, to], as
 * topRatedPerYear: movies without a release date left out, years without any not listed, oldest first.
 * most / fewest: every year tied for the most / fewest. considered = top-rated movies in the range. One pass: O(n).
 */
export function computeTopRatedYears(store: MovieStore, { minRating, minVotes, from, to }: TopRatedPerYearParams): TopRatedYearsResult {
  const counts = new Uint32Array(YEARS);
  const first = from ?? -Infinity;
  const last = to ?? Infinity;
  const n = store.size;
  const years = store.year;
  const voteAverage = store.voteAverage;
  const voteCount = store.voteCount;
  let considered = 0;
  for (let s = 0; s < n; s++) {
    const year = years[s]!;
    if (year === NO_YEAR || year < first || year > last) continue;
    if (voteAverage[s]! < minRating || voteCount[s]! < minVotes) continue;
    considered++;
    counts[year + YEAR_OFFSET]!++;
  }
  const items: YearItem[] = [];
  let most = 0;
  let fewest = Infinity;
  for (let i = 0; i < YEARS; i++) {
    const count = counts[i]!;
    if (count === 0) continue;
    items.push({ year: i - YEAR_OFFSET, count });
    if (count > most) most = count;
    if (count < fewest) fewest = count;
  }
  return { considered, items, most: items.filter((i) => i.count === most), fewest: items.filter((i) => i.count === fewest) };
}
