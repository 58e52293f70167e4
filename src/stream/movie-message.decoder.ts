import { checkMovieMessage } from './movie-message.check.js';
import { MOVIE_MESSAGE_SCHEMA_VERSION, type MovieMessage } from './movie-message.dto.js';
import { MOVIE_MESSAGE_LIMITS } from './movie-message.limits.js';
import { MessageErrorCode } from './message-error-code.js';
import type { RawMovieRecord } from './raw-movie-record.js';

export type DecodeResult = { ok: true; movie: MovieMessage } | { ok: false; code: MessageErrorCode; reason: string };

/** A movie is about 1.4 KB; anything near this is not a movie (see MOVIE_MESSAGE_LIMITS). */
export const MAX_MOVIE_MESSAGE_BYTES = MOVIE_MESSAGE_LIMITS.messageBytes;

/** Bytes off the movie topic → a trusted movie (known fields only), or the reason it is refused. */
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

  const checked = checkMovieMessage(plain as Record<string, unknown>);
  if (!checked.ok) return refuse(MessageErrorCode.SCHEMA_INVALID, checked.problems.join('; '));

  const { movie } = checked;
  const key = record.key?.toString('utf8');
  if (key !== undefined && key !== String(movie.tmdbId)) {
    return refuse(MessageErrorCode.KEY_MISMATCH, `key "${key.slice(0, 40)}" is not the message's tmdbId ${movie.tmdbId}`);
  }
  return { ok: true, movie };
}

function refuse(code: MessageErrorCode, reason: string): DecodeResult {
  return { ok: false, code, reason };
}
