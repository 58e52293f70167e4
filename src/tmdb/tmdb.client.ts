import { Logger, type LoggerService } from '@nestjs/common';
import { abortableSleep } from './abortable-sleep.js';
import { backoffDelay, parseRetryAfter, type BackoffOptions } from './backoff.js';
import { TmdbKeyPool, type TmdbKey } from './key-pool.js';
import { PayloadError, type Check } from './payload.validator.js';
import { TmdbError, TmdbErrorCode } from './tmdb.errors.js';
import * as payloads from './tmdb.payloads.js';
import type { TmdbChange, TmdbGenre, TmdbLanguage, TmdbListMovie, TmdbMovieDetails, TmdbPage } from './tmdb.types.js';
import { TokenBucket } from './token-bucket.js';

export interface TmdbClientOptions {
  apiKeys: string[];
  baseUrl: string;
  requestsPerSecond: number;
  /** Per attempt. */
  timeoutMs: number;
  maxAttempts: number;
  /** Highest page TMDB serves for a list. */
  pageCap: number;
  /** Requests the bucket lets through at once after a quiet spell (default: one second's worth). */
  burst?: number;
  /** Default 500 ms doubling up to 30 s, full jitter. */
  backoff?: BackoffOptions;
  /** A longer `Retry-After` is cut to this (default 60 s), so one answer cannot park a job for hours. */
  maxRetryAfterMs?: number;
  /** Consecutive 429s that set a key aside (default 10) and for how long (default 60 s). */
  rateLimitStrikes?: number;
  keyCooldownMs?: number;
  logger?: Pick<LoggerService, 'warn'>;
  random?: () => number;
  /** Told of every request's outcome (an HTTP status, `timeout` or `network`), for metrics. */
  onOutcome?: (outcome: string) => void;
}

export interface TmdbCallOptions {
  /** Aborts the request and any wait (rate limit, backoff) at once. */
  signal?: AbortSignal;
}

export interface DiscoverQuery {
  page: number;
  sortBy?: string;
  /** Inclusive `YYYY-MM-DD` bounds on the primary release date. */
  releaseFrom?: string;
  releaseTo?: string;
}

/** TMDB refuses a `/movie/changes` window longer than this. */
export const TMDB_CHANGES_MAX_DAYS = 14;

type Query = Record<string, string | number | undefined>;
type Outcome = { kind: 'response'; status: number; retryAfterMs: number | null; body: string } | { kind: 'timeout' } | { kind: 'network'; reason: string };

/**
 * The only code that speaks TMDB's HTTP API: keys, a shared rate limit, retries with backoff
 * and `Retry-After`, a timeout on every attempt, validated answers and errors with codes.
 */
export class TmdbClient {
  private readonly keys: TmdbKeyPool;
  private readonly bucket: TokenBucket;
  private readonly logger: Pick<LoggerService, 'warn'>;
  private readonly baseUrl: string;
  private readonly backoff: BackoffOptions;
  private readonly maxRetryAfterMs: number;
  private readonly setAsideMessage: string;

  constructor(private readonly options: TmdbClientOptions) {
    const strikes = options.rateLimitStrikes ?? 10;
    const cooldownMs = options.keyCooldownMs ?? 60_000;
    this.keys = new TmdbKeyPool(options.apiKeys, { strikes, cooldownMs });
    this.bucket = new TokenBucket(options.requestsPerSecond, options.burst ?? options.requestsPerSecond);
    this.logger = options.logger ?? new Logger(TmdbClient.name);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.setAsideMessage = `answered 429 ${strikes} times in a row; set aside for ${cooldownMs} ms`;
  }

  get pageCap(): number {
    return this.options.pageCap;
  }

  /** Called when a job starts or resumes: keys refused by an earlier job are tried again, once each. */
  reinstateKeys(): void {
    const count = this.keys.reinstate();
    if (count > 0) this.warn(`${count} TMDB key(s) refused earlier are tried again for a new job`);
  }

