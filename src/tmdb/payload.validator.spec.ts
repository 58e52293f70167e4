import { describe, expect, it } from 'vitest';
import { arrayOf, int, nullable, object, opt, PayloadError, str } from './payload.validator.js';
import * as payloads from './tmdb.payloads.js';

function failureOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof PayloadError) return error.message;
    throw error;
  }
  throw new Error('expected a PayloadError');
}

describe('payload checks', () => {
  const shape = object<{ id: number; name?: string; note?: string | null; tags: number[] }>({
    id: int,
    name: opt(str),
    note: nullable(str),
    tags: arrayOf(int),
  });

  it('keeps the declared fields only, drops absent ones and keeps nulls only where allowed', () => {
    expect(shape({ id: 1, name: null, note: null, tags: [2], extra: true }, '')).toEqual({ id: 1, note: null, tags: [2] });
  });

  it('names the field and what it got', () => {
    expect(failureOf(() => shape({ id: '1', tags: [] }, ''))).toBe('id should be an integer, got "1"');
    expect(failureOf(() => shape({ id: 1, tags: [1, 2.5] }, ''))).toBe('tags[1] should be an integer, got 2.5');
    expect(failureOf(() => shape({ id: 1 }, ''))).toBe('tags should be an array, got nothing');
    expect(failureOf(() => shape([], ''))).toBe('body should be an object, got an array');
  });
});

describe('TMDB payloads', () => {
  it('reads a page of list movies', () => {
    const page = payloads.page(payloads.listMovie)(
      { page: 1, total_pages: 3, total_results: 41, results: [{ id: 550, title: 'Fight Club', adult: false, genre_ids: [18] }] },
      '',
    );
    expect(page).toEqual({ page: 1, total_pages: 3, total_results: 41, results: [{ id: 550, title: 'Fight Club', genre_ids: [18] }] });
  });

  it('names the nested field of a malformed page', () => {
    const run = () => payloads.page(payloads.listMovie)({ page: 1, total_pages: 1, total_results: 2, results: [{ id: 1 }, { id: null }] }, '');
    expect(failureOf(run)).toBe('results[1].id should be an integer, got null');
  });

  it('reads movie details with TMDB nulls, and refuses a genre without a name', () => {
    const details = payloads.movieDetails(
      { id: 550, title: 'Fight Club', budget: 63_000_000, revenue: 100_853_753, runtime: null, genres: [{ id: 18, name: 'Drama' }] },
      '',
    );
    expect(details).toEqual({ id: 550, title: 'Fight Club', budget: 63_000_000, revenue: 100_853_753, runtime: null, genres: [{ id: 18, name: 'Drama' }] });
    expect(failureOf(() => payloads.movieDetails({ id: 550, title: 'x', genres: [{ id: 18 }] }, ''))).toBe('genres[0].name should be a string, got nothing');
  });

  it('unwraps the genre list and reads the language list', () => {
    expect(payloads.genreList({ genres: [{ id: 28, name: 'Action' }] }, '')).toEqual([{ id: 28, name: 'Action' }]);
    expect(payloads.languageList([{ iso_639_1: 'fr', english_name: 'French', name: 'Français' }], '')).toHaveLength(1);
  });
});
