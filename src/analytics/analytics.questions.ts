import type { MovieStore } from '../read-model/movie-store.js';
import type { AnswerName } from './analytics.catalog.js';
import { computeDataQuality } from './compute/data-quality.js';
import { computeExtremes } from './compute/extremes.js';
import { computeGenres } from './compute/genres.js';
import { computeLanguages } from './compute/languages.js';
import { computeRevenueVsBudget, type SpearmanFn } from './compute/revenue-vs-budget.js';
import { computeTopMovies } from './compute/top-movies.js';
import { computeTopRatedYears } from './compute/top-rated-years.js';
import { computeTopRevenuePerYear } from './compute/top-revenue-per-year.js';
import type { ExtremesAnswer, MovieItem, RevenueVsBudgetAnswer, TopMoviesAnswer, TopRevenuePerYearAnswer } from './dto/answer.view.js';
import type { RatingsByLanguageParams } from './pipelines/ratings-by-language.pipeline.js';
import type { RevenueBudgetParams } from './pipelines/revenue-budget-pairs.pipeline.js';
import type { TopMoviesParams } from './pipelines/top-movies.pipeline.js';
import type { TopRatedPerYearParams } from './pipelines/top-rated-per-year.pipeline.js';
import type { TopRevenuePerYearParams } from './pipelines/top-revenue-per-year.pipeline.js';
import type { MoviesPerGenreParams } from './pipelines/movies-per-genre.pipeline.js';

/** The freshness contract, as every answer, the docs and the OpenAPI description state it. */
export const FRESHNESS_CONTRACT =
  'An answer includes every movie change stored before asOf; a serving process applies a stored change within a second, and settled says whether more is on its way.';

/** An answer without its envelope: what a compute function returns. */
export type AnswerCore = { considered: number } & Record<string, unknown>;

export interface ComputeContext {
  /** Exact Spearman rho, computed off the event loop. */
  spearman: SpearmanFn;
}

/** A movie an answer names: its title is filled in from MongoDB. */
export interface NamedMovie {
  tmdbId: number;
  title: string;
}

/** How one question is answered from the read model, and which movies its answer names (their titles come from MongoDB). */
export interface QuestionCompute {
  compute(store: MovieStore, params: Record<string, unknown>, context: ComputeContext): AnswerCore | Promise<AnswerCore>;
  movies(answer: AnswerCore): NamedMovie[];
}

const none = (): NamedMovie[] => [];

export const COMPUTE: Record<AnswerName, QuestionCompute> = {
  languages: { compute: (store, params) => computeLanguages(store, params as unknown as RatingsByLanguageParams), movies: none },
  topRatedYears: { compute: (store, params) => computeTopRatedYears(store, params as unknown as TopRatedPerYearParams), movies: none },
  genres: { compute: (store, params) => computeGenres(store, params as unknown as MoviesPerGenreParams), movies: none },
  extremes: {
    compute: (store, params) => computeExtremes(store, params as unknown as RevenueBudgetParams),
    movies: (a) => {
      const answer = a as unknown as ExtremesAnswer;
      return [...answer.items, answer.highestProfit, answer.lowestProfit, answer.highestBudget, answer.lowestBudget].filter((m): m is MovieItem => m !== null);
    },
  },
  topMovies: {
    compute: (store, params) => computeTopMovies(store, params as unknown as TopMoviesParams),
    movies: (a) => (a as unknown as TopMoviesAnswer).items,
  },
  topRevenuePerYear: {
    compute: (store, params) => computeTopRevenuePerYear(store, params as unknown as TopRevenuePerYearParams),
    movies: (a) => (a as unknown as TopRevenuePerYearAnswer).items.flatMap((y) => y.movies),
  },
  revenueVsBudget: {
    compute: (store, params, context) => computeRevenueVsBudget(store, params as unknown as RevenueBudgetParams, context.spearman),
    movies: (a) => {
      const answer = a as unknown as RevenueVsBudgetAnswer;
      return answer.points === answer.items ? answer.points : [...answer.points, ...answer.items];
    },
  },
  dataQuality: { compute: (store) => computeDataQuality(store), movies: none },
};