  /** `/discover/movie`, by revenue unless told otherwise. */
  async discover({ page, sortBy = 'revenue.desc', releaseFrom, releaseTo }: DiscoverQuery, call?: TmdbCallOptions): Promise<TmdbPage<TmdbListMovie>> {
    this.assertPage('/discover/movie', page);
    const query = { sort_by: sortBy, 'primary_release_date.gte': releaseFrom, 'primary_release_date.lte': releaseTo, page };
    return this.get('/discover/movie', query, payloads.page(payloads.listMovie), call);
  }

  async topRated({ page }: { page: number }, call?: TmdbCallOptions): Promise<TmdbPage<TmdbListMovie>> {
    this.assertPage('/movie/top_rated', page);
    return this.get('/movie/top_rated', { page }, payloads.page(payloads.listMovie), call);
  }

  /** `/movie/{id}` carries budget, revenue, genres, runtime and spoken languages itself: no `append_to_response` needed. */
  async movieDetails(id: number, call?: TmdbCallOptions): Promise<TmdbMovieDetails> {
    if (!Number.isSafeInteger(id) || id < 1)
      throw new TmdbError(TmdbErrorCode.INVALID_REQUEST, `TMDB movie id must be a positive integer, got ${id}`, { operation: '/movie/{id}' });
    return this.get(`/movie/${id}`, {}, payloads.movieDetails, call);
  }

  genres(call?: TmdbCallOptions): Promise<TmdbGenre[]> {
    return this.get('/genre/movie/list', {}, payloads.genreList, call);
  }

  languages(call?: TmdbCallOptions): Promise<TmdbLanguage[]> {
    return this.get('/configuration/languages', {}, payloads.languageList, call);
  }

  /** Ids of movies changed between two `YYYY-MM-DD` dates, at most 14 days apart. */
  async changes({ page, startDate, endDate }: { page: number; startDate: string; endDate: string }, call?: TmdbCallOptions): Promise<TmdbPage<TmdbChange>> {
    this.assertPage('/movie/changes', page);
    return this.get('/movie/changes', { start_date: startDate, end_date: endDate, page }, payloads.page(payloads.change), call);
  }

  private assertPage(path: string, page: number): void {
    if (!Number.isSafeInteger(page) || page < 1 || page > this.pageCap) {
      throw new TmdbError(TmdbErrorCode.INVALID_REQUEST, `TMDB ${path} page ${page} is outside 1…${this.pageCap} (TMDB_PAGE_CAP)`, { operation: path });
    }
  }

  private async get<T>(path: string, query: Query, check: Check<T>, { signal }: TmdbCallOptions = {}): Promise<T> {
    const operation = describeOperation(path, query);
    const { maxAttempts } = this.options;
    let attempts = 0;
    for (;;) {
      const key = await this.usableKey(operation, signal);
      await this.bucket.take(signal);
      attempts++;
      const outcome = await this.send(path, query, key, signal);
      this.options.onOutcome?.(outcome.kind === 'response' ? String(outcome.status) : outcome.kind);
      if (outcome.kind === 'response') {
        const { status } = outcome;
        if (status >= 200 && status < 300) {
          this.keys.succeeded(key);
          return this.parse(operation, outcome.body, check);
        }
        if (status === 401) {
          // The key, not the request, failed: it does not use up an attempt.
          attempts--;
          if (this.keys.revoke(key)) this.warn(`TMDB refused key ${key.position} of ${this.keys.size} (401 on ${operation}); set aside, using the next key`);
          continue;
        }
        const permanent = this.permanentFailure(operation, outcome.status, outcome.body, attempts);
        if (permanent) throw permanent;
        if (status === 429 && this.keys.rateLimited(key)) this.warn(`TMDB key ${key.position} of ${this.keys.size} ${this.setAsideMessage}`);
      }
      if (attempts >= maxAttempts) throw this.exhausted(operation, outcome, attempts);
      const retryAfter = outcome.kind === 'response' ? outcome.retryAfterMs : null;
      const delay = retryAfter !== null ? Math.min(retryAfter, this.maxRetryAfterMs) : backoffDelay(attempts, this.backoff, this.options.random);
      this.warn(`TMDB ${operation} ${describeOutcome(outcome, this.options.timeoutMs)}; retrying in ${delay} ms (attempt ${attempts + 1} of ${maxAttempts})`);
      await abortableSleep(delay, signal);
    }
  }

