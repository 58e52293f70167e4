import { describe, expect, it } from 'vitest';
import { decodeMovieRecord } from '../stream/movie-message.decoder.js';
import type { RawMovieRecord } from '../stream/raw-movie-record.js';
import type { TmdbMovieDetails } from '../tmdb/tmdb.types.js';
import { isCalendarDate } from '../common/calendar-date.js';
import { toMovieMessage } from './movie-message.mapper.js';

const details: TmdbMovieDetails = {
  id: 550,
  title: ' Fight Club ',
  original_title: 'Fight Club',
  original_language: 'EN',
  release_date: '1999-10-15',
  genres: [
    { id: 18, name: 'Drama' },
    { id: 0, name: '' },
  ],
  budget: 63_000_000.4,
  revenue: null,
  runtime: 0,
  vote_average: 8.4,
  vote_count: 26_280,
  popularity: 61.4,
  status: 'Released',
  spoken_languages: [{ iso_639_1: 'en' }, { iso_639_1: 'EN' }, { iso_639_1: 'english' }],
};
const at = new Date('2026-11-25T10:00:00.000Z');

describe('toMovieMessage', () => {
  it('normalises a TMDB movie into the message', () => {
    const result = toMovieMessage(details, 'tmdb-top-rated', at);
    expect(result).toEqual({
      ok: true,
      message: expect.objectContaining({
        schemaVersion: 1,
        tmdbId: 550,
        title: 'Fight Club',
        originalLanguage: 'en',
        genres: [{ id: 18, name: 'Drama' }],
        budget: 63_000_000,
        revenue: 0,
        runtime: null,
        spokenLanguages: ['en'],
        source: 'tmdb-top-rated',
        observedAt: '2026-11-25T10:00:00.000Z',
      }),
    });
  });

  it.each([
    ['a missing id', { id: Number.NaN }, /id must be a positive integer/],
    ['no title at all', { title: '  ', original_title: null }, /has no title/],
    ['an impossible date', { release_date: '1999-02-30' }, /release_date "1999-02-30"/],
    ['a negative budget', { budget: -5 }, /budget -5/],
    ['a vote average over 10', { vote_average: 12 }, /vote_average 12/],
    ['a fractional vote count', { vote_count: 1.5 }, /vote_count 1.5/],
  ])('refuses %s with a reason', (_name, change, reason) => {
    const result = toMovieMessage({ ...details, ...change } as TmdbMovieDetails, 'file', at);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('treats an empty release date as unknown', () => {
    const result = toMovieMessage({ ...details, release_date: '' }, 'file', at);
    expect(result.ok && result.message.releaseDate).toBeNull();
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['24-01-01', false],
  ])('%s → %s', (value, expected) => expect(isCalendarDate(value)).toBe(expected));
});

describe('toMovieMessage, held to the limits the consumer holds a message to', () => {
  const refusal = (change: Partial<TmdbMovieDetails>) => {
    const result = toMovieMessage({ ...details, ...change }, 'file', at);
    return result.ok ? 'accepted' : result.reason;
  };
  const genres = (n: number, name = (i: number) => `Genre ${i}`) => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: name(i) }));

  it('refuses a 2 MB title with 5,000 genres (a 2.4 MB message, over Kafka 1 MiB) naming both problems', () => {
    expect(refusal({ title: 'x'.repeat(2_000_000), genres: genres(5000) })).toBe(
      'movie 550 breaks the message limits: title must be 1-500 characters long, not 2000000; genres must contain no more than 50 elements, not 5000',
    );
  });

  it.each<[string, Partial<TmdbMovieDetails>, string]>([
    ['a 600-character title', { title: 't'.repeat(600) }, 'title must be 1-500 characters long, not 600'],
    ['a 501-character original title', { original_title: 'o'.repeat(501) }, 'originalTitle must be 0-500 characters long, not 501'],
    ['51 genres', { genres: genres(51) }, 'genres must contain no more than 50 elements, not 51'],
    ['a 101-character genre name', { genres: genres(1, () => 'g'.repeat(101)) }, 'genres.0.name must be 1-100 characters long, not 101'],
    ['a 51-character status', { status: 's'.repeat(51) }, 'status must be 0-50 characters long, not 51'],
    ['a runtime over 10,000 minutes', { runtime: 10_001 }, 'runtime must not be greater than 10000'],
    ['a budget over 1e13', { budget: 1e14 }, 'budget must not be greater than 10000000000000'],
    ['an id past 32 bits', { id: 2 ** 31 }, 'tmdbId must not be greater than 2147483647'],
  ])('refuses %s, as the consumer would', (_name, change, problem) => {
    const id = change.id ?? 550;
    expect(refusal(change)).toBe(`movie ${id} breaks the message limits: ${problem}`);
    const decoded = decodeMovieRecord(rawRecord({ ...validMessage(), ...mapped(change) }, id));
    expect(decoded).toMatchObject({ ok: false, reason: expect.stringContaining(problem) as string });
  });

  it('accepts every field at its limit, and the consumer takes the message it makes', () => {
    const atLimits = {
      title: 't'.repeat(500),
      original_title: 'o'.repeat(500),
      genres: genres(50, () => 'g'.repeat(100)),
      status: 's'.repeat(50),
      runtime: 10_000,
      budget: 1e13,
    };
    const result = toMovieMessage({ ...details, ...atLimits }, 'file', at);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(decodeMovieRecord(rawRecord(result.message, 550))).toEqual({ ok: true, movie: result.message });
  });

  it('names five problems and counts the rest, so a reason stays short', () => {
    const reason = refusal({ genres: genres(3000, () => 'g'.repeat(101)) });
    expect(reason).toMatch(
      /^movie 550 breaks the message limits: genres must contain no more than 50 elements, not 3000; (genres\.\d+\.name [^;]+; ){3}genres\.3\.name [^;]+; and 2996 more$/,
    );
  });
});

/** The same change as the message carries it (the decoder's side): only two fields are renamed. */
function mapped(change: Partial<TmdbMovieDetails>): Record<string, unknown> {
  const renamed: Record<string, string> = { id: 'tmdbId', original_title: 'originalTitle' };
  return Object.fromEntries(Object.entries(change).map(([key, value]) => [renamed[key] ?? key, value]));
}

function validMessage(): Record<string, unknown> {
  const result = toMovieMessage(details, 'file', at);
  if (!result.ok) throw new Error(result.reason);
  return { ...result.message };
}

function rawRecord(value: unknown, key: number): RawMovieRecord {
  return { topic: 't', partition: 0, offset: '0', key: Buffer.from(String(key)), value: Buffer.from(JSON.stringify(value)), headers: {}, timestamp: '0' };
}
