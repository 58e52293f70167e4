import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DatasetVersionRepository, type DatasetVersion } from '../movies/dataset-version.repository.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { POINTS_LIMIT, QUESTIONS, type AnswerName } from './analytics.catalog.js';
import { AnalyticsMetrics } from './analytics.metrics.js';
import { AnalyticsRepository, type MovieRow } from './analytics.repository.js';
import { AnswerCache } from './answer-cache.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import type { AnswerFormat } from './dto/answer.query.dto.js';
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
} from './dto/answer.view.js';
import { withDefaults } from './dto/query-params.js';
import { QUALITY_CHECKS } from './pipelines/data-quality.pipeline.js';
import type { RatingsByLanguageParams } from './pipelines/ratings-by-language.pipeline.js';
import type { RevenueBudgetParams } from './pipelines/revenue-budget-pairs.pipeline.js';
import type { TopMoviesParams } from './pipelines/top-movies.pipeline.js';
import type { TopRatedPerYearParams } from './pipelines/top-rated-per-year.pipeline.js';
import type { TopRevenuePerYearParams } from './pipelines/top-revenue-per-year.pipeline.js';
import type { MoviesPerGenreParams } from './pipelines/movies-per-genre.pipeline.js';
import { leastSquares, pearson, roundTo, rSquared, spearman } from './statistics.js';

export interface Answers {
  languages: LanguagesAnswer;
  topRatedYears: TopRatedYearsAnswer;
  genres: GenresAnswer;
  extremes: ExtremesAnswer;
  topMovies: TopMoviesAnswer;
  topRevenuePerYear: TopRevenuePerYearAnswer;
  revenueVsBudget: RevenueVsBudgetAnswer;
  dataQuality: DataQualityAnswer;
}

/** An answer to send, or only its ETag when the client already holds it. */
export interface Reply<T> {
  etag: string;
  body: T | null;
}

const CACHE_ENTRIES = 500;

/**
 * Answers the analytics questions: each wrapped with its question, definition, parameters
 * after defaults, the movies considered and the data version; cached per dataset generation.
 */
/** How stale an answer may be while data keeps changing (the staleness target is 1 s). */
const VERSION_TTL_MS = 500;
/** While the movies changed less than this long ago, a kept answer is served during its recomputation. */
export const QUIET_MS = 3000;
/** While an ingest job runs, the longest pause in its writes that still counts as "moving". */
const INGEST_PAUSE_MS = 60_000;
/** Aggregations run at once, app-wide: two cores' worth, so reads never crowd out the ingest's writes. */
const MAX_CONCURRENT_AGGREGATIONS = 2;
/** Refresh-ahead at the end of an ingest: the answers asked for in the last 10 minutes, at most 16 of them. */
const REFRESH_AHEAD = { usedWithinMs: 10 * 60_000, limit: 16 };

