import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess } from './support/app-process.js';
import { expectEventually } from './support/expect-eventually.js';
import { FakeTmdb } from './support/fake-tmdb/fake-tmdb.server.js';
import { movieCatalog } from './support/fake-tmdb/movie.factory.js';
import { isolatedEnv, MONGO_BASE, TEST_ADMIN_KEY } from './support/test-app.js';

// A v3 key (sent as ?api_key=, the riskiest for leaks) and a v4 read token (sent as a bearer header).
const V3_KEY = '0123456789abcdef0123456789abcdef';
const V4_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.e2e-read-token-for-the-fake-tmdb.c2lnbmF0dXJl';
const MOVIES = 200; // 10 pages of top-rated

interface JobBody {
  id: string;
  state: string;
  lastError: string | null;
  resumes: number;
  checkpoint: Record<string, unknown> | null;
  progress: { pagesRead: number; totalPages: number | null; moviesRead: number; produced: number; persisted: number; failed: number };
}

describe('TMDB ingest through Kafka, against a fake TMDB that misbehaves', () => {
  let fake: FakeTmdb;
  let app: AppProcess;
  let mongo: MongoClient;
  let db: Db;

  beforeAll(async () => {
    fake = await FakeTmdb.start({ keys: [V3_KEY, V4_TOKEN], movies: movieCatalog(MOVIES) });
    const env = isolatedEnv({
      TMDB_API_KEYS: `${V3_KEY},${V4_TOKEN}`,
      TMDB_BASE_URL: fake.baseUrl,
      TMDB_REQUESTS_PER_SECOND: '40',
      TMDB_TIMEOUT_MS: '1000',
      TMDB_MAX_ATTEMPTS: '6',
      INGEST_DETAILS_CONCURRENCY: '4',
      LOG_LEVEL: 'debug',
    });
    app = await AppProcess.start('tmdb-ingest', env);
    mongo = await MongoClient.connect(MONGO_BASE);
    db = mongo.db(new URL(env['MONGODB_URI']!).pathname.slice(1));
  });
  afterAll(async () => {
    await app?.stop('SIGTERM');
    await db?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await fake?.close();
  });

  const job = async (id: string) => (await app.http.get(`/ingest/jobs/${id}`).expect(200)).body as JobBody;
  /** The job once it is in `state` (its record at that moment). */
  const jobIn = (id: string, state: string, timeoutMs: number) =>
    expectEventually(
      async () => {
        const current = await job(id);
        expect(current.state).toBe(state);
        return current;
      },
      { timeoutMs },
    );

  it('completes a top-rated ingest through a revoked key, 429s with Retry-After, 500s and timeouts, with progress visible', async () => {
    fake.revokeKey(V3_KEY);
    fake.rateLimit({ times: 6, retryAfter: '1', path: /\/movie\/\d+$/ });
    fake.serverError({ times: 5, path: /\/movie\/\d+$/ });
    fake.serverError({ times: 2, status: 503, path: /top_rated/ });
    fake.slow({ times: 3, delayMs: 1500, path: /\/movie\/\d+$/ });

    const res = await app.http.post('/ingest').set('x-api-key', TEST_ADMIN_KEY).send({ source: 'tmdb-top-rated', pages: 10 });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const id = res.body.id as string;

    const seen: JobBody[] = [];
    const done = await expectEventually(
      async () => {
        const current = await job(id);
        seen.push(current);
        expect(current.state).not.toBe('failed');
        expect(current.state).toBe('completed');
        expect(current.progress.persisted).toBe(MOVIES);
        return current;
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    // Progress was visible while it ran: some answer showed a running job part-way through.
    expect(seen.some((j) => j.state === 'running' && j.progress.pagesRead > 0 && j.progress.pagesRead < 10)).toBe(true);
    expect(done.progress).toMatchObject({ pagesRead: 10, totalPages: 10, moviesRead: MOVIES, produced: MOVIES, persisted: MOVIES, failed: 0 });
    expect(await db.collection('movies').countDocuments()).toBe(MOVIES);
    expect((await db.collection('movies').distinct('tmdbId')).length).toBe(MOVIES);
    const sample = await db.collection('movies').findOne({ tmdbId: 1 });
    expect(sample).toMatchObject({ sources: ['tmdb-top-rated'] });
    expect(sample?.['budget']).toBeGreaterThan(0);

    // The faults really happened, and the revoked key was set aside after its 401.
    const statuses = fake.requests.map((r) => r.status);
    for (const status of [401, 429, 500, 503]) expect(statuses).toContain(status);
    const v3Calls = fake.requests.filter((r) => r.query['api_key'] === V3_KEY);
    expect(v3Calls.length).toBeGreaterThan(0);
    expect(v3Calls.every((r) => r.status === 401)).toBe(true);
    console.info(
      `[tmdb] ${fake.requests.length} TMDB requests: ${[401, 429, 500, 503].map((s) => `${statuses.filter((x) => x === s).length}×${s}`).join(', ')}; ${MOVIES} movies persisted`,
    );
    const metrics = (await app.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/tmdb_requests_total\{outcome="429"\} [1-9]/);
    expect(metrics).toMatch(/tmdb_requests_total\{outcome="200"\} [1-9]/);
  }, 180_000);

  it('fails cleanly with its checkpoint when every key is revoked, and resumes to the same count', async () => {
    await db.collection('movies').deleteMany({});
    fake.revokeKey(V3_KEY);
    fake.restoreKey(V4_TOKEN);
    // The token stops working part-way through: after 3 pages' worth of details.
    let served = 0;
    const detailsBefore = fake.requestsTo(/\/movie\/\d+$/).length;
    const res = await app.http.post('/ingest').set('x-api-key', TEST_ADMIN_KEY).send({ source: 'tmdb-top-rated', pages: 10 });
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    await expectEventually(
      () => {
        served = fake.requestsTo(/\/movie\/\d+$/).length - detailsBefore;
        expect(served).toBeGreaterThanOrEqual(60);
      },
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    fake.revokeKey(V4_TOKEN);
    const failed = await jobIn(id, 'failed', 60_000);
    expect(failed.lastError).toMatch(/key/i);
    expect(failed.checkpoint).toMatchObject({ page: expect.any(Number) as number });
    const stoppedAt = failed.checkpoint!['page'] as number;
    expect(stoppedAt).toBeLessThan(10);

    fake.restoreKey(V4_TOKEN);
    const resumed = await app.http.post(`/ingest/jobs/${id}/resume`).set('x-api-key', TEST_ADMIN_KEY);
    expect(resumed.status).toBe(202);
    const done = await expectEventually(
      async () => {
        const current = await job(id);
        expect(current.state).toBe('completed');
        expect(current.progress.persisted).toBeGreaterThanOrEqual(MOVIES);
        return current;
      },
      { timeoutMs: 120_000 },
    );
    expect(done.resumes).toBeGreaterThanOrEqual(1);
    expect(await db.collection('movies').countDocuments()).toBe(MOVIES);
    const distinct = (await db.collection('movies').distinct('tmdbId')).length;
    console.info(
      `[fault] TMDB keys revoked at page ${stoppedAt + 1}: job failed with "${failed.lastError}", resumed, ${MOVIES} documents for ${distinct} distinct ids, persisted writes ${done.progress.persisted} for ${done.progress.produced} messages produced`,
    );
    // A completed job does not resume again.
    expect((await app.http.post(`/ingest/jobs/${id}/resume`).set('x-api-key', TEST_ADMIN_KEY)).status).toBe(409);
  }, 240_000);

  it('fails with its checkpoint during a TMDB outage longer than the retry budget, skips nothing, and resumes to the same count', async () => {
    await db.collection('movies').deleteMany({});
    fake.restoreKey(V3_KEY);
    fake.restoreKey(V4_TOKEN);
    const pagesBefore = fake.requestsTo(/top_rated/).length;
    const res = await app.http.post('/ingest').set('x-api-key', TEST_ADMIN_KEY).send({ source: 'tmdb-top-rated', pages: 10 });
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    // After 4 list pages, TMDB answers 503 to everything, far longer than the client's 6 attempts.
    await expectEventually(() => expect(fake.requestsTo(/top_rated/).length - pagesBefore).toBeGreaterThanOrEqual(4), { timeoutMs: 60_000, intervalMs: 20 });
    fake.serverError({ times: 10_000, status: 503 });
    const failed = await jobIn(id, 'failed', 90_000);
    expect(failed.lastError).toMatch(/503|TMDB/);
    const stoppedAt = (failed.checkpoint?.['page'] as number | undefined) ?? 0;
    expect(stoppedAt).toBeLessThan(10);
    // Outage over: the job resumes from its checkpoint; no page was skipped on the way.
    fake.clearFaults();
    const resumed = await app.http.post(`/ingest/jobs/${id}/resume`).set('x-api-key', TEST_ADMIN_KEY);
    expect(resumed.status).toBe(202);
    await expectEventually(
      async () => {
        const current = await job(id);
        expect(current.state).toBe('completed');
        expect(current.progress.failed).toBe(0);
      },
      { timeoutMs: 120_000 },
    );
    await expectEventually(async () => expect(await db.collection('movies').countDocuments()).toBe(MOVIES), { timeoutMs: 60_000 });
    const distinct = (await db.collection('movies').distinct('tmdbId')).length;
    console.info(
      `[fault] TMDB outage (503s) after page ${stoppedAt}: job failed with "${failed.lastError}", resumed, ${distinct} distinct movies stored of ${MOVIES} expected (${MOVIES - distinct} skipped)`,
    );
  }, 300_000);

  it('never writes a TMDB key into a log line, a job record or an answer', async () => {
    const log = readFileSync(resolve(import.meta.dirname, '..', 'test-artifacts', 'tmdb-ingest.log'), 'utf8');
    expect(log.length).toBeGreaterThan(1000);
    expect(log).toContain('set aside');
    const jobs = JSON.stringify(await db.collection('ingest_jobs').find().toArray());
    const answers = JSON.stringify((await app.http.get('/ingest/jobs').expect(200)).body);
    for (const secret of [V3_KEY, V4_TOKEN]) {
      expect(log).not.toContain(secret);
      expect(jobs).not.toContain(secret);
      expect(answers).not.toContain(secret);
    }
  });
});
