import { describe, expect, it } from 'vitest';
import { computeGenreLanguage, type GenreLanguageParams } from './genre-language.js';
import { movie, storeOf } from './test-movies.js';

const drama = { id: 18, name: 'Drama' };
const comedy = { id: 35, name: 'Comedy' };
const MOVIES = [
  movie({ tmdbId: 1, genres: [drama], originalLanguage: 'en', voteAverage: 8, voteCount: 100, budget: 1000, revenue: 3000 }),
  movie({ tmdbId: 2, genres: [drama], originalLanguage: 'en', voteAverage: 6, voteCount: 300, budget: 2000, revenue: 1000 }),
  movie({ tmdbId: 3, genres: [drama, comedy, drama], originalLanguage: 'fr', voteAverage: 7, voteCount: 10, budget: 0, revenue: 5000 }),
  movie({ tmdbId: 4, genres: [comedy], originalLanguage: 'en', voteAverage: 5, voteCount: 0 }),
  movie({ tmdbId: 5, genres: [drama], originalLanguage: null }),
  movie({ tmdbId: 6, genres: [], originalLanguage: 'en' }),
];
const base: GenreLanguageParams = { minVotes: 0, minMovies: 1, minBudget: 1000, minRevenue: 1000, measure: 'meanRating', genre: 'Drama', language: 'en' };

const dramaEn = {
  genre: 'Drama',
  genreId: 18,
  language: 'en',
  languageName: 'English',
  movies: 2,
  moneyMovies: 2,
  meanRating: 7,
  weightedRating: 6.5, // (8·100 + 6·300) / 400
  medianRevenue: 2000, // (1000 + 3000) / 2
  medianProfit: 500, // (2000 + −1000) / 2
  shareProfitable: 0.5,
};
const money = { moneyMovies: 0, medianRevenue: null, medianProfit: null, shareProfitable: null };

describe('computeGenreLanguage', () => {
  it('puts a movie in one cell per genre name; ties go to genre, then language; empty money is null, not zero', () => {
    const { store } = storeOf(MOVIES);
    const answer = computeGenreLanguage(store, base);
    expect(answer.considered).toBe(4);
    expect(answer.leftOut).toBe(0);
    expect(answer.items).toEqual([
      { rank: 1, genre: 'Comedy', genreId: 35, language: 'fr', languageName: 'French', movies: 1, meanRating: 7, weightedRating: 7, ...money },
      { rank: 2, ...dramaEn },
      { rank: 3, genre: 'Drama', genreId: 18, language: 'fr', languageName: 'French', movies: 1, meanRating: 7, weightedRating: 7, ...money },
      { rank: 4, genre: 'Comedy', genreId: 35, language: 'en', languageName: 'English', movies: 1, meanRating: 5, weightedRating: null, ...money },
    ]);
    expect(answer.best).toEqual(answer.items[0]);
    expect(answer.claim).toEqual({ genre: 'Drama', language: 'en', movies: 2, rank: 2, of: 4, cell: answer.items[1] });
  });

  it('ranks by the measure asked for, cells without a value last', () => {
    const { store } = storeOf(MOVIES);
    const weighted = computeGenreLanguage(store, { ...base, measure: 'weightedRating' });
    expect(weighted.items.map((i) => `${i.genre}/${i.language}`)).toEqual(['Comedy/fr', 'Drama/fr', 'Drama/en', 'Comedy/en']);
    expect(weighted.claim.rank).toBe(3);
    const profit = computeGenreLanguage(store, { ...base, measure: 'medianProfit' });
    expect(profit.items.map((i) => `${i.genre}/${i.language}`)).toEqual(['Drama/en', 'Comedy/en', 'Comedy/fr', 'Drama/fr']);
    expect(profit.best?.genre).toBe('Drama');
    const movies = computeGenreLanguage(store, { ...base, measure: 'movies' });
    expect(movies.items[0]?.movies).toBe(2);
  });

  it('leaves out and counts the cells below minMovies; the claim cell keeps its n but has no rank then', () => {
    const { store } = storeOf(MOVIES);
    const answer = computeGenreLanguage(store, { ...base, minMovies: 2, genre: 'Comedy', language: 'en' });
    expect(answer.items.map((i) => i.genre)).toEqual(['Drama']);
    expect(answer.leftOut).toBe(3);
    expect(answer.claim).toEqual({ genre: 'Comedy', language: 'en', movies: 1, rank: null, of: 1, cell: null });
    expect(computeGenreLanguage(store, { ...base, minVotes: 1000 })).toMatchObject({ considered: 0, items: [], best: null, leftOut: 0 });
  });

  it('names a genre by the lowest id it has among the movies held now', () => {
    const { store } = storeOf([
      movie({ tmdbId: 1, genres: [{ id: 7, name: 'Drama' }], observedAt: 1 }),
      movie({ tmdbId: 2, genres: [drama] }),
      movie({ tmdbId: 1, genres: [comedy], observedAt: 2 }),
    ]);
    expect(computeGenreLanguage(store, base).items.map((i) => [i.genre, i.genreId])).toEqual([
      ['Comedy', 35],
      ['Drama', 18],
    ]);
  });

  it('moves a movie out of its old cells when its genres change', () => {
    const { store } = storeOf([...MOVIES, movie({ tmdbId: 3, observedAt: 2, genres: [comedy], originalLanguage: 'fr', voteAverage: 7, voteCount: 10 })]);
    const answer = computeGenreLanguage(store, base);
    expect(answer.items.map((i) => `${i.genre}/${i.language}`)).toEqual(['Comedy/fr', 'Drama/en', 'Comedy/en']);
  });
});
