import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TmdbMovieDetails } from '../../../src/tmdb/tmdb.types.js';
import { GENRES, LANGUAGES, listItem } from './movie.factory.js';

export interface FakeTmdbOptions {
  /** Keys the server accepts, as a v4 bearer token or a v3 `api_key`. */
  keys: string[];
  movies?: TmdbMovieDetails[];
  /** Movie changes `/movie/changes` reports: the id and the day it changed. */
  changes?: { id: number; date: string }[];
  /** Highest page served (TMDB: 500 or 1000 depending on which page of its docs you read). */
  pageCap?: number;
}

export interface SeenRequest {
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  status: number;
}

/** What the server answers instead of the real thing, for the next `times` matching requests. */
export type Fault = { times: number; path?: RegExp; key?: string } & (
  { status: number; headers?: Record<string, string>; body?: unknown } | { delayMs: number } | { rawBody: string }
);

const PER_PAGE = 20;
const CHANGES_PER_PAGE = 100;
const NOT_FOUND = { success: false, status_code: 34, status_message: 'The resource you requested could not be found.' };

/**
 * A loopback server speaking TMDB v3's shapes, statuses and headers, with fault injection.
 * It records every request (path, query, auth header), so tests assert on what the client sent.
 */
export class FakeTmdb {
  readonly requests: SeenRequest[] = [];
  private readonly faults: Fault[] = [];
  private readonly revoked = new Set<string>();
  private readonly pageCap: number;
  private baseUrlValue = '';

  private constructor(
    private readonly server: Server,
    private readonly options: FakeTmdbOptions,
  ) {
    this.pageCap = options.pageCap ?? 500;
  }

  static async start(options: FakeTmdbOptions): Promise<FakeTmdb> {
    const server = createServer();
    const fake = new FakeTmdb(server, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.baseUrlValue = `http://127.0.0.1:${(server.address() as AddressInfo).port}/3`;
    return fake;
  }

  /** What `TMDB_BASE_URL` should be. */
  get baseUrl(): string {
    return this.baseUrlValue;
  }

  /** From now on the key is answered 401, as TMDB answers a revoked or suspended key. */
  revokeKey(key: string): void {
    this.revoked.add(key);
  }

  /** The key is accepted again (a renewed subscription). */
  restoreKey(key: string): void {
    this.revoked.delete(key);
  }

  /** Ends every injected fault (the outage is over). */
  clearFaults(): void {
    this.faults.length = 0;
  }

  inject(fault: Fault): void {
    this.faults.push(fault);
  }

  rateLimit({ times, retryAfter, path, key }: { times: number; retryAfter?: string; path?: RegExp; key?: string }): void {
    const body = { success: false, status_code: 25, status_message: 'Your request count (#) is over the allowed limit of (40).' };
    this.inject({ times, path, key, status: 429, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter }, body });
  }

  serverError({ times, status = 500, path }: { times: number; status?: number; path?: RegExp }): void {
    this.inject({ times, path, status, body: { success: false, status_code: 11, status_message: 'Internal error: Something went wrong, contact TMDB.' } });
  }

  slow({ times, delayMs, path }: { times: number; delayMs: number; path?: RegExp }): void {
    this.inject({ times, path, delayMs });
  }

  /** A 200 whose body is `body` (serialised unless already a string). */
  malformed({ times, body, path }: { times: number; body: unknown; path?: RegExp }): void {
    this.inject({ times, path, rawBody: typeof body === 'string' ? body : JSON.stringify(body) });
  }

  requestsTo(path: RegExp): SeenRequest[] {
    return this.requests.filter((r) => path.test(r.path));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const seen: SeenRequest = { path: url.pathname, query, authorization: req.headers.authorization, status: 0 };
    this.requests.push(seen);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      seen.status = status;
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };

