import type { TmdbMovieDetails } from '../../../tmdb/tmdb.types.js';

export type MovieFileFormat = 'csv' | 'jsonl' | 'auto';

/** `line`: 1-based line (LF-counted) where the record starts; `record`: 1-based index among data records, the unit of `skipRecords`. */
export interface MovieFilePosition {
  line: number;
  record: number;
}

export type MovieFileRecord =
  { kind: 'movie'; position: MovieFilePosition; movie: TmdbMovieDetails } | { kind: 'error'; position: MovieFilePosition; reason: string };

export interface ReadMovieFileOptions {
  format: MovieFileFormat;
  /** Data records already handled by an earlier run: read past them without emitting them. */
  skipRecords: number;
  /** A longer CSV record or JSON line is refused (a runaway quote would otherwise buffer the rest of the file). */
  maxRecordBytes?: number;
}

/** The file cannot be read at all (no usable CSV header, an unclosed quote): the job fails rather than skipping rows. */
export class MovieFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MovieFileError';
  }
}
