import type { Readable } from 'node:stream';
import type { TmdbMovieDetails } from '../../tmdb/tmdb.types.js';
import { readMovieFile } from './file/movie-file.reader.js';
import type { Checkpoint, MovieSourceReader, SourceChunk } from './ingest-source.js';

export type FileFormat = 'csv' | 'jsonl' | 'auto';

/**
 * A TMDB-shaped file (CSV or JSON Lines), streamed. The checkpoint is the number of
 * records already handled, so a resumed job skips them instead of producing them again.
 */
export class FileSource implements MovieSourceReader {
  constructor(
    private readonly open: () => Promise<Readable> | Readable,
    private readonly format: FileFormat,
    private readonly chunkSize: number,
  ) {}

  async *read(from: Checkpoint | null, signal: AbortSignal): AsyncIterable<SourceChunk> {
    const skip = typeof from?.['records'] === 'number' ? from['records'] : 0;
    const input = await this.open();
    let records = skip;
    let movies: TmdbMovieDetails[] = [];
    let refs: string[] = [];
    let failures: SourceChunk['failures'] = [];
    const chunk = (): SourceChunk => {
      const out = { movies, refs, failures, checkpoint: { records }, pagesRead: records, totalPages: null };
      movies = [];
      refs = [];
      failures = [];
      return out;
    };
    try {
      for await (const record of readMovieFile(input, { format: this.format, skipRecords: skip })) {
        if (signal.aborted) return;
        records++;
        const ref = `line ${record.position.line}`;
        if (record.kind === 'movie') {
          movies.push(record.movie);
          refs.push(ref);
        } else failures.push({ ref, reason: record.reason });
        if (movies.length + failures.length >= this.chunkSize) yield chunk();
      }
      if (movies.length + failures.length > 0) yield chunk();
    } finally {
      input.destroy();
    }
  }
}
