import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { TmdbChangesSource, TmdbDiscoverSource, TmdbTopRatedSource } from '../src/ingest/sources/tmdb.sources.js';
import type { Checkpoint, SourceChunk } from '../src/ingest/sources/ingest-source.js';
import { loadConfig } from '../src/config/app-config.js';
import { ConfigModule } from '../src/config/config.module.js';
import { daysBetween } from '../src/tmdb/date-window.js';
import { TmdbClient, type TmdbClientOptions } from '../src/tmdb/tmdb.client.js';
import { TmdbError, TmdbErrorCode } from '../src/tmdb/tmdb.errors.js';
import { TmdbModule } from '../src/tmdb/tmdb.module.js';
import { MetricsModule } from '../src/common/metrics.module.js';
import { FakeTmdb, type FakeTmdbOptions } from './support/fake-tmdb/fake-tmdb.server.js';
import { movieCatalog, movieFactory } from './support/fake-tmdb/movie.factory.js';

const V4_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJlMmUtdGVzdCIsInNjb3BlcyI6WyJhcGlfcmVhZCJdfQ.c2lnbmF0dXJlLWUyZQ';
const V4_SPARE = 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJlMmUtc3BhcmUiLCJzY29wZXMiOlsiYXBpX3JlYWQiXX0.c3BhcmUtc2lnbmF0dXJl';
const V3_KEY = '0123456789abcdef0123456789abcdef';
const ALL_KEYS = [V4_TOKEN, V4_SPARE, V3_KEY];

/** Every error message and log line of this file, checked for keys at the end. */
const exits: string[] = [];
let fake: FakeTmdb | undefined;

async function startFake(options: Partial<FakeTmdbOptions> = {}): Promise<FakeTmdb> {
  fake = await FakeTmdb.start({ keys: ALL_KEYS, movies: movieCatalog(45), ...options });
  return fake;
}

function clientFor(server: FakeTmdb, options: Partial<TmdbClientOptions> = {}): { tmdb: TmdbClient; logs: string[] } {
  const logs: string[] = [];
  const logger = { warn: (message: unknown) => void (logs.push(String(message)), exits.push(String(message))) };
  const tmdb = new TmdbClient({
    apiKeys: [V4_TOKEN],
    baseUrl: server.baseUrl,
    requestsPerSecond: 1000,
    timeoutMs: 300,
    maxAttempts: 3,
    pageCap: 500,
    backoff: { baseMs: 5, maxMs: 20 },
    logger,
    ...options,
  });
  return { tmdb, logs };
}

async function failureOf(call: Promise<unknown>): Promise<TmdbError> {
  const error = await call.then(
    () => expect.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TmdbError);
  exits.push((error as Error).message);
  return error as TmdbError;
}

