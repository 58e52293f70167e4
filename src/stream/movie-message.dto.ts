/** Bumped when a field changes meaning; consumers refuse versions they do not know. */
export const MOVIE_MESSAGE_SCHEMA_VERSION = 1;

export const MOVIE_SOURCES = ['tmdb-top-rated', 'tmdb-discover', 'tmdb-ids', 'tmdb-changes', 'file'] as const;
export type MovieSource = (typeof MOVIE_SOURCES)[number];

export interface MovieGenre {
  /** An integer ≥ 0. */
  id: number;
  /** 1 to `genreNameChars` characters. */
  name: string;
}

/**
 * One movie on the movie topic (key: its TMDB id). Money keeps TMDB's convention:
 * 0 means unknown; the movie mapper turns that into a null profit at write time.
 * The limits named in the comments are MOVIE_MESSAGE_LIMITS (movie-message.limits.ts): the ingest mapper
 * and the consumer both hold a message to them through `checkMovieMessage` (movie-message.check.ts).
 */
export interface MovieMessage {
  schemaVersion: typeof MOVIE_MESSAGE_SCHEMA_VERSION;
  /** 1 … `tmdbId`. */
  tmdbId: number;
  /** 1 to `titleChars` characters. */
  title: string;
  /** Up to `originalTitleChars` characters. */
  originalTitle: string | null;
  /** ISO 639-1, plus TMDB's own non-ISO codes such as `cn` and `xx`: 2–3 lowercase letters. */
  originalLanguage: string | null;
  /** YYYY-MM-DD, a real calendar date. */
  releaseDate: string | null;
  /** At most `genres`. */
  genres: MovieGenre[];
  /** Integer 0 … `money`; 0 is unknown. */
  budget: number;
  /** Integer 0 … `money`; 0 is unknown. */
  revenue: number;
  /** Minutes, 0 … `runtimeMinutes`. */
  runtime: number | null;
  /** 0 … 10. */
  voteAverage: number;
  /** Integer ≥ 0. */
  voteCount: number;
  /** ≥ 0. */
  popularity: number | null;
  /** Up to `statusChars` characters. */
  status: string | null;
  /** At most `spokenLanguages` language codes (2–3 lowercase letters). */
  spokenLanguages: string[];
  source: MovieSource;
  /** ISO 8601 date-time: when the data was read from its source; a copy observed earlier never overwrites a later one. */
  observedAt: string;
}
