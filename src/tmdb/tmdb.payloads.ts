import { arrayOf, bool, int, nullable, num, object, opt, str, type Check } from './payload.validator.js';
import type { TmdbChange, TmdbGenre, TmdbLanguage, TmdbListMovie, TmdbMovieDetails, TmdbPage, TmdbSpokenLanguage } from './tmdb.types.js';

/** The shapes each TMDB answer is checked against before anything downstream reads it. */
export const genre = object<TmdbGenre>({ id: int, name: str });

const spokenLanguage = object<TmdbSpokenLanguage>({ iso_639_1: str, name: opt(str), english_name: opt(str) });

export const listMovie = object<TmdbListMovie>({
  id: int,
  title: opt(str),
  original_title: opt(str),
  original_language: opt(str),
  release_date: opt(str),
  genre_ids: opt(arrayOf(int)),
  vote_average: opt(num),
  vote_count: opt(int),
  popularity: opt(num),
});

export const movieDetails = object<TmdbMovieDetails>({
  id: int,
  title: str,
  original_title: nullable(str),
  original_language: nullable(str),
  release_date: nullable(str),
  genres: opt(arrayOf(genre)),
  budget: nullable(num),
  revenue: nullable(num),
  runtime: nullable(num),
  vote_average: nullable(num),
  vote_count: nullable(int),
  popularity: nullable(num),
  status: nullable(str),
  spoken_languages: opt(arrayOf(spokenLanguage)),
});

export const change = object<TmdbChange>({ id: int, adult: nullable(bool) });

export const language = object<TmdbLanguage>({ iso_639_1: str, english_name: str, name: str });

export function page<T>(item: Check<T>): Check<TmdbPage<T>> {
  return object<TmdbPage<T>>({ page: int, results: arrayOf(item), total_pages: int, total_results: int });
}

export const genreList: Check<TmdbGenre[]> = (value, path) => object<{ genres: TmdbGenre[] }>({ genres: arrayOf(genre) })(value, path).genres;

export const languageList = arrayOf(language);
