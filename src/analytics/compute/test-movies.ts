/**
 * Test helpers for the compute functions: movies written by hand or drawn from a seeded generator, applied to a
 * MovieStore, and the movies MongoDB would then hold (the newest version of each), for the expectations to loop over.
 */
import { MovieStore, type MovieChange } from '../../read-model/movie-store.js';
import { NO_DETAILS } from '../../movies/movie-change.js';
import type { MovieItem } from '../dto/answer.view.js';

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A movie change with plain defaults; only what a test is about needs saying. */
export function movie(fields: Partial<MovieChange> & { tmdbId: number }): MovieChange {
  const observedAt = fields.observedAt ?? 1;
  return {
    observedAt,
    contentHash: Buffer.from(`${fields.tmdbId}:${observedAt}`).toString('base64url'),
    updatedAt: observedAt,
    title: `Movie ${fields.tmdbId}`,
    originalLanguage: 'en',
    genres: [],
    releaseYear: 2000,
    budget: 0,
    revenue: 0,
    voteAverage: 5,
    voteCount: 10,
    ...NO_DETAILS,
    ...fields,
  };
}

/** A store with the changes applied in order, and the movies it should then hold: per TMDB id the change observed last. */
export function storeOf(changes: readonly MovieChange[]): { store: MovieStore; movies: MovieChange[] } {
  const store = new MovieStore();
  const newest = new Map<number, MovieChange>();
  for (const change of changes) {
    store.apply(change);
    const held = newest.get(change.tmdbId);
    if (held && held.observedAt === change.observedAt) throw new Error(`test data: two versions of ${change.tmdbId} observed at the same time`);
    if (!held || change.observedAt > held.observedAt) newest.set(change.tmdbId, change);
  }
  return { store, movies: [...newest.values()] };
}

export const LANGUAGES: readonly (string | null)[] = ['en', 'en', 'en', 'fr', 'fr', 'ja', 'de', 'es', 'cn', 'xx', 'zz', null, null];
/** Drama and Science Fiction each under two ids; names whose code-unit order differs from a locale's. */
export const GENRES: readonly { id: number; name: string }[] = [
  { id: 28, name: 'Action' },
  { id: 12, name: 'Adventure' },
  { id: 18, name: 'Drama' },
  { id: 7, name: 'Drama' },
  { id: 35, name: 'Comedy' },
  { id: 878, name: 'Science Fiction' },
  { id: 10770, name: 'Science Fiction' },
  { id: 99, name: 'Documentary' },
  { id: 500, name: 'Éclair' },
  { id: 501, name: 'Zebra' },
  { id: 502, name: 'apple' },
];
/** Money drawn from few values (ties), with unknown (0) and suspicious (under 1000) amounts among them. */
const MONEY = [0, 0, 0, 0, 1, 7, 500, 999, 1000, 1001, 5000, 1e6, 2e6, 2e6, 5e6, 1e7, 1e8, 2.5e8];

export interface RandomOptions {
  /** Distinct movies. */
  movies: number;
  /** Further versions of random movies: with the observation times shuffled, some are newer and some older than what is held. */
  updates: number;
  /** First applied in TMDB id order (as a snapshot arrives) rather than in random order. */
  inIdOrder?: boolean;
  /** Release years are drawn from [firstYear, firstYear + years). */
  firstYear?: number;
  years?: number;
}

/** Seeded random movie changes: ties in every field, unknown money, movies without year, language or genres. */
export function randomChanges(seed: number, options: RandomOptions): MovieChange[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const firstYear = options.firstYear ?? 1990;
  const years = options.years ?? 12;
  const money = (): number => (random() < 0.25 ? Math.round(random() * 3e8) : pick(MONEY));
  const fields = (tmdbId: number): Omit<MovieChange, 'observedAt' | 'contentHash' | 'updatedAt'> => {
    const genres: { id: number; name: string }[] = [];
    const genreCount = Math.floor(random() * 4);
    for (let i = 0; i < genreCount; i++) genres.push(pick(GENRES));
    if (genres.length > 0 && random() < 0.15) genres.push(genres[0]!);
    const roll = random();
    return {
      ...NO_DETAILS,
      tmdbId,
      title: `Movie ${tmdbId}`,
      originalLanguage: pick(LANGUAGES),
      genres,
      releaseYear: random() < 0.1 ? null : firstYear + Math.floor(random() * years),
      budget: money(),
      revenue: money(),
      voteAverage: roll < 0.05 ? 0 : roll < 0.55 ? Math.round(random() * 100) / 10 : Math.round(random() * 10000) / 1000,
      voteCount: random() < 0.1 ? 0 : Math.floor(random() ** 3 * 2000),
    };
  };

  const ids = new Set<number>();
  while (ids.size < options.movies) ids.add(1 + Math.floor(random() * options.movies * 4));
  const base = [...ids];
  if (options.inIdOrder) base.sort((a, b) => a - b);
  const drafts = base.map(fields);
  for (let i = 0; i < options.updates; i++) drafts.push(fields(pick(base)));
  // Distinct observation times in random order: later drafts are not always newer.
  const times = drafts.map((_, i) => i + 1);
  for (let i = times.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [times[i], times[j]] = [times[j]!, times[i]!];
  }
  // The first version of each movie comes first in the list, so the base order is the slot order.
  return drafts.map((draft, i) => movie({ ...draft, observedAt: times[i]! }));
}

/** The movie row the answers show for a movie (MOVIE_FIELDS), title left ''. */
export function expectedRow(m: MovieChange): MovieItem {
  return {
    tmdbId: m.tmdbId,
    title: '',
    year: m.releaseYear,
    budget: m.budget,
    revenue: m.revenue,
    profit: m.budget > 0 && m.revenue > 0 ? m.revenue - m.budget : null,
  };
}

/** Strings as the aggregation's $sort orders them: UTF-16 code units, not a locale. */
export function byCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The exact sum of doubles that are multiples of 2^-62 (vote averages of 0 … 10 with 3 decimals are), rounded once. */
export function exactSum(values: readonly number[]): number {
  const scale = 2 ** 62;
  let sum = 0n;
  for (const v of values) {
    const scaled = v * scale;
    if (!Number.isInteger(scaled)) throw new Error(`exactSum: ${v} is not a multiple of 2^-62`);
    sum += BigInt(scaled);
  }
  return Number(sum) / scale;
}
