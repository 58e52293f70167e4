import type { MovieStore } from '../../read-model/movie-store.js';
import type { GenreLanguageAnswer, GenreLanguageItem } from '../dto/answer.view.js';
import type { GenreLanguageMeasure } from '../dto/genre-language.query.dto.js';
import { computeCells, sortCells, type Cell } from './cells.js';

export interface GenreLanguageParams {
  minVotes: number;
  minMovies: number;
  minBudget: number;
  minRevenue: number;
  measure: GenreLanguageMeasure;
  genre: string;
  language: string;
}

/** What the genre-language answer holds besides the envelope. */
export type GenreLanguageResult = Pick<GenreLanguageAnswer, 'considered' | 'measure' | 'leftOut' | 'items' | 'best' | 'claim'>;

/**
 * Genre × original language: among movies with at least minVotes votes, a known language and at least one genre,
 * a movie is in one cell per genre name it lists. Per cell its movies, mean and vote-weighted rating, and over its
 * movies with known money the median revenue, median profit and share profitable. Cells with fewer than minMovies
 * movies are left out (counted). Ranked by `measure` as shown (rounded), highest first, null last, ties by genre
 * name then language code (UTF-16 code units). best = the first item when its measure has a value.
 */
export function computeGenreLanguage(store: MovieStore, p: GenreLanguageParams): GenreLanguageResult {
  const result = computeCells(store, {
    minVotes: p.minVotes,
    from: null,
    to: null,
    language: null,
    genre: null,
    minBudget: p.minBudget,
    minRevenue: p.minRevenue,
    groupBy: ['genre', 'language'],
    bands: 10,
    edges: null,
    medians: { revenue: true, profit: true },
  });
  let leftOut = 0;
  let claimMovies = 0;
  const listed: Cell[] = [];
  for (const cell of result.cells) {
    const keys = result.describe(cell);
    if (keys['genre'] === p.genre && keys['language'] === p.language) claimMovies = cell.movies;
    if (cell.movies < p.minMovies) {
      leftOut++;
      continue;
    }
    listed.push(cell);
  }
  const value = (cell: Cell): number | null => (p.measure === 'movies' ? cell.movies : cell[p.measure]);
  sortCells(listed, value, 'desc', result.compareKeys);
  const items: GenreLanguageItem[] = listed.map((cell, i) => {
    const keys = result.describe(cell);
    return {
      rank: i + 1,
      genre: keys['genre'] as string,
      genreId: keys['genreId'] as number,
      language: keys['language'] as string,
      languageName: keys['languageName'] as string | null,
      movies: cell.movies,
      moneyMovies: cell.moneyMovies,
      meanRating: cell.meanRating,
      weightedRating: cell.weightedRating,
      medianRevenue: cell.medianRevenue,
      medianProfit: cell.medianProfit,
      shareProfitable: cell.shareProfitable,
    };
  });
  const first = items[0];
  const best = first !== undefined && (p.measure === 'movies' ? first.movies : first[p.measure]) !== null ? first : null;
  const claimed = items.find((item) => item.genre === p.genre && item.language === p.language) ?? null;
  return {
    considered: result.considered,
    measure: p.measure,
    leftOut,
    items,
    best,
    claim: { genre: p.genre, language: p.language, movies: claimMovies, rank: claimed?.rank ?? null, of: items.length, cell: claimed },
  };
}
