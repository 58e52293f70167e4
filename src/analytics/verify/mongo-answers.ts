import { Injectable } from '@nestjs/common';
import { POINTS_LIMIT } from '../compute/revenue-vs-budget.js';
import { QUESTIONS, type AnswerName } from '../questions/index.js';
import { AnalyticsRepository, type MovieRow } from '../analytics.repository.js';
import type {
  AnswerView,
  DataQualityAnswer,
  ExtremesAnswer,
  GenresAnswer,
  LanguagesAnswer,
  RevenueVsBudgetAnswer,
  TopMoviesAnswer,
  TopRatedYearsAnswer,
  TopRevenuePerYearAnswer,
} from '../dto/answer.view.js';
import { QUALITY_CHECKS } from '../pipelines/data-quality.pipeline.js';
import type { RatingsByLanguageParams } from '../pipelines/ratings-by-language.pipeline.js';
import type { RevenueBudgetParams } from '../pipelines/revenue-budget-pairs.pipeline.js';
import type { TopMoviesParams } from '../pipelines/top-movies.pipeline.js';
import type { TopRatedPerYearParams } from '../pipelines/top-rated-per-year.pipeline.js';
import type { TopRevenuePerYearParams } from '../pipelines/top-revenue-per-year.pipeline.js';
import type { MoviesPerGenreParams } from '../pipelines/movies-per-genre.pipeline.js';
import { leastSquares, pearson, roundTo, rSquared, spearman } from '../statistics.js';

/**
 * The questions this verifier does not recompute, and why. The group answers (medians and PERCENTILE.INC
 * percentiles per cell, quantile bands that never split equal budgets) cannot be written in the portable
 * aggregations this verifier is limited to: the local MongoDB-wire server has no $median/$percentile and
 * MongoDB 7's are approximate, and pulling the rows to compute them here would repeat the compute, not check it.
 * They are checked instead against an independent plain-loop computation in the end-to-end tests
 * (test/explore.e2e-spec.ts, test/support/expected-group-answers.ts).
 */
export const NOT_VERIFIED_BY_MONGO: Readonly<Partial<Record<AnswerName, string>>> = {
  genreLanguage: 'medians per cell: no portable aggregation; checked by test/explore.e2e-spec.ts against plain loops',
  budgetBands: 'quantile bands and PERCENTILE.INC: no portable aggregation; checked by test/explore.e2e-spec.ts against plain loops',
  explore: 'medians per cell: no portable aggregation; checked by test/explore.e2e-spec.ts against plain loops',
};

/**
 * The same answers computed by MongoDB aggregations over the stored movies: the verifier behind
 * `npm run verify:answers`, never on a request path. Its pipelines follow the portable-query
 * rules (valid on MongoDB 7 and the local MongoDB-wire server).
 */
@Injectable()
export class MongoAnswers {
  constructor(private readonly repository: AnalyticsRepository) {}

  /** The answer to a question with these (defaulted) parameters, from MongoDB. */
  compute(name: AnswerName, params: Record<string, unknown>): Promise<AnswerView> {
    return this.computeAt(name, params);
  }

  private async computeAt(name: AnswerName, params: Record<string, unknown>): Promise<AnswerView> {
    // Only what the answer rests on: the read model's envelope (position, asOf) has no meaning here.
    const envelope = (considered: number): AnswerView =>
      ({ question: QUESTIONS[name].question, definition: QUESTIONS[name].definition, params, considered }) as AnswerView;
    switch (name) {
      case 'languages':
        return this.languages(params as unknown as RatingsByLanguageParams, envelope);
      case 'topRatedYears':
        return this.topRatedYears(params as unknown as TopRatedPerYearParams, envelope);
      case 'genres':
        return this.genres(params as unknown as MoviesPerGenreParams, envelope);
      case 'extremes':
        return this.extremes(params as unknown as RevenueBudgetParams, envelope);
      case 'topMovies':
        return this.topMovies(params as unknown as TopMoviesParams, envelope);
      case 'topRevenuePerYear':
        return this.topRevenuePerYear(params as unknown as TopRevenuePerYearParams, envelope);
      case 'revenueVsBudget':
        return this.revenueVsBudget(params as unknown as RevenueBudgetParams, envelope);
      case 'dataQuality':
        return this.dataQuality(envelope);
      case 'genreLanguage':
      case 'budgetBands':
      case 'explore':
        throw new Error(`${name} has no MongoDB counterpart: ${NOT_VERIFIED_BY_MONGO[name]}`);
    }
  }

  private async languages(params: RatingsByLanguageParams, envelope: (n: number) => AnswerView): Promise<LanguagesAnswer> {
    const { rows, considered } = await this.repository.ratingsByLanguage(params);
    const items = rows.map((row) => ({ ...row, name: row.name ?? null, averageRating: roundTo(row.averageRating, 2)! }));
    return { ...envelope(considered), items, highest: items[0] ?? null, lowest: firstOfLeast(items, (i) => i.averageRating) };
  }

