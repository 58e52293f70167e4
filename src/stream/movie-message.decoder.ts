import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { MOVIE_MESSAGE_SCHEMA_VERSION, MovieMessageDto, type MovieMessage } from './movie-message.dto.js';
import { MessageErrorCode } from './message-error-code.js';
import type { RawMovieRecord } from './raw-movie-record.js';

export type DecodeResult = { ok: true; movie: MovieMessage } | { ok: false; code: MessageErrorCode; reason: string };

/** A movie is about 1.4 KB; anything near this is not a movie. */
export const MAX_MOVIE_MESSAGE_BYTES = 256 * 1024;

/**
 * Bytes off the movie topic → a trusted movie, or the reason it is refused. Uses the
 * same class-validator DTO as the HTTP edge, so a field means the same thing everywhere.
 */
export function decodeMovieRecord(record: RawMovieRecord): DecodeResult {
  const bytes = record.value;
  if (!bytes || bytes.length === 0) return refuse(MessageErrorCode.EMPTY, 'message has no value');
  if (bytes.length > MAX_MOVIE_MESSAGE_BYTES)
    return refuse(MessageErrorCode.TOO_LARGE, `message is ${bytes.length} bytes, more than ${MAX_MOVIE_MESSAGE_BYTES}`);

  let plain: unknown;
  try {
    plain = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return refuse(MessageErrorCode.NOT_JSON, `value is not JSON: ${(error as Error).message}`);
  }
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return refuse(MessageErrorCode.NOT_AN_OBJECT, 'value is not a JSON object');

  const version = (plain as { schemaVersion?: unknown }).schemaVersion;
  if (version !== MOVIE_MESSAGE_SCHEMA_VERSION) {
    return refuse(MessageErrorCode.UNKNOWN_SCHEMA_VERSION, `schemaVersion ${JSON.stringify(version) ?? 'missing'} is not ${MOVIE_MESSAGE_SCHEMA_VERSION}`);
  }

  const dto = plainToInstance(MovieMessageDto, plain);
  const errors = validateSync(dto, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) return refuse(MessageErrorCode.SCHEMA_INVALID, describe(errors));

  const key = record.key?.toString('utf8');
  if (key !== undefined && key !== String(dto.tmdbId)) {
    return refuse(MessageErrorCode.KEY_MISMATCH, `key "${key.slice(0, 40)}" is not the message's tmdbId ${dto.tmdbId}`);
  }
  return { ok: true, movie: dto };
}

function refuse(code: MessageErrorCode, reason: string): DecodeResult {
  return { ok: false, code, reason };
}

/** "voteAverage must not be greater than 10; genres.0.name must be a string" */
export function describe(errors: ValidationError[], prefix = ''): string {
  const parts: string[] = [];
  for (const error of errors) {
    const path = `${prefix}${error.property}`;
    if (error.constraints) parts.push(...Object.values(error.constraints).map((m) => (prefix ? `${prefix}${m}` : m)));
    if (error.children?.length) parts.push(describe(error.children, `${path}.`));
  }
  return parts.join('; ');
}
