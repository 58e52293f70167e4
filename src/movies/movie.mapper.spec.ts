import { describe, expect, it } from 'vitest';
import { toMovieWrite, type MovieInput } from './movie.mapper.js';

const message: MovieInput = {
  tmdbId: 19995,
  title: 'Avatar',
  originalTitle: 'Avatar',
  originalLanguage: 'en',
  releaseDate: '2009-12-10',
  genres: [{ id: 28, name: 'Action' }],
  budget: 237_000_000,
  revenue: 2_787_965_087,
  runtime: 162,
  voteAverage: 7.2,
  voteCount: 11_800,
  popularity: 150.4,
  status: 'Released',
  spokenLanguages: ['en', 'es'],
  source: 'file',
  observedAt: '2026-11-25T10:00:00.000Z',
};

describe('toMovieWrite', () => {
  it('derives year, profit and the language name once, at write time', () => {
    const write = toMovieWrite(message);
    expect(write).toMatchObject({ releaseYear: 2009, profit: 2_550_965_087, originalLanguageName: 'English', source: 'file' });
    expect(write.releaseDate?.toISOString()).toBe('2009-12-10T00:00:00.000Z');
    expect(write.observedAt.toISOString()).toBe(message.observedAt);
  });

  it.each([
    ['budget', { budget: 0 }],
    ['revenue', { revenue: 0 }],
  ])('leaves profit null when the %s is unknown (TMDB stores 0)', (_field, change) => {
    expect(toMovieWrite({ ...message, ...change }).profit).toBeNull();
  });

  it('keeps a loss as a negative profit', () => {
    expect(toMovieWrite({ ...message, budget: 100, revenue: 40 }).profit).toBe(-60);
  });

  it('has no year without a release date', () => {
    expect(toMovieWrite({ ...message, releaseDate: null })).toMatchObject({ releaseDate: null, releaseYear: null });
  });

  it('hashes content only: a later observation of equal data has the same hash, a change does not', () => {
    const later = toMovieWrite({ ...message, observedAt: '2026-11-26T10:00:00.000Z', source: 'tmdb-top-rated' });
    expect(later.contentHash).toBe(toMovieWrite(message).contentHash);
    expect(toMovieWrite({ ...message, voteCount: 11_801 }).contentHash).not.toBe(later.contentHash);
  });
});
