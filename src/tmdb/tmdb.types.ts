/**
 * The shapes TMDB's v3 API answers with, reduced to the fields this product reads.
 * TMDB stores unknown money as 0 and unknown dates as "" — these types keep TMDB's
 * conventions; the meaning (unknown vs zero) is decided once, in the movie mapper.
 */

export interface TmdbGenre {
  id: number;
  name: string;
}

export interface TmdbSpokenLanguage {
  iso_639_1: string;
  name?: string;
  english_name?: string;
}

/** An item of a paged list (`/discover/movie`, `/movie/top_rated`, `/movie/changes`). */
export interface TmdbListMovie {
  id: number;
  title?: string;
  original_title?: string;
  original_language?: string;
  release_date?: string;
  genre_ids?: number[];
  vote_average?: number;
  vote_count?: number;
  popularity?: number;
}

export interface TmdbPage<T> {
  page: number;
  results: T[];
  total_pages: number;
  total_results: number;
}

/** `GET /movie/{id}`: the details that carry budget, revenue and genres. */
export interface TmdbMovieDetails {
  id: number;
  title: string;
  original_title?: string | null;
  original_language?: string | null;
  release_date?: string | null;
  genres?: TmdbGenre[];
  budget?: number | null;
  revenue?: number | null;
  runtime?: number | null;
  vote_average?: number | null;
  vote_count?: number | null;
  popularity?: number | null;
  status?: string | null;
  spoken_languages?: TmdbSpokenLanguage[];
}

/** `GET /configuration/languages` */
export interface TmdbLanguage {
  iso_639_1: string;
  english_name: string;
  name: string;
}

/** `GET /movie/changes` item */
export interface TmdbChange {
  id: number;
  adult?: boolean | null;
}
