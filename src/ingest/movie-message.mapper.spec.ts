import { describe, expect, it } from 'vitest';
import type { TmdbMovieDetails } from '../tmdb/tmdb.types.js';
import { isCalendarDate, toMovieMessage } from './movie-message.mapper.js';

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
