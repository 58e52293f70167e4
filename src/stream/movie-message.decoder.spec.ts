import { describe, expect, it } from 'vitest';
import { decodeMovieRecord, MAX_MOVIE_MESSAGE_BYTES } from './movie-message.decoder.js';
import { MessageErrorCode } from './message-error-code.js';
import type { RawMovieRecord } from './raw-movie-record.js';

const valid = {
  schemaVersion: 1,
  tmdbId: 550,
  title: 'Fight Club',
  originalTitle: 'Fight Club',
  originalLanguage: 'en',
  releaseDate: '1999-10-15',
  genres: [{ id: 18, name: 'Drama' }],
  budget: 63_000_000,
  revenue: 100_853_753,
  runtime: 139,
  voteAverage: 8.4,
  voteCount: 26_280,
  popularity: 61.4,
  status: 'Released',
  spokenLanguages: ['en'],
  source: 'tmdb-top-rated',
  observedAt: '2026-11-25T10:00:00.000Z',
};

function record(value: unknown, key: string | null = '550'): RawMovieRecord {
  const bytes = value === null ? null : Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  return { topic: 'movies.v1', partition: 0, offset: '7', key: key === null ? null : Buffer.from(key), value: bytes, headers: {} } as RawMovieRecord;
}

describe('decodeMovieRecord', () => {
  it('accepts a valid movie message', () => {
    const result = decodeMovieRecord(record(valid));
    expect(result).toMatchObject({ ok: true, movie: { tmdbId: 550, budget: 63_000_000, genres: [{ id: 18, name: 'Drama' }] } });
  });

  it.each([
    ['no value', null, MessageErrorCode.EMPTY, /no value/],
    ['not JSON', 'tmdbId=550', MessageErrorCode.NOT_JSON, /not JSON/],
    ['a JSON array', [valid], MessageErrorCode.NOT_AN_OBJECT, /not a JSON object/],
    ['a JSON string', '"movie"', MessageErrorCode.NOT_AN_OBJECT, /not a JSON object/],
    ['an unknown schema version', { ...valid, schemaVersion: 2 }, MessageErrorCode.UNKNOWN_SCHEMA_VERSION, /schemaVersion 2/],
    ['a missing schema version', { ...valid, schemaVersion: undefined }, MessageErrorCode.UNKNOWN_SCHEMA_VERSION, /missing/],
    ['a string id', { ...valid, tmdbId: '550' }, MessageErrorCode.SCHEMA_INVALID, /tmdbId/],
    ['a negative budget', { ...valid, budget: -1 }, MessageErrorCode.SCHEMA_INVALID, /budget/],
    ['a vote average over 10', { ...valid, voteAverage: 11 }, MessageErrorCode.SCHEMA_INVALID, /voteAverage/],
    ['a date in another format', { ...valid, releaseDate: '15/10/1999' }, MessageErrorCode.SCHEMA_INVALID, /releaseDate/],
    ['a genre without a name', { ...valid, genres: [{ id: 18 }] }, MessageErrorCode.SCHEMA_INVALID, /genres\.0\.name/],
    ['an unknown source', { ...valid, source: 'imdb' }, MessageErrorCode.SCHEMA_INVALID, /source/],
    [
      'an impossible release date',
      { ...valid, releaseDate: '2024-02-30' },
      MessageErrorCode.SCHEMA_INVALID,
      /releaseDate must be YYYY-MM-DD, a real calendar date/,
    ],
    ['a fractional vote count', { ...valid, voteCount: 1.5 }, MessageErrorCode.SCHEMA_INVALID, /voteCount must be an integer/],
    ['a runtime given as text', { ...valid, runtime: '139' }, MessageErrorCode.SCHEMA_INVALID, /runtime must be a finite number/],
    ['an empty title', { ...valid, title: '' }, MessageErrorCode.SCHEMA_INVALID, /title must be 1-500 characters long/],
    ['a missing title', { ...valid, title: undefined }, MessageErrorCode.SCHEMA_INVALID, /title must be a string/],
    ['genres that are not a list', { ...valid, genres: 'Drama' }, MessageErrorCode.SCHEMA_INVALID, /genres must be an array/],
    ['a genre that is not an object', { ...valid, genres: ['Drama'] }, MessageErrorCode.SCHEMA_INVALID, /genres\.0 must be an object/],
    [
      '51 genres',
      { ...valid, genres: Array.from({ length: 51 }, (_, i) => ({ id: i, name: `g${i}` })) },
      MessageErrorCode.SCHEMA_INVALID,
      /genres must contain no more than 50/,
    ],
    ['a bad spoken language', { ...valid, spokenLanguages: ['en', 'EN'] }, MessageErrorCode.SCHEMA_INVALID, /spokenLanguages\.1 must be a 2-3 letter/],
    ['a bad original language', { ...valid, originalLanguage: 'english' }, MessageErrorCode.SCHEMA_INVALID, /originalLanguage must be a 2-3 letter/],
    ['an observedAt that is not a date', { ...valid, observedAt: 'yesterday' }, MessageErrorCode.SCHEMA_INVALID, /observedAt must be an ISO 8601 date-time/],
    ['an observedAt on 31 April', { ...valid, observedAt: '2026-04-31T10:00:00Z' }, MessageErrorCode.SCHEMA_INVALID, /observedAt/],
    ['an id past 32 bits', { ...valid, tmdbId: 2 ** 31 }, MessageErrorCode.SCHEMA_INVALID, /tmdbId must not be greater than 2147483647/],
  ])('refuses %s', (_name, value, code, reason) => {
    const result = decodeMovieRecord(record(value));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(result.reason).toMatch(reason);
  });

  it('refuses a payload past the size limit before parsing it', () => {
    const result = decodeMovieRecord(record(Buffer.alloc(MAX_MOVIE_MESSAGE_BYTES + 1, 0x20)));
    expect(result).toMatchObject({ ok: false, code: MessageErrorCode.TOO_LARGE });
  });

  it('refuses a key that is not the message id (the partitioning would be wrong)', () => {
    const result = decodeMovieRecord(record(valid, '551'));
    expect(result).toMatchObject({ ok: false, code: MessageErrorCode.KEY_MISMATCH });
  });

  it('names every problem, not only the first', () => {
    const result = decodeMovieRecord(record({ ...valid, budget: -1, voteAverage: 11, genres: [{ id: -1, name: '' }] }));
    expect(result).toMatchObject({ ok: false, code: MessageErrorCode.SCHEMA_INVALID });
    if (result.ok) return;
    expect(result.reason.split('; ')).toEqual([
      'genres.0.id must not be less than 0',
      'genres.0.name must be 1-100 characters long, not 0',
      'budget must not be less than 0',
      'voteAverage must not be greater than 10',
    ]);
  });

  it('takes absent optional fields as null and a leap day as a date', () => {
    const { originalTitle: _t, runtime: _r, popularity: _p, status: _s, ...rest } = valid;
    const result = decodeMovieRecord(record({ ...rest, releaseDate: '2024-02-29', originalLanguage: null }));
    expect(result).toMatchObject({
      ok: true,
      movie: { originalTitle: null, runtime: null, popularity: null, status: null, originalLanguage: null, releaseDate: '2024-02-29' },
    });
  });

  it('drops fields it does not know instead of storing them', () => {
    const result = decodeMovieRecord(record({ ...valid, $where: 'sleep(1000)', extra: 1 }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.movie).not.toHaveProperty('$where');
    const nested = decodeMovieRecord(record({ ...valid, genres: [{ id: 18, name: 'Drama', $gt: '' }] }));
    if (nested.ok) expect(nested.movie.genres).toEqual([{ id: 18, name: 'Drama' }]);
    else expect.unreachable(nested.reason);
  });
});