    const key = req.headers.authorization?.replace(/^Bearer /, '') ?? query['api_key'];
    if (!key || !this.options.keys.includes(key) || this.revoked.has(key)) {
      return send(401, { status_code: 7, status_message: 'Invalid API key: You must be granted a valid key.', success: false });
    }
    const fault = this.faults.find((f) => f.times > 0 && (!f.path || f.path.test(url.pathname)) && (!f.key || f.key === key));
    if (fault) {
      fault.times--;
      if ('delayMs' in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      else if ('rawBody' in fault) return send(200, fault.rawBody);
      else return send(fault.status, fault.body ?? '', fault.headers);
    }
    const [status, body] = this.route(url.pathname.replace(/^\/3/, ''), url.searchParams);
    send(status, body);
  }

  private route(path: string, q: URLSearchParams): [number, unknown] {
    const movies = this.options.movies ?? [];
    if (path === '/discover/movie') {
      const from = q.get('primary_release_date.gte');
      const to = q.get('primary_release_date.lte');
      const inRange = movies.filter((m) => (!from && !to) || (m.release_date && (!from || m.release_date >= from) && (!to || m.release_date <= to)));
      if (q.get('sort_by') && q.get('sort_by') !== 'revenue.desc')
        return [422, { success: false, status_code: 5, status_message: 'Invalid parameters: this fake sorts by revenue.desc only.' }];
      return this.paged(q, inRange.sort(by((m) => m.revenue ?? 0)).map(listItem));
    }
    if (path === '/movie/top_rated') return this.paged(q, [...movies].sort(by((m) => m.vote_average ?? 0)).map(listItem));
    if (path === '/movie/changes') return this.changes(q);
    if (path === '/genre/movie/list') return [200, { genres: GENRES }];
    if (path === '/configuration/languages') return [200, LANGUAGES];
    const match = /^\/movie\/(\d+)$/.exec(path);
    if (match) {
      const movie = movies.find((m) => m.id === Number(match[1]));
      if (!movie) return [404, NOT_FOUND];
      const appended = (q.get('append_to_response') ?? '').split(',').filter(Boolean);
      return [200, { ...movie, adult: false, imdb_id: `tt${movie.id}`, ...Object.fromEntries(appended.map((name) => [name, appendix(name)])) }];
    }
    return [404, NOT_FOUND];
  }

  private paged<T>(q: URLSearchParams, items: T[], perPage = PER_PAGE): [number, unknown] {
    const page = Number(q.get('page') ?? '1');
    if (!Number.isInteger(page) || page < 1 || page > this.pageCap) {
      return [
        400,
        { success: false, status_code: 22, status_message: `Invalid page: Pages start at 1 and max at ${this.pageCap}. They are expected to be an integer.` },
      ];
    }
    const totalPages = Math.ceil(items.length / perPage);
    const results = items.slice((page - 1) * perPage, page * perPage);
    return [200, { page, results, total_pages: Math.min(totalPages, this.pageCap), total_results: items.length }];
  }

  private changes(q: URLSearchParams): [number, unknown] {
    const start = q.get('start_date') ?? '';
    const end = q.get('end_date') ?? '';
    const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
    if (!(days >= 0 && days <= 14))
      return [422, { success: false, status_code: 20, status_message: 'Invalid date range: Should be a range no longer than 14 days.' }];
    const changed = (this.options.changes ?? []).filter((c) => c.date >= start && c.date <= end).map((c) => ({ id: c.id, adult: false }));
    return this.paged(q, changed, CHANGES_PER_PAGE);
  }
}

/** Descending by `value`, then by id, so pages are stable. */
function by(value: (m: TmdbMovieDetails) => number): (a: TmdbMovieDetails, b: TmdbMovieDetails) => number {
  return (a, b) => value(b) - value(a) || a.id - b.id;
}

function appendix(name: string): unknown {
  if (name === 'credits') return { cast: [], crew: [] };
  if (name === 'keywords') return { keywords: [] };
  return { results: [] };
}
