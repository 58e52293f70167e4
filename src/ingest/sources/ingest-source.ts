import type { TmdbMovieDetails } from '../../tmdb/tmdb.types.js';

export type Checkpoint = Record<string, unknown>;

/** A unit of work a source hands the job: movies to publish and where to resume after them. */
export interface SourceChunk {
  movies: TmdbMovieDetails[];
  /** Where each movie came from (a file's `line N`), to name a row the mapper refuses; TMDB movies are named by id. */
  refs?: string[];
  /** Items that could not be read (a TMDB error after its retries, a bad file row). */
  failures: { ref: string; reason: string }[];
  /** Resuming from here skips everything this chunk and the ones before it covered. */
  checkpoint: Checkpoint;
  /** Absolute progress after this chunk: pages of a list, or records of a file. */
  pagesRead: number;
  totalPages: number | null;
}

export interface MovieSourceReader {
  read(from: Checkpoint | null, signal: AbortSignal): AsyncIterable<SourceChunk>;
}
