import { describe, expect, it } from 'vitest';
import { computeExplore, type ExploreParams } from './explore.js';
import { computeGenreLanguage } from './genre-language.js';
import { movie, randomChanges, storeOf } from './test-movies.js';

const drama = { id: 18, name: 'Drama' };
const comedy = { id: 35, name: 'Comedy' };
const base: ExploreParams = {
  groupBy: ['language'],
  measure: ['count'],
  sort: null,
  order: 'desc',
  limit: 50,
  minVotes: 0,
  minMovies: 1,
  from: null,
  to: null,
  language: null,
  genre: null,
  minBudget: 1000,
  minRevenue: 1000,
  bands: 10,
  edges: null,
};
const MOVIES = [
  movie({ tmdbId: 1, genres: [drama], originalLanguage: 'en', releaseYear: 1994, voteAverage: 8, voteCount: 100, budget: 1000, revenue: 5000 }),
  movie({ tmdbId: 2, genres: [drama, comedy], originalLanguage: 'en', releaseYear: 1999, voteAverage: 6, voteCount: 50, budget: 3000, revenue: 0 }),
  movie({ tmdbId: 3, genres: [comedy], originalLanguage: 'fr', releaseYear: 2003, voteAverage: 7, voteCount: 20, budget: 2000, revenue: 1000 }),
  movie({ tmdbId: 4, genres: [comedy], originalLanguage: 'de', releaseYear: null, voteAverage: 4, voteCount: 5, budget: 2000, revenue: 8000 }),
  movie({ tmdbId: 5, genres: [], originalLanguage: 'fr', releaseYear: 2001, voteAverage: 9, voteCount: 1 }),
];

describe('computeExplore', () => {
  it('counts per language by default; ties go to the code ascending; every cell carries its n', () => {
    const { store } = storeOf(MOVIES);
    const answer = computeExplore(store, { ...base, groupBy: 'language', measure: 'count' });
    expect(answer).toMatchObject({ considered: 5, groupBy: ['language'], measures: ['count'], sort: 'count', cells: 3, leftOut: 0 });
    expect(answer.items).toEqual([
      { language: 'en', languageName: 'English', movies: 2, moneyMovies: 1, count: 2 },
      { language: 'fr', languageName: 'French', movies: 2, moneyMovies: 1, count: 2 },
      { language: 'de', languageName: 'German', movies: 1, moneyMovies: 1, count: 1 },
    ]);
  });

  it('two-way cuts with medians over known money only (an unknown revenue is not a zero)', () => {
    const { store } = storeOf(MOVIES);
    const answer = computeExplore(store, {
      ...base,
      groupBy: ['genre', 'decade'],
      measure: ['medianRevenue', 'medianProfit', 'medianRoi', 'shareProfitable', 'meanRating', 'weightedRating'],
    });
    // Drama × 1990s: movies 1 and 2; only movie 1 has known money. Comedy × 1990s: movie 2, no known money; Comedy × 2000s: movie 3.
    expect(answer.items).toEqual([
      {
        genre: 'Drama',
        genreId: 18,
        decade: 1990,
        movies: 2,
        moneyMovies: 1,
        medianRevenue: 5000,
        medianProfit: 4000,
        medianRoi: 5,
        shareProfitable: 1,
        meanRating: 7,
        weightedRating: 7.33,
      },
      {
        genre: 'Comedy',
        genreId: 35,
        decade: 2000,
        movies: 1,
        moneyMovies: 1,
        medianRevenue: 1000,
        medianProfit: -1000,
        medianRoi: 0.5,
        shareProfitable: 0,
        meanRating: 7,
        weightedRating: 7,
      },
      {
        genre: 'Comedy',
        genreId: 35,
        decade: 1990,
        movies: 1,
        moneyMovies: 0,
        medianRevenue: null,
        medianProfit: null,
        medianRoi: null,
        shareProfitable: null,
        meanRating: 6,
        weightedRating: 6,
      },
    ]);
    expect(answer.considered).toBe(3);
  });

  it('filters by votes, years, language and genre; sorts ascending; limits; leaves out small cells', () => {
    const { store } = storeOf(MOVIES);
    expect(computeExplore(store, { ...base, groupBy: ['year'], from: 1995, to: 2002 }).items.map((i) => i.year)).toEqual([1999, 2001]);
    expect(computeExplore(store, { ...base, groupBy: ['genre'], language: 'en' }).items.map((i) => [i.genre, i.movies])).toEqual([
      ['Drama', 2],
      ['Comedy', 1],
    ]);
    expect(computeExplore(store, { ...base, groupBy: ['language'], genre: 'Comedy', minVotes: 10 }).items.map((i) => i.language)).toEqual(['en', 'fr']);
    expect(computeExplore(store, { ...base, genre: 'Nope' }).items).toEqual([]);
    expect(computeExplore(store, { ...base, language: 'xx' }).items).toEqual([]);
    const asc = computeExplore(store, { ...base, groupBy: ['language'], measure: ['count', 'meanRating'], sort: 'meanRating', order: 'asc', limit: 2 });
    expect(asc.items.map((i) => i.language)).toEqual(['de', 'en']);
    expect(asc.cells).toBe(3);
    const big = computeExplore(store, { ...base, minMovies: 2 });
    expect(big).toMatchObject({ cells: 2, leftOut: 1 });
  });

  it('budget bands as a dimension: only movies with known money, edges half-open', () => {
    const { store } = storeOf(MOVIES);
    const answer = computeExplore(store, { ...base, groupBy: ['budgetBand'], edges: [2000], sort: null });
    expect(answer.items).toEqual([
      { budgetBand: 2, bandFrom: 2000, bandTo: null, movies: 2, moneyMovies: 2, count: 2 },
      { budgetBand: 1, bandFrom: null, bandTo: 2000, movies: 1, moneyMovies: 1, count: 1 },
    ]);
    const quantiles = computeExplore(store, { ...base, groupBy: ['budgetBand'], bands: 3 });
    // Known budgets 1000, 2000, 2000: cut floor(3/3) = 1 lands on a 2000, cut floor(6/3) = 2 falls between the 2000s and is dropped.
    expect(quantiles.items.map((i) => [i.budgetBand, i.bandFrom, i.bandTo, i.movies])).toEqual([
      [2, 2000, null, 2],
      [1, 1000, 2000, 1],
    ]);
  });

  it('agrees with genre-language on the same cut', () => {
    const { store } = storeOf(randomChanges(7, { movies: 400, updates: 100 }));
    const matrix = computeGenreLanguage(store, {
      minVotes: 10,
      minMovies: 1,
      minBudget: 1000,
      minRevenue: 1000,
      measure: 'movies',
      genre: 'Drama',
      language: 'en',
    });
    const cut = computeExplore(store, {
      ...base,
      groupBy: ['genre', 'language'],
      measure: ['count', 'meanRating', 'weightedRating', 'medianRevenue', 'medianProfit', 'shareProfitable'],
      minVotes: 10,
      limit: 1000,
    });
    expect(cut.items.map((i) => [i.genre, i.language, i.movies, i.meanRating, i.weightedRating, i.medianRevenue, i.medianProfit, i.shareProfitable])).toEqual(
      matrix.items.map((i) => [i.genre, i.language, i.movies, i.meanRating, i.weightedRating, i.medianRevenue, i.medianProfit, i.shareProfitable]),
    );
  });
});
