/**
 * A stored movie as the feed of stored changes carries it: the state MongoDB holds after a
 * write, reduced to what the read models need. The persisting consumer publishes one per movie
 * it handled (written, or found already stored) before it commits its offsets; readers apply
 * it by version (`observedAt`, then the content hash), so replays and duplicates are harmless.
 */
export interface MovieChange {
  tmdbId: number;
  /** The title, for the answers that name movies. */
  title: string;
  /** When the data was read from its source (ms since the epoch): the version. */
  observedAt: number;
  /** Hash of the content fields: the version's tie-break. */
  contentHash: string;
  /** When MongoDB's copy last changed (ms since the epoch). */
  updatedAt: number;
  originalLanguage: string | null;
  genres: readonly { id: number; name: string }[];
  releaseYear: number | null;
  budget: number;
  revenue: number;
  voteAverage: number;
  voteCount: number;
  /** The fields only the BI replica shows (absent from entries written before they were added: read as null). */
  originalTitle: string | null;
  /** `YYYY-MM-DD` (UTC). */
  releaseDate: string | null;
  popularity: number | null;
  runtime: number | null;
  status: string | null;
}

/** The BI-only fields, all unknown: for changes built by hand (tests, fixtures). */
export const NO_DETAILS = { originalTitle: null, releaseDate: null, popularity: null, runtime: null, status: null } as const satisfies Partial<MovieChange>;

/** A movie's version: `observedAt`, then the first 32 bits of its content hash (a deterministic tie-break). */
export function compareVersions(a: { observedAt: number; tie: number }, b: { observedAt: number; tie: number }): number {
  return a.observedAt - b.observedAt || a.tie - b.tie;
}

/** The tie-break of a version: the content hash's first 32 bits (the hash is base64url). */
export function hashTie(contentHash: string): number {
  const bytes = Buffer.from(contentHash.slice(0, 8), 'base64url');
  return bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
}

/** Longest title the feed carries: well above the movie message's own title limit, so a stored title always passes. */
const MAX_TITLE_CHARS = 4096;

/** Longest release status the feed carries (TMDB's are one or two words). */
const MAX_STATUS_CHARS = 64;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The version of the message format, in the `schema-version` header and the value. */
export const MOVIE_CHANGE_SCHEMA = 1;

export function encodeMovieChange(change: MovieChange): Buffer {
  return Buffer.from(JSON.stringify({ schema: MOVIE_CHANGE_SCHEMA, ...change }), 'utf8');
}

export type DecodedChange = { ok: true; change: MovieChange } | { ok: false; reason: string };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** Checks a changelog value field by field; anything else is refused with the reason. */
export function decodeMovieChange(value: Buffer | null): DecodedChange {
  if (!value) return { ok: false, reason: 'empty value' };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(value.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'value is not JSON' };
  }
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'value is not an object' };
  if (raw['schema'] !== MOVIE_CHANGE_SCHEMA) return { ok: false, reason: `unknown schema ${String(raw['schema'])}` };
  const { tmdbId, title, observedAt, contentHash, updatedAt, originalLanguage, genres, releaseYear, budget, revenue, voteAverage, voteCount } = raw;
  const { originalTitle = null, releaseDate = null, popularity = null, runtime = null, status = null } = raw;
  if (!isInt(tmdbId) || tmdbId <= 0 || tmdbId > 0x7fffffff) return { ok: false, reason: 'tmdbId must be a positive 31-bit integer' };
  if (typeof title !== 'string' || title.length > MAX_TITLE_CHARS)
    return { ok: false, reason: `title must be a string of at most ${MAX_TITLE_CHARS} characters` };
  if (!isInt(observedAt) || !isInt(updatedAt)) return { ok: false, reason: 'observedAt and updatedAt must be epoch milliseconds' };
  if (typeof contentHash !== 'string' || contentHash.length === 0) return { ok: false, reason: 'contentHash missing' };
  if (!isStrOrNull(originalLanguage)) return { ok: false, reason: 'originalLanguage must be a string or null' };
  if (releaseYear !== null && (!isInt(releaseYear) || releaseYear < 0 || releaseYear > 32767)) return { ok: false, reason: 'releaseYear out of range' };
  if (!isNum(budget) || !isNum(revenue) || budget < 0 || revenue < 0) return { ok: false, reason: 'budget and revenue must be non-negative numbers' };
  if (!isNum(voteAverage) || !isInt(voteCount) || voteCount < 0 || voteCount > 0xffffffff) return { ok: false, reason: 'votes out of range' };
  if (
    !Array.isArray(genres) ||
    !genres.every((g: unknown) => typeof g === 'object' && g !== null && isInt((g as { id: unknown }).id) && typeof (g as { name: unknown }).name === 'string')
  )
    return { ok: false, reason: 'genres must be a list of { id, name }' };
  if (!isStrOrNull(originalTitle) || (originalTitle !== null && originalTitle.length > MAX_TITLE_CHARS))
    return { ok: false, reason: `originalTitle must be null or a string of at most ${MAX_TITLE_CHARS} characters` };
  if (releaseDate !== null && (typeof releaseDate !== 'string' || !ISO_DATE.test(releaseDate)))
    return { ok: false, reason: 'releaseDate must be YYYY-MM-DD or null' };
  if (popularity !== null && !isNum(popularity)) return { ok: false, reason: 'popularity must be a number or null' };
  if (runtime !== null && !isNum(runtime)) return { ok: false, reason: 'runtime must be a number or null' };
  if (!isStrOrNull(status) || (status !== null && status.length > MAX_STATUS_CHARS))
    return { ok: false, reason: `status must be null or a string of at most ${MAX_STATUS_CHARS} characters` };
  return {
    ok: true,
    change: {
      tmdbId,
      title,
      observedAt,
      contentHash,
      updatedAt,
      originalLanguage,
      genres: (genres as { id: number; name: string }[]).map((g) => ({ id: g.id, name: g.name })),
      releaseYear: releaseYear as number | null,
      budget,
      revenue,
      voteAverage,
      voteCount,
      originalTitle,
      releaseDate,
      popularity,
      runtime,
      status,
    },
  };
}
