import type { Readable } from 'node:stream';
import { readMovieCsv } from './movie-csv.reader.js';
import { readMovieJsonl } from './movie-jsonl.reader.js';
import { MOVIE_FILE_LIMITS } from './movie-file.limits.js';
import type { MovieFileRecord, ReadMovieFileOptions } from './movie-file.types.js';

export { MovieFileError, type MovieFileFormat, type MovieFilePosition, type MovieFileRecord, type ReadMovieFileOptions } from './movie-file.types.js';

const OPEN_BRACE = 0x7b;
const BLANK_BYTES = new Set([0x20, 0x09, 0x0d, 0x0a]);
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Streams the movies of a TMDB-shaped file, one record per data row or line, in file order.
 * A row that cannot be read becomes an `error` record and reading goes on; only a file that
 * cannot be read as a whole (a CSV without id and title columns, an unclosed quote) throws MovieFileError.
 */
export async function* readMovieFile(input: Readable, options: ReadMovieFileOptions): AsyncGenerator<MovieFileRecord> {
  const { skipRecords, maxRecordBytes = MOVIE_FILE_LIMITS.recordBytes } = options;
  if (!Number.isSafeInteger(skipRecords) || skipRecords < 0) throw new RangeError(`skipRecords must be a whole number >= 0, got ${skipRecords}`);
  const source = bytesOf(input)[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  const format = options.format === 'auto' ? await sniffFormat(source, seen) : options.format;
  const chunks = replay(seen, source);
  yield* format === 'jsonl' ? readMovieJsonl(chunks, skipRecords, maxRecordBytes) : readMovieCsv(chunks, skipRecords, maxRecordBytes);
}

async function* bytesOf(input: Readable): AsyncGenerator<Buffer> {
  for await (const chunk of input as AsyncIterable<Buffer | string>) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** JSON Lines when the first byte past a BOM and blank space is `{`, CSV otherwise; the chunks read to decide are kept in `seen`. */
async function sniffFormat(source: AsyncIterator<Buffer>, seen: Buffer[]): Promise<'csv' | 'jsonl'> {
  let offset = 0;
  for (let next = await source.next(); !next.done; next = await source.next()) {
    seen.push(next.value);
    for (const byte of next.value) {
      const inBom = offset < UTF8_BOM.length && byte === UTF8_BOM[offset];
      offset++;
      if (!inBom && !BLANK_BYTES.has(byte)) return byte === OPEN_BRACE ? 'jsonl' : 'csv';
    }
  }
  return 'csv';
}

async function* replay(seen: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* seen;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}