async function readAll(
  reader: { read(from: Checkpoint | null, signal: AbortSignal): AsyncIterable<SourceChunk> },
  from: Checkpoint | null = null,
  stopAfter = Infinity,
) {
  const chunks: SourceChunk[] = [];
  for await (const chunk of reader.read(from, new AbortController().signal)) {
    chunks.push(chunk);
    exits.push(...chunk.failures.map((f) => f.reason));
    if (chunks.length >= stopAfter) break;
  }
  return { chunks, ids: chunks.flatMap((c) => c.movies.map((m) => m.id)), checkpoint: chunks.at(-1)?.checkpoint ?? null };
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('TmdbClient against the fake TMDB', () => {
  it('pages through a list, sending a v4 token as a bearer header and never in the URL', async () => {
    const server = await startFake();
    const { tmdb } = clientFor(server);
    const pages = [await tmdb.topRated({ page: 1 }), await tmdb.topRated({ page: 2 }), await tmdb.topRated({ page: 3 })];
    expect(pages.map((p) => [p.page, p.results.length, p.total_pages, p.total_results])).toEqual([
      [1, 20, 3, 45],
      [2, 20, 3, 45],
      [3, 5, 3, 45],
    ]);
    expect(new Set(pages.flatMap((p) => p.results.map((m) => m.id))).size).toBe(45);
    expect(server.requests.map((r) => [r.path, r.query['page'], r.authorization, r.query['api_key']])).toEqual([
      ['/3/movie/top_rated', '1', `Bearer ${V4_TOKEN}`, undefined],
      ['/3/movie/top_rated', '2', `Bearer ${V4_TOKEN}`, undefined],
      ['/3/movie/top_rated', '3', `Bearer ${V4_TOKEN}`, undefined],
    ]);
  });

  it('sends a 32-hex v3 key as ?api_key= (the only way TMDB takes it)', async () => {
    const server = await startFake();
    const { tmdb } = clientFor(server, { apiKeys: [V3_KEY] });
    await tmdb.genres();
    expect(server.requests[0]).toMatchObject({ path: '/3/genre/movie/list', authorization: undefined, query: { api_key: V3_KEY } });
  });

  it('reads details, genres, languages and discover filters in TMDB shapes', async () => {
    const movie = movieFactory({ id: 550, title: 'Fight Club', budget: 63_000_000, revenue: 100_853_753, release_date: '1999-10-15' });
    const server = await startFake({ movies: [movie] });
    const { tmdb } = clientFor(server);
    expect(await tmdb.movieDetails(550)).toEqual(movie);
    expect((await tmdb.genres()).map((g) => g.name)).toContain('Drama');
    expect((await tmdb.languages()).find((l) => l.iso_639_1 === 'cn')?.english_name).toBe('Cantonese');
    const found = await tmdb.discover({ page: 1, releaseFrom: '1999-01-01', releaseTo: '1999-12-31' });
    const missed = await tmdb.discover({ page: 1, releaseFrom: '2000-01-01' });
    expect([found.results.map((m) => m.id), missed.results]).toEqual([[550], []]);
    expect(server.requestsTo(/discover/)[0]!.query).toEqual({
      sort_by: 'revenue.desc',
      'primary_release_date.gte': '1999-01-01',
      'primary_release_date.lte': '1999-12-31',
      page: '1',
    });
  });

  it('answers a missing movie with NOT_FOUND at once, without retrying', async () => {
    const server = await startFake();
    const error = await failureOf(clientFor(server).tmdb.movieDetails(999_999));
    expect([error.code, error.message]).toEqual([TmdbErrorCode.NOT_FOUND, 'TMDB /movie/999999 was not found (404)']);
    expect(server.requests).toHaveLength(1);
  });

  it('sets a revoked key aside and goes on with the next one', async () => {
    const server = await startFake();
    server.revokeKey(V4_TOKEN);
    const { tmdb, logs } = clientFor(server, { apiKeys: [V4_TOKEN, V3_KEY] });
    expect((await tmdb.topRated({ page: 1 })).results).toHaveLength(20);
    await tmdb.topRated({ page: 2 });
    expect(server.requests.map((r) => [r.status, r.authorization ? 'bearer' : 'api_key'])).toEqual([
      [401, 'bearer'],
      [200, 'api_key'],
      [200, 'api_key'],
    ]);
    expect(logs).toEqual(['TMDB refused key 1 of 2 (401 on /movie/top_rated?page=1); set aside, using the next key']);
  });

  it('fails with NO_USABLE_KEY when every key is refused, or none is configured', async () => {
    const server = await startFake();
    server.revokeKey(V4_TOKEN);
    server.revokeKey(V4_SPARE);
    const refused = await failureOf(clientFor(server, { apiKeys: [V4_TOKEN, V4_SPARE] }).tmdb.movieDetails(1));
    expect([refused.code, refused.message]).toEqual([TmdbErrorCode.NO_USABLE_KEY, 'TMDB /movie/1 not sent: all 2 TMDB keys were refused (401)']);
    const none = await failureOf(clientFor(server, { apiKeys: [] }).tmdb.movieDetails(1));
    expect([none.code, none.message]).toEqual([TmdbErrorCode.NO_USABLE_KEY, 'TMDB /movie/1 not sent: no TMDB key is configured (TMDB_API_KEYS)']);
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After on a 429 before trying again', async () => {
    const server = await startFake();
    server.rateLimit({ times: 1, retryAfter: '1' });
    const { tmdb, logs } = clientFor(server);
    const started = performance.now();
    await tmdb.movieDetails(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(logs).toEqual(['TMDB /movie/1 answered 429; retrying in 1000 ms (attempt 2 of 3)']);
  });

  it('gives up on a 429 storm after maxAttempts with RATE_LIMITED', async () => {
    const server = await startFake();
    server.rateLimit({ times: 10 });
    const error = await failureOf(clientFor(server).tmdb.movieDetails(1));
    expect([error.code, error.message]).toEqual([TmdbErrorCode.RATE_LIMITED, 'TMDB /movie/1 was still rate limited (429) after 3 attempts']);
    expect(server.requests).toHaveLength(3);
  });

  it('sets a key aside after consecutive 429s and uses the next one', async () => {
    const server = await startFake();
    server.rateLimit({ times: 100, key: V4_TOKEN, retryAfter: '0' });
    const { tmdb, logs } = clientFor(server, { apiKeys: [V4_TOKEN, V4_SPARE], rateLimitStrikes: 2, keyCooldownMs: 60_000 });
    await tmdb.movieDetails(1);
    await tmdb.movieDetails(2);
    expect(server.requests.map((r) => [r.status, r.authorization === `Bearer ${V4_SPARE}` ? 'spare' : 'first'])).toEqual([
      [429, 'first'],
      [429, 'first'],
      [200, 'spare'],
      [200, 'spare'],
    ]);
    expect(logs).toContain('TMDB key 1 of 2 answered 429 2 times in a row; set aside for 60000 ms');
  });

  it('retries a 500 and succeeds; persistent 500s end in SERVER_ERROR', async () => {
    const server = await startFake();
    server.serverError({ times: 2 });
    const { tmdb } = clientFor(server);
    expect((await tmdb.movieDetails(3)).id).toBe(3);
    expect(server.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    server.serverError({ times: 3, status: 503 });
    const error = await failureOf(tmdb.movieDetails(3));
    expect([error.code, error.message]).toEqual([TmdbErrorCode.SERVER_ERROR, 'TMDB /movie/3 answered 503 after 3 attempts']);
  });

  it('retries a timeout and succeeds; persistent slowness ends in TIMEOUT naming the limit', async () => {
    const server = await startFake();
    server.slow({ times: 1, delayMs: 1000 });
    const { tmdb } = clientFor(server, { timeoutMs: 200 });
    expect((await tmdb.movieDetails(4)).id).toBe(4);
    server.slow({ times: 3, delayMs: 1000 });
    const error = await failureOf(tmdb.movieDetails(4));
    expect([error.code, error.message]).toEqual([TmdbErrorCode.TIMEOUT, 'TMDB /movie/4 timed out after 200 ms (3 attempts)']);
  });

  it('reports an unreachable server as NETWORK, without the key that was in the URL', async () => {
    const server = await startFake();
    const baseUrl = server.baseUrl;
    await server.close();
    fake = undefined;
    const { tmdb, logs } = clientFor({ baseUrl } as FakeTmdb, { apiKeys: [V3_KEY] });
    const error = await failureOf(tmdb.movieDetails(5));
    expect(error.code).toBe(TmdbErrorCode.NETWORK);
    expect(error.message).toBe('TMDB /movie/5 could not be reached: ECONNREFUSED (3 attempts)');
    expect(logs).toHaveLength(2);
  });

  it('turns a malformed payload into BAD_RESPONSE naming the operation and field, without retrying', async () => {
    const server = await startFake();
    const { tmdb } = clientFor(server);
    server.malformed({ times: 1, body: { page: 1, total_pages: 1, total_results: 1, results: [{ id: 'x' }] } });
    const wrongField = await failureOf(tmdb.topRated({ page: 1 }));
    expect([wrongField.code, wrongField.message]).toEqual([
      TmdbErrorCode.BAD_RESPONSE,
      'TMDB /movie/top_rated?page=1 answered a malformed payload: results[0].id should be an integer, got "x"',
    ]);
    server.malformed({ times: 1, body: '<html>502 Bad Gateway</html>' });
    const notJson = await failureOf(tmdb.movieDetails(6));
    expect([notJson.code, notJson.message]).toEqual([TmdbErrorCode.BAD_RESPONSE, 'TMDB /movie/6 answered a body that is not JSON']);
    server.malformed({ times: 1, body: { id: 7 } });
    expect((await failureOf(tmdb.movieDetails(7))).message).toBe('TMDB /movie/7 answered a malformed payload: title should be a string, got nothing');
    expect(server.requests).toHaveLength(3);
  });

  it('refuses a page past the cap itself, and reports TMDB refusing one as INVALID_REQUEST', async () => {
    const server = await startFake({ pageCap: 5 });
    const local = await failureOf(clientFor(server, { pageCap: 5 }).tmdb.topRated({ page: 6 }));
    expect([local.code, local.message]).toEqual([TmdbErrorCode.INVALID_REQUEST, 'TMDB /movie/top_rated page 6 is outside 1…5 (TMDB_PAGE_CAP)']);
    expect(server.requests).toHaveLength(0);
    const remote = await failureOf(clientFor(server, { pageCap: 10 }).tmdb.topRated({ page: 6 }));
    expect(remote.code).toBe(TmdbErrorCode.INVALID_REQUEST);
    expect(remote.message).toBe(
      'TMDB /movie/top_rated?page=6 refused the request (400: Invalid page: Pages start at 1 and max at 5. They are expected to be an integer.)',
    );
  });

  it('keeps concurrent calls under the rate limit', async () => {
    const server = await startFake();
    const { tmdb } = clientFor(server, { requestsPerSecond: 20, burst: 1 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => tmdb.movieDetails(i + 1)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('stops waiting as soon as the caller aborts', async () => {
    const server = await startFake();
    server.rateLimit({ times: 1, retryAfter: '30' });
    const abort = new AbortController();
    const call = clientFor(server).tmdb.movieDetails(1, { signal: abort.signal });
    setTimeout(() => abort.abort(new Error('job cancelled')), 50);
    await expect(call).rejects.toThrow('job cancelled');
  });

  it('is built by TmdbModule from the app config', async () => {
    const server = await startFake();
    const config = loadConfig({ TMDB_API_KEYS: V4_TOKEN, TMDB_BASE_URL: server.baseUrl });
    const module = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), MetricsModule, TmdbModule] }).compile();
    const tmdb = module.get(TmdbClient);
    expect(tmdb.pageCap).toBe(config.tmdb.pageCap);
    expect((await tmdb.genres()).length).toBeGreaterThan(0);
    await module.close();
  });
});

describe('TMDB sources against the fake TMDB', () => {
  it('discover reads every movie exactly once when the list is past the page cap, by splitting release dates', async () => {
    const movies = movieCatalog(450, { from: '1990-01-01', to: '2019-12-31' });
    const server = await startFake({ movies, pageCap: 5 });
    const { tmdb } = clientFor(server, { pageCap: 5 });
    const { ids, chunks } = await readAll(new TmdbDiscoverSource(tmdb, { pages: 1000, concurrency: 4 }));
    expect(ids.length).toBe(450);
    expect(new Set(ids).size).toBe(450);
    expect(chunks.flatMap((c) => c.failures)).toEqual([]);
    const lists = server.requestsTo(/discover/);
    expect(lists.every((r) => r.status === 200 && Number(r.query['page']) <= 5)).toBe(true);
    // 450 movies at 20 a page need windows of at most 100: the range was split several times.
    expect(new Set(lists.map((r) => r.query['primary_release_date.gte'])).size).toBeGreaterThanOrEqual(5);
    expect(server.requestsTo(/\/movie\/\d+$/)).toHaveLength(450);
  });

  it('discover within the cap reads the top of the list by revenue, unfiltered', async () => {
    const movies = movieCatalog(450);
    const server = await startFake({ movies, pageCap: 5 });
    const { ids } = await readAll(new TmdbDiscoverSource(clientFor(server, { pageCap: 5 }).tmdb, { pages: 3, concurrency: 4 }));
    expect(ids).toEqual(movies.slice(0, 60).map((m) => m.id));
    expect(server.requestsTo(/discover/).map((r) => r.query['primary_release_date.gte'])).toEqual([undefined, undefined, undefined]);
  });

  it('discover resumes from its JSON checkpoint (the window stack) without reading a movie twice', async () => {
    const movies = movieCatalog(300, { from: '2000-01-01', to: '2009-12-31' });
    const server = await startFake({ movies, pageCap: 4 });
    const { tmdb } = clientFor(server, { pageCap: 4 });
    const first = await readAll(new TmdbDiscoverSource(tmdb, { pages: 1000, concurrency: 4 }), null, 6);
    const stored = JSON.parse(JSON.stringify(first.checkpoint)) as Checkpoint;
    expect(stored['windows']).not.toHaveLength(0);
    const rest = await readAll(new TmdbDiscoverSource(tmdb, { pages: 1000, concurrency: 4 }), stored);
    const ids = [...first.ids, ...rest.ids];
    expect([ids.length, new Set(ids).size]).toEqual([300, 300]);
  });

  it('changes lists windows of at most 14 days, deduplicates ids, and resumes after the last id done', async () => {
    const movies = movieCatalog(60);
    const changes = movies.flatMap((m, i) => [
      { id: m.id, date: `2026-01-${String((i % 28) + 1).padStart(2, '0')}` },
      { id: m.id, date: '2026-02-03' },
    ]);
    const server = await startFake({ movies, changes: [...changes, { id: 999_999, date: '2026-01-20' }] });
    const { tmdb } = clientFor(server);
    const source = () => new TmdbChangesSource(tmdb, { pages: 100, from: '2026-01-01', to: '2026-02-10', concurrency: 4 });
    const first = await readAll(source(), null, 1);
    const rest = await readAll(source(), JSON.parse(JSON.stringify(first.checkpoint)) as Checkpoint);
    const ids = [...first.ids, ...rest.ids];
    expect([ids.length, new Set(ids).size]).toEqual([60, 60]);
    // The id TMDB reports changed but no longer serves is a recorded failure, not a crash.
    expect(rest.chunks.flatMap((c) => c.failures)).toEqual([{ ref: 'movie 999999', reason: 'TMDB /movie/999999 was not found (404)' }]);
    const windows = server.requestsTo(/changes/).map((r) => [r.query['start_date']!, r.query['end_date']!] as const);
    expect(server.requestsTo(/changes/).every((r) => r.status === 200)).toBe(true);
    expect(windows.every(([start, end]) => daysBetween(start, end) <= 14)).toBe(true);
    expect(new Set(windows.map(([start, end]) => `${start}…${end}`))).toEqual(
      new Set(['2026-01-01…2026-01-15', '2026-01-15…2026-01-29', '2026-01-29…2026-02-10']),
    );
  });

  it('a top-rated read with a revoked key, 429s and 500s still reads every movie', async () => {
    const server = await startFake({ movies: movieCatalog(45) });
    server.revokeKey(V4_TOKEN);
    server.rateLimit({ times: 2, retryAfter: '0', path: /top_rated/ });
    server.serverError({ times: 6, path: /\/movie\/\d+$/ });
    const { tmdb } = clientFor(server, { apiKeys: [V4_TOKEN, V3_KEY], maxAttempts: 5 });
    const { ids, chunks } = await readAll(new TmdbTopRatedSource(tmdb, { pages: 10, concurrency: 4 }));
    expect(new Set(ids).size).toBe(45);
    expect(chunks.flatMap((c) => c.failures)).toEqual([]);
    expect(chunks.at(-1)).toMatchObject({ pagesRead: 3, totalPages: 3, checkpoint: { page: 3 } });
  });
});

describe('secrets', () => {
  it('no key appears in any error message, failure reason or log line of this file', () => {
    expect(exits.length).toBeGreaterThan(20);
    for (const line of exits) for (const key of ALL_KEYS) expect(line).not.toContain(key);
  });
});