  /** 404, 403 and other 4xx but 429: retrying would get the same answer. */
  private permanentFailure(operation: string, status: number, body: string, attempts: number): TmdbError | null {
    const details = { operation, status, attempts };
    if (status === 404) return new TmdbError(TmdbErrorCode.NOT_FOUND, `TMDB ${operation} was not found (404)`, details);
    if (status === 403)
      return new TmdbError(TmdbErrorCode.UNAUTHORIZED, this.keys.redact(`TMDB ${operation} was forbidden (403${statusMessage(body)})`), details);
    if (status === 429 || status >= 500) return null;
    return new TmdbError(TmdbErrorCode.INVALID_REQUEST, this.keys.redact(`TMDB ${operation} refused the request (${status}${statusMessage(body)})`), details);
  }

  private async usableKey(operation: string, signal?: AbortSignal): Promise<TmdbKey> {
    for (;;) {
      const pick = this.keys.pick();
      if ('key' in pick) return pick.key;
      if ('none' in pick) {
        const why = this.keys.size === 0 ? 'no TMDB key is configured (TMDB_API_KEYS)' : `all ${this.keys.size} TMDB keys were refused (401)`;
        throw new TmdbError(TmdbErrorCode.NO_USABLE_KEY, `TMDB ${operation} not sent: ${why}`, { operation });
      }
      await abortableSleep(pick.waitMs, signal);
    }
  }

  private async send(path: string, query: Query, key: TmdbKey, signal?: AbortSignal): Promise<Outcome> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (key.kind === 'bearer') headers['authorization'] = `Bearer ${key.secret}`;
    else url.searchParams.set('api_key', key.secret);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await fetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      const body = await response.text();
      return { kind: 'response', status: response.status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')), body };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) return { kind: 'timeout' };
      // fetch's errors can carry the URL, and a v3 key is in it: only the redacted cause goes on.
      return { kind: 'network', reason: this.keys.redact(networkReason(error)) };
    }
  }

  private parse<T>(operation: string, body: string, check: Check<T>): T {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new TmdbError(TmdbErrorCode.BAD_RESPONSE, `TMDB ${operation} answered a body that is not JSON`, { operation, status: 200 });
    }
    try {
      return check(json, '');
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      throw new TmdbError(TmdbErrorCode.BAD_RESPONSE, this.keys.redact(`TMDB ${operation} answered a malformed payload: ${error.message}`), {
        operation,
        status: 200,
      });
    }
  }

  private exhausted(operation: string, outcome: Outcome, attempts: number): TmdbError {
    const details = { operation, attempts, status: outcome.kind === 'response' ? outcome.status : undefined };
    switch (outcome.kind) {
      case 'timeout':
        return new TmdbError(TmdbErrorCode.TIMEOUT, `TMDB ${operation} timed out after ${this.options.timeoutMs} ms (${attempts} attempts)`, details);
      case 'network':
        return new TmdbError(TmdbErrorCode.NETWORK, `TMDB ${operation} could not be reached: ${outcome.reason} (${attempts} attempts)`, details);
      case 'response':
        return outcome.status === 429
          ? new TmdbError(TmdbErrorCode.RATE_LIMITED, `TMDB ${operation} was still rate limited (429) after ${attempts} attempts`, details)
          : new TmdbError(TmdbErrorCode.SERVER_ERROR, `TMDB ${operation} answered ${outcome.status} after ${attempts} attempts`, details);
    }
  }

  private warn(message: string): void {
    this.logger.warn(this.keys.redact(message));
  }
}

/** The path and its non-secret query, as errors and logs name a call. */
function describeOperation(path: string, query: Query): string {
  const params = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${value}`);
  return params.length ? `${path}?${params.join('&')}` : path;
}

function describeOutcome(outcome: Outcome, timeoutMs: number): string {
  if (outcome.kind === 'timeout') return `timed out after ${timeoutMs} ms`;
  if (outcome.kind === 'network') return `could not be reached: ${outcome.reason}`;
  return `answered ${outcome.status}`;
}

/** TMDB's own explanation from an error body (`status_message`), when there is one. */
function statusMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { status_message?: unknown }).status_message;
    return typeof message === 'string' ? `: ${message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
