import type { TmdbGenre, TmdbListMovie, TmdbMovieDetails } from '../../../src/tmdb/tmdb.types.js';

export const GENRES: TmdbGenre[] = [
  { id: 28, name: 'Action' },
  { id: 12, name: 'Adventure' },
  { id: 35, name: 'Comedy' },
  { id: 18, name: 'Drama' },
  { id: 27, name: 'Horror' },
  { id: 878, name: 'Science Fiction' },
];

export const LANGUAGES = [
  { iso_639_1: 'en', english_name: 'English', name: 'English' },
  { iso_639_1: 'fr', english_name: 'French', name: 'Français' },
  { iso_639_1: 'ja', english_name: 'Japanese', name: '日本語' },
  { iso_639_1: 'cn', english_name: 'Cantonese', name: '广州话 / 廣州話' },
  { iso_639_1: 'xx', english_name: 'No Language', name: 'No Language' },
];

let nextId = 1000;

/** A TMDB `/movie/{id}` object; every field can be overridden (`movieFactory({ budget: 0 })`). */
export function movieFactory(overrides: Partial<TmdbMovieDetails> = {}): TmdbMovieDetails {
  const id = overrides.id ?? nextId++;
  const language = LANGUAGES[id % 3]!;
  return {
    id,
    title: `Movie ${id}`,
    original_title: `Original ${id}`,
    original_language: language.iso_639_1,
    release_date: '2001-01-01',
    genres: [GENRES[id % GENRES.length]!, GENRES[(id + 3) % GENRES.length]!],
    budget: 1_000_000 * (id % 50),
    revenue: 3_000_000 * (id % 70),
    runtime: 80 + (id % 60),
    vote_average: Math.round((4 + (id % 60) / 10) * 10) / 10,
    vote_count: 100 + (id % 900),
    popularity: (id % 1000) / 7,
    status: 'Released',
    spoken_languages: [{ iso_639_1: language.iso_639_1, english_name: language.english_name, name: language.name }],
    ...overrides,
  };
}

/**
 * `count` movies with release dates spread evenly over [from, to] and distinct revenues
 * (highest first by id), so a test can work out which movie lands on which page.
 */
export function movieCatalog(count: number, { from = '1990-01-01', to = '2019-12-31', firstId = 1 } = {}): TmdbMovieDetails[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const span = Date.parse(`${to}T00:00:00Z`) - start;
  return Array.from({ length: count }, (_, i) =>
    movieFactory({
      id: firstId + i,
      release_date: new Date(start + Math.floor((span * i) / Math.max(1, count - 1) / 86_400_000) * 86_400_000).toISOString().slice(0, 10),
      revenue: (count - i) * 1_000_000 + ((i * 7919) % 1000),
    }),
  );
}

/** The item TMDB's paged lists carry for a movie. */
export function listItem(movie: TmdbMovieDetails): TmdbListMovie & Record<string, unknown> {
  return {
    adult: false,
    backdrop_path: null,
    genre_ids: (movie.genres ?? []).map((g) => g.id),
    id: movie.id,
    original_language: movie.original_language ?? 'en',
    original_title: movie.original_title ?? movie.title,
    overview: '',
    popularity: movie.popularity ?? 0,
    poster_path: null,
    release_date: movie.release_date ?? '',
    title: movie.title,
    video: false,
    vote_average: movie.vote_average ?? 0,
    vote_count: movie.vote_count ?? 0,
  };
}
