import type { MovieStore } from '../../read-model/movie-store.js';
import { languageName } from '../../movies/language-names.js';
import type { LanguageItem, LanguagesAnswer } from '../dto/answer.view.js';
import type { RatingsByLanguageParams } from '../pipelines/ratings-by-language.pipeline.js';
import { addExact, roundTo } from '../statistics.js';
import { compareCodeUnits } from './genres.js';

/** What the languages answer holds besides the envelope. */
export type LanguagesResult = Pick<LanguagesAnswer, 'considered' | 'items' | 'highest' | 'lowest'>;

/**
 * Per original language, as ratingsByLanguage: the movies with at least minVotes votes, their unweighted
 * mean vote average and total votes; languages with fewer than minMovies such movies are left out.
 * Sorted by the unrounded mean (best first), ties by code; averageRating is rounded to 2 places afterwards.
 * highest: the first; lowest: the first whose rounded averageRating is the least (as the service picks it).
 * considered = movies with at least minVotes votes and a known language. One pass: O(n).
 *
 * The mean is MongoDB's $avg: the sum in double-double (MongoDB's DoubleDoubleSummation: for vote averages
 * it is the exact sum, rounded once to a double), divided by the count in double. A plain running sum would
 * depend on the order movies are visited in, and equal means could then sort apart by an ulp.
 */
export function computeLanguages(store: MovieStore, { minVotes, minMovies }: RatingsByLanguageParams): LanguagesResult {
  const languages = store.languages.length;
  const movies = new Float64Array(languages);
  const votes = new Float64Array(languages);
  const sumHigh = new Float64Array(languages);
  const sumLow = new Float64Array(languages);
  const n = store.size;
  const language = store.language;
  const voteCount = store.voteCount;
  const voteAverage = store.voteAverage;
  let considered = 0;
  for (let s = 0; s < n; s++) {
    const count = voteCount[s]!;
    if (count < minVotes) continue;
    const l = language[s]!;
    // Language 0 is the unknown (null) language: never counted.
    if (l === 0) continue;
    considered++;
    movies[l]!++;
    votes[l]! += count;
    addExact(sumHigh, l, sumLow, l, voteAverage[s]!);
  }

  const rows: { item: LanguageItem; mean: number }[] = [];
  for (let l = 1; l < languages; l++) {
    const count = movies[l]!;
    if (count === 0 || count < minMovies) continue;
    const code = store.languages[l]!;
    const mean = sumHigh[l]! / count;
    rows.push({ item: { language: code, name: languageName(code), movies: count, averageRating: roundTo(mean, 2)!, votes: votes[l]! }, mean });
  }
  rows.sort((a, b) => (a.mean !== b.mean ? (a.mean > b.mean ? -1 : 1) : compareCodeUnits(a.item.language, b.item.language)));
  const items = rows.map((row) => row.item);
  let lowest: LanguageItem | null = null;
  for (const item of items) if (lowest === null || item.averageRating < lowest.averageRating) lowest = item;
  return { considered, items, highest: items[0] ?? null, lowest };
}