@Injectable()
export class AnalyticsService {
  private readonly cache = new AnswerCache<AnswerView>(CACHE_ENTRIES);
  private readonly aggregations = new ConcurrencyLimit(MAX_CONCURRENT_AGGREGATIONS);
  private version?: { readAt: number; value: Promise<DatasetVersion> };
  /** The last version read, to see an ingest end (more was coming, now nothing is). */
  private latest?: DatasetVersion;
  private versionRefresh?: Promise<unknown>;

  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly versions: DatasetVersionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: AnalyticsMetrics,
  ) {}

  /**
   * The data version, read at most once per VERSION_TTL_MS. During an ingest the version
   * moves with every consumer batch; without this every request would recompute its answer
   * mid-ingest. After the first read it is refreshed in the background, so answers lag the
   * data by about this long plus one read, and ETag and body always agree.
   */
  async dataVersion(): Promise<DatasetVersion> {
    if (!this.config.analytics.cache) return this.versions.current();
    const now = Date.now();
    if (!this.version) {
      const value = this.versions.current();
      this.version = { readAt: now, value };
      value.then((v) => (this.latest = v)).catch(() => (this.version = undefined));
      return value;
    }
    if (now - this.version.readAt >= VERSION_TTL_MS && !this.versionRefresh) {
      // Refreshed in the background: a reader never waits on the database for the version once it has one.
      this.versionRefresh = this.versions
        .current()
        .then((value) => {
          this.version = { readAt: Date.now(), value: Promise.resolve(value) };
          this.observe(value);
        })
        .catch(() => undefined)
        .finally(() => (this.versionRefresh = undefined));
    }
    return this.version.value;
  }

  /**
   * The moment an ingest's last movie is written (more was coming, now nothing is), the answers
   * readers asked for lately start computing for the final data at once (refresh-ahead), rather than
   * each when its next reader comes after the quiet window and waits for it.
   */
  private observe(value: DatasetVersion): void {
    const previous = this.latest;
    this.latest = value;
    if (!previous?.ingesting || value.ingesting) return;
    this.cache.refreshAhead(value.generation, (key) => this.recompute(key, value), REFRESH_AHEAD);
  }

  /** The computation behind a cache key (`name:params`), at this data version. */
  private recompute(key: string, version: DatasetVersion): () => Promise<AnswerView> {
    const split = key.indexOf(':');
    const name = key.slice(0, split) as AnswerName;
    const params = JSON.parse(key.slice(split + 1)) as Record<string, unknown>;
    return () => this.computeInSlot(name, params, version);
  }

  /** The answer to one question, unless `ifNoneMatch` shows the client holds it already (checked before computing). */
  async reply<K extends AnswerName>(name: K, query: object, format: AnswerFormat, ifNoneMatch: string | undefined): Promise<Reply<Answers[K]>> {
    const params = withDefaults(QUESTIONS[name].query, query);
    const version = await this.dataVersion();
    const etag = etagOf(version, name, params, format);
    if (matchesEtag(ifNoneMatch, etag)) return { etag, body: null };
    const body = await this.answer(name, params, version);
    // While a newer answer is being computed the kept one is served: its ETag names its own data version.
    const served = body.dataVersion === version.generation ? etag : etagOf({ generation: body.dataVersion }, name, params, format);
    return { etag: served, body };
  }

  /** The answer with these parameters (already defaulted) at this data version, from the cache when it holds it. */
  async answer<K extends AnswerName>(name: K, params: Record<string, unknown>, version: DatasetVersion): Promise<Answers[K]> {
    const key = `${name}:${JSON.stringify(params)}`;
    // Stale answers only while the data is still moving (an ingest): once it has been quiet for QUIET_MS, every answer is fresh.
    // Moving: written less than QUIET_MS ago, or more is on its way (an ingest job is running, or the consumer had a
    // backlog behind its last write; batches can then pause longer than QUIET_MS, for at most INGEST_PAUSE_MS). Judged by when the last change was written, not the batch's start (updatedAt).
    const sinceWrite = version.writtenAt === null ? Infinity : Date.now() - version.writtenAt.getTime();
    const allowStale = sinceWrite < QUIET_MS || (version.ingesting && sinceWrite < INGEST_PAUSE_MS);
    // Recomputation is paced (at most a 50 % duty cycle) only while more writes are on their way; after the
    // last one, a stale read starts the fresh answer at once, so it is usually ready when the quiet window ends.
    if (!this.config.analytics.cache) return this.computeInSlot(name, params, version) as Promise<Answers[K]>;
    return this.cache.getOrCompute(key, version.generation, () => this.computeInSlot(name, params, version), {
      allowStale,
      pace: version.ingesting,
    }) as Promise<Answers[K]>;
  }

  /** The default parameters of a question, as the BI tables use them. */
  defaults(name: AnswerName): Record<string, unknown> {
    return withDefaults(QUESTIONS[name].query, {});
  }

  /** Computes in one of the aggregation slots, observing the wait for the slot and the run apart. */
  private computeInSlot(name: AnswerName, params: Record<string, unknown>, version: DatasetVersion): Promise<AnswerView> {
    const endWait = this.metrics.wait.startTimer({ answer: name });
    return this.aggregations.run(async () => {
      endWait();
      const endRun = this.metrics.run.startTimer({ answer: name });
      try {
        const answer = await this.compute(name, params, version);
        endRun({ outcome: 'ok' });
        return answer;
      } catch (error) {
        endRun({ outcome: 'error' });
        throw error;
      }
    });
  }

  private async compute(name: AnswerName, params: Record<string, unknown>, version: DatasetVersion): Promise<AnswerView> {
    const envelope = (considered: number): AnswerView => ({
      question: QUESTIONS[name].question,
      definition: QUESTIONS[name].definition,
      params,
      considered,
      dataVersion: version.generation,
      updatedAt: version.updatedAt?.toISOString() ?? null,
    });
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

/** Same data version, question, parameters and representation → same ETag, on every replica. */
export function etagOf(version: Pick<DatasetVersion, 'generation'>, endpoint: string, params: Record<string, unknown>, format: AnswerFormat): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([version.generation, endpoint, params, format]))
    .digest('base64url')
    .slice(0, 27);
  return `"${hash}"`;
}

/** `If-None-Match` holds a list of ETags (weak ones compare equal too) or `*`. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
