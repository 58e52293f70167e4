import { describe, expect, it } from 'vitest';
import type { MovieChange } from '../../read-model/movie-store.js';
import type { MoviesPerGenreParams } from '../pipelines/movies-per-genre.pipeline.js';
import { computeGenres } from './genres.js';
import { byCodeUnits, movie, randomChanges, storeOf } from './test-movies.js';

/** The moviesPerGenre pipeline and the service's most/least, written out over the movies held. */
function expected(movies: readonly MovieChange[], { minVotes }: MoviesPerGenreParams) {
  const matched = movies.filter((m) => m.voteCount >= minVotes && m.genres.length > 0);
  // $unwind, then group by (name, movie): each movie once per name, with the lowest id it lists the name under.
  const perMovie = new Map<string, { genre: string; genreId: number }>();
  for (const m of matched) {
    for (const g of m.genres) {
      const key = `${g.name}\u0000${m.tmdbId}`;
      const held = perMovie.get(key);
      if (!held || g.id < held.genreId) perMovie.set(key, { genre: g.name, genreId: g.id });
    }
  }
  // Then group by name: count the movies, keep the lowest id.
  const perName = new Map<string, { genre: string; genreId: number; movies: number }>();
  for (const { genre, genreId } of perMovie.values()) {
    const held = perName.get(genre);
    if (!held) perName.set(genre, { genre, genreId, movies: 1 });
    else {
      held.movies++;
      held.genreId = Math.min(held.genreId, genreId);
    }
  }
  const items = [...perName.values()].sort((a, b) => b.movies - a.movies || byCodeUnits(a.genre, b.genre));
  const fewest = Math.min(...items.map((i) => i.movies));
  return { considered: matched.length, items, most: items[0] ?? null, least: items.find((i) => i.movies === fewest) ?? null };
}

const drama = { id: 18, name: 'Drama' };
const dramaAgain = { id: 7, name: 'Drama' };
const comedy = { id: 35, name: 'Comedy' };

describe('computeGenres', () => {
  it('counts a movie once per genre name: a genre listed twice, or one name under two ids', () => {
    const { store } = storeOf([
      movie({ tmdbId: 1, genres: [drama, drama, comedy] }),
      movie({ tmdbId: 2, genres: [dramaAgain, drama] }),
      movie({ tmdbId: 3, genres: [comedy] }),
      movie({ tmdbId: 4, genres: [] }),
      movie({ tmdbId: 5, genres: [{ id: 99, name: 'Documentary' }], voteCount: 0 }),
    ]);
    expect(computeGenres(store, { minVotes: 1 })).toEqual({
      considered: 3,
      items: [
        { genre: 'Comedy', genreId: 35, movies: 2 },
        { genre: 'Drama', genreId: 7, movies: 2 },
      ],
      most: { genre: 'Comedy', genreId: 35, movies: 2 },
      least: { genre: 'Comedy', genreId: 35, movies: 2 },
    });
    const all = computeGenres(store, { minVotes: 0 });
    expect(all.considered).toBe(4);
    expect(all.least).toEqual({ genre: 'Documentary', genreId: 99, movies: 1 });
  });

  it('takes the lowest id only among movies counted, and breaks ties by name in code-unit order (not a locale)', () => {
    const { store } = storeOf([
      movie({
        tmdbId: 1,
        genres: [
          { id: 500, name: 'Éclair' },
          { id: 501, name: 'Zebra' },
          { id: 502, name: 'apple' },
        ],
      }),
      movie({ tmdbId: 2, genres: [{ id: 3, name: 'apple' }], voteCount: 0 }),
    ]);
    const answer = computeGenres(store, { minVotes: 1 });
    expect(answer.items).toEqual([
      { genre: 'Zebra', genreId: 501, movies: 1 },
      { genre: 'apple', genreId: 502, movies: 1 },
      { genre: 'Éclair', genreId: 500, movies: 1 },
    ]);
    expect(answer.least?.genre).toBe('Zebra');
    expect(computeGenres(store, { minVotes: 0 }).items[0]).toEqual({ genre: 'apple', genreId: 3, movies: 2 });
  });

  it('follows upserts: changed genres and votes leave the old counts; an older version is ignored', () => {
    const { store, movies } = storeOf([
      movie({ tmdbId: 1, observedAt: 1, genres: [drama] }),
      movie({ tmdbId: 2, observedAt: 1, genres: [drama] }),
      movie({ tmdbId: 3, observedAt: 1, genres: [dramaAgain], voteCount: 50 }),
      movie({ tmdbId: 1, observedAt: 2, genres: [comedy] }),
      movie({ tmdbId: 2, observedAt: 2, genres: [] }),
      movie({ tmdbId: 3, observedAt: 2, genres: [dramaAgain], voteCount: 5 }),
      movie({ tmdbId: 1, observedAt: 1.5, genres: [drama, dramaAgain] }),
    ]);
    const answer = computeGenres(store, { minVotes: 10 });
    expect(answer).toEqual({
      considered: 1,
      items: [{ genre: 'Comedy', genreId: 35, movies: 1 }],
      most: { genre: 'Comedy', genreId: 35, movies: 1 },
      least: { genre: 'Comedy', genreId: 35, movies: 1 },
    });
    expect(answer).toEqual(expected(movies, { minVotes: 10 }));
    expect(computeGenres(storeOf([]).store, { minVotes: 0 })).toEqual({ considered: 0, items: [], most: null, least: null });
  });

  it('matches the aggregation on seeded random movies for many parameters', () => {
    for (const seed of [11, 12, 13, 14, 15]) {
      const { store, movies } = storeOf(randomChanges(seed, { movies: 2000, updates: 1000, inIdOrder: seed % 2 === 0 }));
      for (const minVotes of [0, 1, 5, 50, 300, 1500, 10000]) {
        expect(computeGenres(store, { minVotes }), `seed ${seed} minVotes ${minVotes}`).toEqual(expected(movies, { minVotes }));
      }
    }
  });
});
