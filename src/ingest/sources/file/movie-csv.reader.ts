import { parse, type Parser } from 'csv-parse';
import { CsvLineCounter } from './csv-line.counter.js';
import { checkLength, FieldProblem, toTmdbMovie, type MovieField } from './movie-fields.parser.js';
import { MOVIE_FILE_LIMITS } from './movie-file.limits.js';
import { MovieFileError, type MovieFilePosition, type MovieFileRecord } from './movie-file.types.js';

const ID_COLUMNS = ['id', 'movie_id'];
const TITLE_COLUMNS = ['title', 'original_title'];
const JSON_FIELDS: ReadonlySet<MovieField> = new Set(['genres', 'spoken_languages']);
const FIELD_OF_COLUMN: Readonly<Record<string, MovieField>> = {
  id: 'id',
  movie_id: 'id',
  title: 'title',
  original_title: 'original_title',
  original_language: 'original_language',
  release_date: 'release_date',
  genres: 'genres',
  budget: 'budget',
  revenue: 'revenue',
  runtime: 'runtime',
  vote_average: 'vote_average',
  vote_count: 'vote_count',
  popularity: 'popularity',
  status: 'status',
  spoken_languages: 'spoken_languages',
};

interface Header {
  names: string[];
  /** Field -> cell index; the first column wins when two map onto one field (`id` before `movie_id`). */
  index: Partial<Record<MovieField, number>>;
}

interface ParsedRow {
  cells: string[];
  /** Byte offset just past the record (its line break included). */
  end: number;
}

/** Reads a TMDB-shaped CSV with a header row (the Kaggle TMDB 5000 layout and its variants) from a byte stream. */
export async function* readMovieCsv(chunks: AsyncIterable<Buffer>, skipRecords: number, maxRecordBytes: number): AsyncGenerator<MovieFileRecord> {
  const rows: ParsedRow[] = [];
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: maxRecordBytes,
    // Rows are collected here rather than pushed to the readable side, so rows parsed before an error are not lost with it.
    on_record: (cells: string[], info) => {
      rows.push({ cells, end: info.bytes });
      return null;
    },
  });
  parser.on('error', () => undefined); // errors arrive through the write callbacks
  const lines = new CsvLineCounter();
  let header: Header | undefined;
  let record = 0;

  function* drain(): Generator<MovieFileRecord> {
    for (const row of rows.splice(0)) {
      const line = lines.nextContentLine();
      lines.advanceTo(row.end);
      if (!header) {
        header = readHeader(row.cells);
        continue;
      }
      record++;
      if (record > skipRecords) yield toRecord(row.cells, header, { line, record });
    }
  }

  try {
    for await (const chunk of chunks) {
      lines.append(chunk);
      const failure = await feed(parser, chunk);
      yield* drain();
      if (failure) throw unreadable(failure, lines.nextContentLine(), maxRecordBytes);
    }
    const failure = await feed(parser, null);
    yield* drain();
    if (failure) throw unreadable(failure, lines.nextContentLine(), maxRecordBytes);
    if (!header) throw new MovieFileError(`CSV file is empty: ${expectedColumns()}, found no header row`);
  } finally {
    parser.destroy();
  }
}

/** Writes a chunk (or the end) and resolves once the parser has handled it, with its error if any. */
function feed(parser: Parser, chunk: Buffer | null): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const done = (error?: Error | null) => resolve(error ?? undefined);
    if (chunk) parser.write(chunk, done);
    else parser.once('error', done).end(() => done());
  });
}

function readHeader(cells: string[]): Header {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const index: Header['index'] = {};
  names.forEach((name, i) => {
    const field = FIELD_OF_COLUMN[name];
    if (field && index[field] === undefined) index[field] = i;
  });
  const hasId = ID_COLUMNS.some((c) => names.includes(c));
  const hasTitle = TITLE_COLUMNS.some((c) => names.includes(c));
  if (!hasId || !hasTitle) {
    const missing = [!hasId && 'an id column', !hasTitle && 'a title column'].filter(Boolean).join(' and ');
    throw new MovieFileError(`CSV header lacks ${missing}: ${expectedColumns()}, found ${describeHeader(cells)}`);
  }
  return { names: cells.map((cell) => cell.trim()), index };
}

/** The header as found, cut to a few names of bounded length: the error ends up on the job record and in the log. */
function describeHeader(cells: string[]): string {
  const { headerNamesShown, headerNameChars } = MOVIE_FILE_LIMITS;
  const shown = cells
    .slice(0, headerNamesShown)
    .map((name) => JSON.stringify(name.length > headerNameChars ? `${name.slice(0, headerNameChars - 3)}...` : name))
    .join(', ');
  const more = cells.length - headerNamesShown;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

function expectedColumns(): string {
  return `expected an id column (${ID_COLUMNS.join(' or ')}) and a title column (${TITLE_COLUMNS.join(' or ')})`;
}

function toRecord(cells: string[], header: Header, position: MovieFilePosition): MovieFileRecord {
  if (cells.length !== header.names.length) {
    return { kind: 'error', position, reason: `line ${position.line}: expected ${header.names.length} columns as in the header, found ${cells.length}` };
  }
  const label = (field: MovieField) => {
    const i = header.index[field];
    return `column ${i === undefined ? field : header.names[i]}`;
  };
  const value = (field: MovieField): unknown => {
    const i = header.index[field];
    const cell = i === undefined ? undefined : cells[i];
    return cell !== undefined && JSON_FIELDS.has(field) ? parseJsonCell(cell, label(field)) : cell;
  };
  try {
    return { kind: 'movie', position, movie: toTmdbMovie(value, label) };
  } catch (error) {
    if (error instanceof FieldProblem) return { kind: 'error', position, reason: `line ${position.line}: ${error.message}` };
    throw error;
  }
}

function parseJsonCell(cell: string, label: string): unknown {
  if (cell.trim() === '') return undefined;
  checkLength(cell, MOVIE_FILE_LIMITS.cellChars, label);
  try {
    return JSON.parse(cell) as unknown;
  } catch (error) {
    throw new FieldProblem(`${label} is not valid JSON (${(error as Error).message})`);
  }
}

function unreadable(error: Error, line: number, maxRecordBytes: number): MovieFileError {
  const code = (error as { code?: string }).code;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return new MovieFileError(`CSV record starting at line ${line} opens a quote that is never closed`);
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return new MovieFileError(`CSV record starting at line ${line} is longer than ${maxRecordBytes} bytes (an unclosed quote?)`);
  }
  return new MovieFileError(`CSV cannot be read after line ${line}: ${error.message}`);
}
