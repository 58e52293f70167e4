import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, PipelineStage } from 'mongoose';
import { Movie } from '../movies/movie.schema.js';
import { dataQuality, QUALITY_CHECKS } from './pipelines/data-quality.pipeline.js';
import { moviesPerGenre, moviesPerGenreMatch, type MoviesPerGenreParams } from './pipelines/movies-per-genre.pipeline.js';
import { changedSinceMatch, movieGenreRowCount, movieGenreRows, movieRows, type RowPage } from './pipelines/movie-rows.pipeline.js';
import { ratingsByLanguage, ratingsByLanguageMatch, type RatingsByLanguageParams } from './pipelines/ratings-by-language.pipeline.js';
import { revenueBudgetMatch, revenueBudgetPairs, type RevenueBudgetParams } from './pipelines/revenue-budget-pairs.pipeline.js';
import { measureKnownMatch, topMovies, type TopMoviesParams } from './pipelines/top-movies.pipeline.js';
import { topRatedMatch, topRatedPerYear, type TopRatedPerYearParams } from './pipelines/top-rated-per-year.pipeline.js';
import { topRevenuePerYear, topRevenuePerYearMatch, type TopRevenuePerYearParams } from './pipelines/top-revenue-per-year.pipeline.js';

export interface LanguageRow {
  language: string;
  name: string | null;
  movies: number;
  averageRating: number;
  votes: number;
}
export interface YearCount {
  year: number;
  count: number;
}
export interface GenreRow {
  genre: string;
  genreId: number;
  movies: number;
}
export interface MovieRow {
  tmdbId: number;
  title: string;
  year: number | null;
  budget: number;
  revenue: number;
  profit: number | null;
}
export interface YearMovies {
  year: number;
  count: number;
  movies: MovieRow[];
}
export interface BudgetRevenuePoint {
  tmdbId: number;
  title: string;
  year: number | null;
  budget: number;
  revenue: number;
}
export interface QualityCount {
  check: string;
  count: number;
  examples: number[];
}
export interface StoredMovieRow {
  tmdbId: number;
  title: string;
  originalTitle: string | null;
  originalLanguage: string | null;
  originalLanguageName: string | null;
  releaseDate: Date | null;
  releaseYear: number | null;
  budget: number;
  revenue: number;
  profit: number | null;
  voteAverage: number;
  voteCount: number;
  popularity: number | null;
  runtime: number | null;
  updatedAt: Date;
}
export interface MovieGenreRow {
  tmdbId: number;
  genreId: number;
  genre: string;
}

/** Each answer with how many movies it rests on. */
export interface Counted<T> {
  rows: T[];
  considered: number;
}

/** The analytics read side: the only caller of `aggregate` on movies. Never writes. */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectModel(Movie.name) private readonly movies: Model<Movie>) {}

  async ratingsByLanguage(params: RatingsByLanguageParams): Promise<Counted<LanguageRow>> {
    return this.counted<LanguageRow>(ratingsByLanguage(params), ratingsByLanguageMatch(params));
  }

  async topRatedPerYear(params: TopRatedPerYearParams): Promise<Counted<YearCount>> {
    return this.counted<YearCount>(topRatedPerYear(params), topRatedMatch(params));
  }

  async moviesPerGenre(params: MoviesPerGenreParams): Promise<Counted<GenreRow>> {
    return this.counted<GenreRow>(moviesPerGenre(params), moviesPerGenreMatch(params));
  }

  async topMovies(params: TopMoviesParams): Promise<Counted<MovieRow>> {
    return this.counted<MovieRow>(topMovies(params), measureKnownMatch(params));
  }

  async topRevenuePerYear(params: TopRevenuePerYearParams): Promise<Counted<YearMovies>> {
    return this.counted<YearMovies>(topRevenuePerYear(params), topRevenuePerYearMatch(params));
  }

  async countBudgetRevenuePairs(params: RevenueBudgetParams): Promise<number> {
    return this.count(revenueBudgetMatch(params));
  }

  /** Streams the pairs (the relationship may rest on a million movies; only the caller decides what to keep). */
  async *budgetRevenuePairs(params: RevenueBudgetParams): AsyncGenerator<BudgetRevenuePoint> {
    const cursor = this.movies.aggregate<BudgetRevenuePoint>(revenueBudgetPairs(params)).allowDiskUse(true).cursor({ batchSize: 5000 });
    for await (const point of cursor) yield point as BudgetRevenuePoint;
  }

  async dataQuality(): Promise<{ total: number; checks: QualityCount[] }> {
    const [facets] = await this.movies.aggregate<Record<string, { n?: number; tmdbId?: number }[]>>(dataQuality()).exec();
    const countOf = (rows: { n?: number }[] | undefined) => rows?.[0]?.n ?? 0;
    return {
      total: countOf(facets?.['total']),
      checks: QUALITY_CHECKS.map(({ check }) => ({
        check,
        count: countOf(facets?.[`${check}Count`]),
        examples: (facets?.[`${check}Examples`] ?? []).map((row) => row.tmdbId!),
      })),
    };
  }

  async movieRows(page: RowPage): Promise<{ rows: StoredMovieRow[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.movies.aggregate<StoredMovieRow>(movieRows(page)).allowDiskUse(true).exec(),
      this.count(changedSinceMatch(page.updatedSince)),
    ]);
    return { rows, total };
  }

  async movieGenreRows(page: RowPage): Promise<{ rows: MovieGenreRow[]; total: number }> {
    const [rows, [count]] = await Promise.all([
      this.movies.aggregate<MovieGenreRow>(movieGenreRows(page)).allowDiskUse(true).exec(),
      this.movies.aggregate<{ n: number }>(movieGenreRowCount(page.updatedSince)).exec(),
    ]);
    return { rows, total: count?.n ?? 0 };
  }

  private async counted<T>(pipeline: PipelineStage[], match: Record<string, unknown>): Promise<Counted<T>> {
    const [rows, considered] = await Promise.all([this.movies.aggregate<T>(pipeline).allowDiskUse(true).exec(), this.count(match)]);
    return { rows, considered };
  }

  /**
   * Counted with an aggregation, not countDocuments: the connection sanitizes query filters
   * (sanitizeFilter), which would take these trusted, app-built operators for literal values.
   */
  private async count(match: Record<string, unknown>): Promise<number> {
    const [result] = await this.movies.aggregate<{ n: number }>([{ $match: match }, { $count: 'n' }]).exec();
    return result?.n ?? 0;
  }
}
