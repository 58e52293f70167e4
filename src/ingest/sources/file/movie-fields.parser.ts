import type { TmdbGenre, TmdbMovieDetails, TmdbSpokenLanguage } from '../../../tmdb/tmdb.types.js';
import { MOVIE_FILE_LIMITS } from './movie-file.limits.js';

/** The TMDB fields a file may carry; CSV columns and JSON keys both map onto these names. */
export const MOVIE_FIELDS = [
  'id',
  'title',
  'original_title',
  'original_language',
  'release_date',
  'genres',
  'budget',
  'revenue',
  'runtime',
  'vote_average',
  'vote_count',
  'popularity',
  'status',
  'spoken_languages',
] as const;
export type MovieField = (typeof MOVIE_FIELDS)[number];

/** A value that does not have the shape TMDB gives it; the message names the column or field. */
export class FieldProblem extends Error {}

// Each digit can be taken by one quantifier only (`\d+\.?\d*` let two share a run of digits and backtracked quadratically).
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * Builds the TMDB details from raw values (CSV cells or JSON values): checks shapes and turns
 * empty into null, but leaves semantic checks (positive id, calendar date, money >= 0) to the movie mapper.
 * `value(field)` is undefined when the file has no such column or key; `label(field)` names it in problems.
 */
export function toTmdbMovie(value: (field: MovieField) => unknown, label: (field: MovieField) => string): TmdbMovieDetails {
  const number = (field: MovieField) => readNumber(value(field), label(field));
  const text = (field: MovieField) => readText(value(field), label(field));
  const id = number('id');
  if (id === null) throw new FieldProblem(`${label('id')} has no value, expected a number`);
  const genres = readList(value('genres'), label('genres'), readGenre, '{"id": number, "name": text}');
  const spokenLanguages = readList(value('spoken_languages'), label('spoken_languages'), readSpokenLanguage, '{"iso_639_1": text}');
  const releaseDate = text('release_date');
  return {
    id,
    title: text('title') ?? '',
    original_title: text('original_title'),
    original_language: text('original_language'),
    release_date: releaseDate && toIsoDate(releaseDate),
    ...(genres && { genres }),
    budget: number('budget'),
    revenue: number('revenue'),
    runtime: number('runtime'),
    vote_average: number('vote_average'),
    vote_count: number('vote_count'),
    popularity: number('popularity'),
    status: text('status'),
    ...(spokenLanguages && { spoken_languages: spokenLanguages }),
  };
}

export function describeValue(value: unknown): string {
  // A string is cut before it is quoted: the first 37 characters of its JSON come from at most 36 of its own.
  const json = (typeof value === 'string' ? JSON.stringify(value.slice(0, 41)) : JSON.stringify(value)) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

function readNumber(value: unknown, label: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    checkLength(trimmed, MOVIE_FILE_LIMITS.numberChars, label, 'a number');
    if (trimmed === '') return null;
    if (isNumberText(trimmed)) return Number(trimmed);
  }
  throw new FieldProblem(`${label} is ${describeValue(value)}, expected a number`);
}

function readText(value: unknown, label: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return checkLength(value, MOVIE_FILE_LIMITS.cellChars, label);
  throw new FieldProblem(`${label} is ${describeValue(value)}, expected text`);
}

/** Decimal notation as JSON and CSV files write it (`1`, `1.`, `.5`, `-2e10`), in time linear in its length. */
export function isNumberText(text: string): boolean {
  return NUMBER.test(text);
}

/** Measured before any parsing, so what follows is linear in a bounded length. */
export function checkLength(value: string, max: number, label: string, what = 'a value'): string {
  if (value.length > max) throw new FieldProblem(`${label} is ${value.length} characters long, more than the ${max} ${what} may have`);
  return value;
}

/** Other variants of the Kaggle file write dates as M/D/YYYY; anything else is left for the mapper to judge. */
function toIsoDate(value: string): string {
  const trimmed = value.trim();
  const us = US_DATE.exec(trimmed);
  return us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : trimmed;
}

function readList<T>(value: unknown, label: string, readItem: (item: Record<string, unknown>) => T | undefined, shape: string): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new FieldProblem(`${label} is ${describeValue(value)}, expected a list`);
  return value.map((item: unknown, index) => {
    const read = isObject(item) ? readItem(item) : undefined;
    if (read === undefined) throw new FieldProblem(`${label} item ${index + 1} is ${describeValue(item)}, expected ${shape}`);
    return read;
  });
}

function readGenre(item: Record<string, unknown>): TmdbGenre | undefined {
  return typeof item['id'] === 'number' && typeof item['name'] === 'string' ? { id: item['id'], name: item['name'] } : undefined;
}

function readSpokenLanguage(item: Record<string, unknown>): TmdbSpokenLanguage | undefined {
  const { iso_639_1: code, name, english_name: englishName } = item;
  if (typeof code !== 'string') return undefined;
  return { iso_639_1: code, ...(typeof name === 'string' && { name }), ...(typeof englishName === 'string' && { english_name: englishName }) };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
