import { LINE_TOO_LONG, splitLines } from './jsonl-line.splitter.js';
import { describeValue, FieldProblem, isObject, toTmdbMovie } from './movie-fields.parser.js';
import type { MovieFilePosition, MovieFileRecord } from './movie-file.types.js';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Reads JSON Lines of TMDB `/movie/{id}` objects; blank lines are skipped and are not records. */
export async function* readMovieJsonl(chunks: AsyncIterable<Buffer>, skipRecords: number, maxLineBytes: number): AsyncGenerator<MovieFileRecord> {
  let line = 0;
  let record = 0;
  for await (const split of splitLines(chunks, maxLineBytes)) {
    line++;
    const bytes = line === 1 && split !== LINE_TOO_LONG ? withoutBom(split) : split;
    if (bytes !== LINE_TOO_LONG && isBlank(bytes)) continue;
    record++;
    if (record <= skipRecords) continue;
    const position = { line, record };
    if (bytes === LINE_TOO_LONG) yield { kind: 'error', position, reason: `line ${line}: longer than ${maxLineBytes} bytes` };
    else yield readLine(bytes, position);
  }
}

function readLine(bytes: Buffer, position: MovieFilePosition): MovieFileRecord {
  const fail = (reason: string): MovieFileRecord => ({ kind: 'error', position, reason: `line ${position.line}: ${reason}` });
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) return fail(`expected a JSON object, found ${describeValue(value)}`);
  try {
    return {
      kind: 'movie',
      position,
      movie: toTmdbMovie(
        (field) => value[field],
        (field) => `field ${field}`,
      ),
    };
  } catch (error) {
    if (error instanceof FieldProblem) return fail(error.message);
    throw error;
  }
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}

function withoutBom(bytes: Buffer): Buffer {
  return bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
}
