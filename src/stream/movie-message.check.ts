import { isCalendarDay } from '../common/calendar-date.js';
import { MOVIE_MESSAGE_SCHEMA_VERSION, MOVIE_SOURCES, type MovieGenre, type MovieMessage, type MovieSource } from './movie-message.dto.js';
import { MOVIE_MESSAGE_LIMITS as LIMITS } from './movie-message.limits.js';

export type MovieMessageCheck = { ok: true; movie: MovieMessage } | { ok: false; problems: string[] };

const LANGUAGE_CODE = /^[a-z]{2,3}$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const SOURCES: ReadonlySet<string> = new Set(MOVIE_SOURCES);

/**
 * A parsed JSON object → a movie message holding only the known fields, or every problem found.
 * Written out by hand because it runs once per Kafka message: class-validator's metadata walk
 * and class-transformer's copy cost about a fifth of the app's CPU per movie (bench:profile).
 * Optional fields take null or absence; absence comes out as null.
 */
export function checkMovieMessage(o: Record<string, unknown>): MovieMessageCheck {
  const problems: string[] = [];
  const f = new Fields(o, problems);
  if (o['schemaVersion'] !== MOVIE_MESSAGE_SCHEMA_VERSION) problems.push(`schemaVersion must be ${MOVIE_MESSAGE_SCHEMA_VERSION}`);
  const movie: MovieMessage = {
    schemaVersion: MOVIE_MESSAGE_SCHEMA_VERSION,
    tmdbId: f.integer('tmdbId', 1, LIMITS.tmdbId),
    title: f.string('title', 1, LIMITS.titleChars),
    originalTitle: f.optional('originalTitle', () => f.string('originalTitle', 0, LIMITS.originalTitleChars)),
    originalLanguage: f.optional('originalLanguage', () => f.pattern('originalLanguage', LANGUAGE_CODE, 'a 2-3 letter lowercase language code')),
    releaseDate: f.optional('releaseDate', () => f.calendarDate('releaseDate')),
    genres: f.list('genres', LIMITS.genres, (item, path) => genre(item, path, problems)),
    budget: f.integer('budget', 0, LIMITS.money),
    revenue: f.integer('revenue', 0, LIMITS.money),
    runtime: f.optional('runtime', () => f.number('runtime', 0, LIMITS.runtimeMinutes)),
    voteAverage: f.number('voteAverage', 0, 10),
    voteCount: f.integer('voteCount', 0, Number.MAX_SAFE_INTEGER),
    popularity: f.optional('popularity', () => f.number('popularity', 0, Number.MAX_VALUE)),
    status: f.optional('status', () => f.string('status', 0, LIMITS.statusChars)),
    spokenLanguages: f.list('spokenLanguages', LIMITS.spokenLanguages, (item, path) => {
      if (typeof item !== 'string' || !LANGUAGE_CODE.test(item)) problems.push(`${path} must be a 2-3 letter lowercase language code`);
      return item as string;
    }),
    source: f.oneOf('source', SOURCES) as MovieSource,
    observedAt: f.isoDateTime('observedAt'),
  };
  return problems.length === 0 ? { ok: true, movie } : { ok: false, problems };
}

/**
 * The producer's side of the same check: the problems of a message about to be produced, none when
 * the consumer will take it. Its encoded size needs no measuring: the field limits bound it well
 * under MOVIE_MESSAGE_LIMITS.messageBytes (movie-message.limits.spec.ts).
 */
export function checkOutgoingMovieMessage(message: MovieMessage): string[] {
  const checked = checkMovieMessage(message as unknown as Record<string, unknown>);
  return checked.ok ? [] : checked.problems;
}

function genre(item: unknown, path: string, problems: string[]): MovieGenre {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push(`${path} must be an object with id and name`);
    return item as MovieGenre;
  }
  const f = new Fields(item as Record<string, unknown>, problems, `${path}.`);
  return { id: f.integer('id', 0, Number.MAX_SAFE_INTEGER), name: f.string('name', 1, LIMITS.genreNameChars) };
}

/** Reads one field at a time, recording a problem (named by its path) instead of throwing. */
class Fields {
  constructor(
    private readonly o: Record<string, unknown>,
    private readonly problems: string[],
    private readonly prefix = '',
  ) {}

  optional<T>(key: string, read: () => T): T | null {
    const v = this.o[key];
    return v === undefined || v === null ? null : read();
  }

  integer(key: string, min: number, max: number): number {
    const v = this.o[key];
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.fail(key, 'must be an integer', v);
    return this.range(key, v, min, max);
  }

  number(key: string, min: number, max: number): number {
    const v = this.o[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(key, 'must be a finite number', v);
    return this.range(key, v, min, max);
  }

  string(key: string, min: number, max: number): string {
    const v = this.o[key];
    if (typeof v !== 'string') return this.fail(key, 'must be a string', v);
    if (v.length < min || v.length > max) this.problems.push(`${this.prefix}${key} must be ${min}-${max} characters long, not ${v.length}`);
    return v;
  }

  pattern(key: string, re: RegExp, what: string): string {
    const v = this.o[key];
    if (typeof v !== 'string' || !re.test(v)) return this.fail(key, `must be ${what}`, v);
    return v;
  }

  calendarDate(key: string): string {
    const v = this.o[key];
    const m = typeof v === 'string' ? CALENDAR_DATE.exec(v) : null;
    if (!m || !isCalendarMatch(m)) return this.fail(key, 'must be YYYY-MM-DD, a real calendar date', v);
    return v as string;
  }

  isoDateTime(key: string): string {
    const v = this.o[key];
    const m = typeof v === 'string' ? ISO_DATE_TIME.exec(v) : null;
    if (!m || !isCalendarMatch(m) || !Number.isFinite(Date.parse(v as string))) return this.fail(key, 'must be an ISO 8601 date-time', v);
    return v as string;
  }

  oneOf(key: string, allowed: ReadonlySet<string>): string {
    const v = this.o[key];
    if (typeof v !== 'string' || !allowed.has(v)) return this.fail(key, `must be one of: ${[...allowed].join(', ')}`, v);
    return v;
  }

  list<T>(key: string, maxItems: number, item: (value: unknown, path: string) => T): T[] {
    const v = this.o[key];
    if (!Array.isArray(v)) return this.fail(key, 'must be an array', v);
    if (v.length > maxItems) this.problems.push(`${this.prefix}${key} must contain no more than ${maxItems} elements, not ${v.length}`);
    return v.map((x, i) => item(x, `${this.prefix}${key}.${i}`));
  }

  private range(key: string, v: number, min: number, max: number): number {
    if (v < min) this.problems.push(`${this.prefix}${key} must not be less than ${min}`);
    else if (v > max) this.problems.push(`${this.prefix}${key} must not be greater than ${max}`);
    return v;
  }

  private fail<T>(key: string, message: string, value: unknown): T {
    this.problems.push(`${this.prefix}${key} ${message}`);
    return value as T;
  }
}

/** The day of a matched date or date-time (groups 1–3: year, month, day) exists. */
function isCalendarMatch([, y, m, d]: RegExpExecArray): boolean {
  return isCalendarDay(Number(y), Number(m), Number(d));
}