  private async topRatedYears(params: TopRatedPerYearParams, envelope: (n: number) => AnswerView): Promise<TopRatedYearsAnswer> {
    const { rows: items, considered } = await this.repository.topRatedPerYear(params);
    const counts = items.map((i) => i.count);
    const most = Math.max(...counts);
    const fewest = Math.min(...counts);
    return { ...envelope(considered), items, most: items.filter((i) => i.count === most), fewest: items.filter((i) => i.count === fewest) };
  }

  private async genres(params: MoviesPerGenreParams, envelope: (n: number) => AnswerView): Promise<GenresAnswer> {
    const { rows: items, considered } = await this.repository.moviesPerGenre(params);
    return { ...envelope(considered), items, most: items[0] ?? null, least: firstOfLeast(items, (i) => i.movies) };
  }

  private async extremes(floors: RevenueBudgetParams, envelope: (n: number) => AnswerView): Promise<ExtremesAnswer> {
    const first = (by: 'profit' | 'budget', order: 'asc' | 'desc') => this.repository.topMovies({ ...floors, by, order, limit: 1 });
    const [highestProfit, lowestProfit, highestBudget, lowestBudget] = await Promise.all([
      first('profit', 'desc'),
      first('profit', 'asc'),
      first('budget', 'desc'),
      first('budget', 'asc'),
    ]);
    const named: Record<string, MovieRow | null> = {
      highestProfit: highestProfit.rows[0] ?? null,
      lowestProfit: lowestProfit.rows[0] ?? null,
      highestBudget: highestBudget.rows[0] ?? null,
      lowestBudget: lowestBudget.rows[0] ?? null,
    };
    const items = Object.entries(named).flatMap(([answer, movie]) => (movie ? [{ answer, ...movie }] : []));
    return {
      ...envelope(highestBudget.considered),
      consideredForProfit: highestProfit.considered,
      items,
      highestProfit: named['highestProfit']!,
      lowestProfit: named['lowestProfit']!,
      highestBudget: named['highestBudget']!,
      lowestBudget: named['lowestBudget']!,
    };
  }

  private async topMovies(params: TopMoviesParams, envelope: (n: number) => AnswerView): Promise<TopMoviesAnswer> {
    const { rows: items, considered } = await this.repository.topMovies(params);
    return { ...envelope(considered), items };
  }

  private async topRevenuePerYear(params: TopRevenuePerYearParams, envelope: (n: number) => AnswerView): Promise<TopRevenuePerYearAnswer> {
    const { rows: items, considered } = await this.repository.topRevenuePerYear(params);
    return { ...envelope(considered), items };
  }

  private async revenueVsBudget(floors: RevenueBudgetParams, envelope: (n: number) => AnswerView): Promise<RevenueVsBudgetAnswer> {
    const expected = await this.repository.countBudgetRevenuePairs(floors);
    const every = Math.max(1, Math.ceil(expected / POINTS_LIMIT));
    const budgets: number[] = [];
    const revenues: number[] = [];
    const points: RevenueVsBudgetAnswer['points'] = [];
    for await (const pair of this.repository.budgetRevenuePairs(floors)) {
      if (budgets.length % every === 0) points.push(pair);
      budgets.push(pair.budget);
      revenues.push(pair.revenue);
    }
    const fit = leastSquares(budgets, revenues);
    const logBudgets = budgets.map(Math.log10);
    const logRevenues = revenues.map(Math.log10);
    const logFit = leastSquares(logBudgets, logRevenues);
    return {
      ...envelope(budgets.length),
      n: budgets.length,
      pearson: roundTo(pearson(budgets, revenues), 4),
      spearman: roundTo(spearman(budgets, revenues), 4),
      slope: roundTo(fit?.slope ?? null, 4),
      intercept: roundTo(fit?.intercept ?? null, 0),
      r2: roundTo(fit ? rSquared(budgets, revenues, fit) : null, 4),
      log10: {
        pearson: roundTo(pearson(logBudgets, logRevenues), 4),
        slope: roundTo(logFit?.slope ?? null, 4),
        intercept: roundTo(logFit?.intercept ?? null, 4),
        r2: roundTo(logFit ? rSquared(logBudgets, logRevenues, logFit) : null, 4),
      },
      pointsSampled: every > 1,
      points,
      items: points,
    };
  }

  private async dataQuality(envelope: (n: number) => AnswerView): Promise<DataQualityAnswer> {
    const { total, checks } = await this.repository.dataQuality();
    const items = checks.map((c, index) => ({ check: c.check, description: QUALITY_CHECKS[index]!.description, count: c.count, examples: c.examples }));
    return { ...envelope(total), total, items };
  }
}

/** Among the items with the least value, the first in answer order (ties were already broken there). */
function firstOfLeast<T>(items: readonly T[], value: (item: T) => number): T | null {
  if (items.length === 0) return null;
  const least = Math.min(...items.map(value));
  return items.find((item) => value(item) === least) ?? null;
}
