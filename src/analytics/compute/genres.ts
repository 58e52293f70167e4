import type { MovieStore } from '../../read-model/movie-store.js';
import type { GenreItem, GenresAnswer } from '../dto/answer.view.js';
import type { MoviesPerGenreParams } from '../pipelines/movies-per-genre.pipeline.js';

/** What the genres answer holds besides the envelope. */
export type GenresResult = Pick<GenresAnswer, 'considered' | 'items' | 'most' | 'least'>;

/**
 * Strings in UTF-16 code-unit order, as the local MongoDB-wire server sorts them (Java's String.compareTo);
 * not localeCompare. (MongoDB 7 compares UTF-8 bytes, i.e. code points: the two differ only between
 * characters U+E000–U+FFFF and those beyond U+FFFF.)
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Movies per genre name, as moviesPerGenre: among movies with at least minVotes votes and at least one
 * genre, a movie counts once per genre name (a name listed twice, or under two ids, counts once);
 * genreId is the lowest id that name has among the movies counted. Most movies first, ties by name.
 * most: the first; least: the first of those with the fewest movies. considered = movies counted.
 *
 * One pass counting movies per genre set, then one walk over the sets in use: O(n + Σ set sizes).
 */
export function computeGenres(store: MovieStore, { minVotes }: MoviesPerGenreParams): GenresResult {
  const sets = store.genreSets;
  const perSet = new Float64Array(sets.length);
  const n = store.size;
  const votes = store.voteCount;
  const genreSet = store.genreSet;
  let considered = 0;
  for (let s = 0; s < n; s++) {
    if (votes[s]! < minVotes) continue;
    const set = genreSet[s]!;
    // Set 0 is the empty set: no genres, not counted.
    if (set === 0) continue;
    considered++;
    perSet[set]!++;
  }

  // Each pair's name as a small number, so a set's names are deduplicated without strings.
  const pairs = store.genrePairs;
  const nameIndex = new Map<string, number>();
  const names: string[] = [];
  const nameOfPair = new Int32Array(pairs.length);
  for (let p = 0; p < pairs.length; p++) {
    const name = pairs[p]!.name;
    let index = nameIndex.get(name);
    if (index === undefined) {
      index = names.length;
      names.push(name);
      nameIndex.set(name, index);
    }
    nameOfPair[p] = index;
  }
  const movies = new Float64Array(names.length);
  const minId = new Float64Array(names.length).fill(Infinity);
  /** The set that last counted a name: a name under two ids in one set counts once. */
  const countedBy = new Int32Array(names.length).fill(-1);
  for (let set = 1; set < sets.length; set++) {
    const count = perSet[set]!;
    if (count === 0) continue;
    for (const pair of sets[set]!.pairs) {
      const name = nameOfPair[pair]!;
      const id = pairs[pair]!.id;
      if (id < minId[name]!) minId[name] = id;
      if (countedBy[name] === set) continue;
      countedBy[name] = set;
      movies[name]! += count;
    }
  }

  const items: GenreItem[] = [];
  for (let name = 0; name < names.length; name++) {
    if (movies[name]! > 0) items.push({ genre: names[name]!, genreId: minId[name]!, movies: movies[name]! });
  }
  items.sort((a, b) => b.movies - a.movies || compareCodeUnits(a.genre, b.genre));
  let least: GenreItem | null = null;
  for (const item of items) if (least === null || item.movies < least.movies) least = item;
  return { considered, items, most: items[0] ?? null, least };
}
