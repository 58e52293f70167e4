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

  it('drops fields it does not know instead of storing them', () => {
    const result = decodeMovieRecord(record({ ...valid, $where: 'sleep(1000)', extra: 1 }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.movie).not.toHaveProperty('$where');
  });
});
