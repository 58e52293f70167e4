import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestJobRepository } from '../src/ingest/jobs/ingest-job.repository.js';
import { MAX_JOB_ERROR_CHARS } from '../src/ingest/jobs/ingest-job.schema.js';
import type { TmdbMovieDetails } from '../src/tmdb/tmdb.types.js';
import { kaggleCsv } from './fixtures/kaggle-csv.js';
import { tmdbMovies } from './fixtures/movies.js';
import { AppProcess } from './support/app-process.js';
import { expectEventually } from './support/expect-eventually.js';
import { KafkaTestClient } from './support/kafka-test-client.js';
import { isolatedEnv, KAFKA_BROKERS, MONGO_BASE, startTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

/**
 * Issue 15, items 1-3: no file can hold the event loop, a row that breaks the movie message
 * limits is a row failure on a job that goes on, and no error text on a job record is unbounded.
 */
interface JobBody {
  id: string;
  state: string;
  progress: { moviesRead: number; produced: number; persisted: number; failed: number; deadLettered: number };
  failures: { ref: string; reason: string }[];
  lastError: string | null;
}

type Http = TestApp['http'] | AppProcess['http'];

async function upload(http: Http, body: string): Promise<string> {
  const res = await http.post('/ingest/file').set('x-api-key', TEST_ADMIN_KEY).set('content-type', 'text/csv').send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.id as string;
}

/** Job records are read endpoints, opened by the admin key too, which the rate limit does not count (tests poll). */
async function jobOf(http: Http, id: string, key = TEST_ADMIN_KEY): Promise<JobBody> {
  return (await http.get(`/ingest/jobs/${id}`).set('x-api-key', key).expect(200)).body as JobBody;
}

async function waitForJob(http: Http, id: string, until: (job: JobBody) => boolean, timeoutMs = 90_000): Promise<JobBody> {
  return expectEventually(
    async () => {
      const job = await jobOf(http, id);
      expect(until(job), `job ${id}: ${JSON.stringify({ state: job.state, progress: job.progress, lastError: job.lastError?.slice(0, 300) })}`).toBe(true);
      return job;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

const READ_KEY = 'e2e-read-key-0123456789';

/** A budget the old number regex took 7.7 s to refuse (quadratic backtracking over the digits). */
const DIGITS_THEN_X = `${'1'.repeat(80_000)}x`;

describe('a file whose number cells held the event loop for seconds each', () => {
  const env = isolatedEnv({ INGEST_BATCH_SIZE: '100', READ_API_KEY: READ_KEY });
  let app: AppProcess;
  beforeAll(async () => {
    app = await AppProcess.start('ingest-limits', env);
  });
  afterAll(async () => {
    await app?.stop('SIGTERM', 15_000);
    const mongo = await MongoClient.connect(MONGO_BASE);
    await mongo
      .db(new URL(env['MONGODB_URI']!).pathname.slice(1))
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
    await new KafkaTestClient(KAFKA_BROKERS).deleteTopics([env['KAFKA_TOPIC_MOVIES']!, env['KAFKA_TOPIC_DEAD_LETTER']!]).catch(() => undefined);
  });

  it('refuses each such cell as a row failure naming its line, and /health/live answers within 1 s throughout the read', async () => {
    // 5,000 rows, one in 50 with a budget of 80,000 digits and an x: 8 MB, which the old regex needed 13 minutes for.
    const isBad = (i: number) => i % 50 === 25;
    const movies = tmdbMovies(5000).map((m, i) => (isBad(i) ? { ...m, budget: DIGITS_THEN_X as unknown as number } : m));
    const badLines = movies.flatMap((_, i) => (isBad(i) ? [i + 2] : []));
    const id = await upload(app.http, kaggleCsv(movies));

    const polls: { ms: number; state: string }[] = [];
    const deadline = Date.now() + 120_000;
    for (let state = 'queued'; (state === 'queued' || state === 'running') && Date.now() < deadline;) {
      const started = performance.now();
      const live = await app.http
        .get('/health/live')
        .timeout(5_000)
        .then((res) => res.status)
        .catch((error: Error) => error.message);
      const ms = Math.round(performance.now() - started);
      if (live !== 200) {
        polls.push({ ms, state: `no answer (${live})` });
        break;
      }
      // The shared MongoDB may be restarted by another suite's fault test: a 503 here is not this test's subject.
      const record = await app.http.get(`/ingest/jobs/${id}`).set('x-api-key', TEST_ADMIN_KEY);
      if (record.status === 200) state = (record.body as JobBody).state;
      polls.push({ ms, state: record.status === 200 ? state : `job record ${record.status}` });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(polls.filter((p) => p.ms >= 1000)).toEqual([]);
    expect(polls.filter((p) => p.state === 'running').length, JSON.stringify(polls)).toBeGreaterThan(0);

    const job = await waitForJob(app.http, id, (j) => j.state === 'completed' && j.progress.persisted >= 4900);
    expect(job.progress).toMatchObject({ moviesRead: 5000, produced: 4900, failed: 100, persisted: 4900, deadLettered: 0 });
    expect(job.failures.map((f) => [f.ref, f.reason])).toEqual(
      badLines.map((line) => [`line ${line}`, `line ${line}: column budget is 80001 characters long, more than the 40 a number may have`]),
    );
    console.info(`[limits] ${polls.length} health polls during the read, slowest ${Math.max(...polls.map((p) => p.ms))} ms`);
  }, 180_000);

  it('serves job records (file names, row failures, errors) only with a key when READ_API_KEY is set', async () => {
    expect((await app.http.get('/ingest/jobs')).status).toBe(401);
    expect((await app.http.get('/ingest/jobs').set('x-api-key', 'not-the-read-key-at-all')).status).toBe(403);
    const list = await app.http.get('/ingest/jobs').set('x-api-key', READ_KEY).expect(200);
    expect((list.body as JobBody[]).length).toBeGreaterThan(0);
    expect((await app.http.get(`/ingest/jobs/${(list.body as JobBody[])[0]!.id}`)).status).toBe(401);
  });
});

describe('rows that break the movie message limits, and error texts on job records', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(isolatedEnv({ INGEST_BATCH_SIZE: '25' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a file with a 2 MB title, a 600-character title and 60 genres completes, with exactly those rows failed', async () => {
    const movies: TmdbMovieDetails[] = tmdbMovies(100);
    movies[10] = { ...movies[10]!, title: 'x'.repeat(2_000_000) };
    movies[40] = { ...movies[40]!, title: 't'.repeat(600), original_title: 'Six hundred' };
    movies[70] = { ...movies[70]!, genres: Array.from({ length: 60 }, (_, i) => ({ id: 1000 + i, name: `Genre ${i}` })) };
    const id = await upload(t.http, kaggleCsv(movies));

    const job = await waitForJob(t.http, id, (j) => j.state === 'completed' && j.progress.persisted >= 97);
    // produced 97: the three rows never reached Kafka, so nothing was dead-lettered and no batch was refused.
    expect(job.progress).toMatchObject({ moviesRead: 100, produced: 97, failed: 3, persisted: 97, deadLettered: 0 });
    expect(job.failures.map((f) => [f.ref, f.reason])).toEqual([
      ['line 12', 'line 12: column title is 2000000 characters long, more than the 65536 a value may have'],
      ['line 42', 'movie 41 breaks the message limits: title must be 1-500 characters long, not 600'],
      ['line 72', 'movie 71 breaks the message limits: genres must contain no more than 50 elements, not 60'],
    ]);
    const docs = t.db.collection('movies');
    expect(await docs.countDocuments()).toBe(97);
    expect(await docs.countDocuments({ tmdbId: { $in: [11, 41, 71] } })).toBe(0);
  });

  it('a 1 MB CSV header fails its job with a lastError of a few hundred characters, in the job list too', async () => {
    const header = Array.from({ length: 20_000 }, (_, i) => `column_${i}_${'h'.repeat(40)}`).join(',');
    expect(header.length).toBeGreaterThan(1_000_000);
    const id = await upload(t.http, `${header}\n1,A\n`);

    const job = await waitForJob(t.http, id, (j) => j.state === 'failed');
    expect(job.lastError).toMatch(/^CSV header lacks an id column and a title column: expected .*, found "column_0_h+\.\.\.", .* and 19990 more$/);
    expect(job.lastError!.length).toBeLessThanOrEqual(MAX_JOB_ERROR_CHARS);
    const list = await t.http.get('/ingest/jobs?state=failed').expect(200);
    expect(list.text.length).toBeLessThan(10_000);
  });

  it('stores at most MAX_JOB_ERROR_CHARS of any error text, whatever the caller hands the repository', async () => {
    const jobs = t.app.get(IngestJobRepository);
    const id = randomUUID();
    await jobs.create({ id, source: 'file', options: {}, trigger: 'api' });
    await jobs.addFailures(id, [{ ref: 'r'.repeat(1_000_000), reason: 'x'.repeat(1_000_000), at: new Date() }]);
    const failed = await jobs.findById(id);
    expect(failed?.failures[0]?.ref.length).toBeLessThanOrEqual(MAX_JOB_ERROR_CHARS);
    expect(failed?.failures[0]?.reason.length).toBeLessThanOrEqual(MAX_JOB_ERROR_CHARS);
    expect(failed?.lastError?.length).toBeLessThanOrEqual(MAX_JOB_ERROR_CHARS);

    await jobs.finish(id, 'failed', `Kafka said: ${'y'.repeat(3_000_000)}`);
    const finished = await jobs.findById(id);
    expect(finished?.state).toBe('failed');
    expect(finished?.lastError).toMatch(/^Kafka said: y+ \.\.\. \(3000012 characters, cut\)$/);
    expect(finished?.lastError?.length).toBeLessThanOrEqual(MAX_JOB_ERROR_CHARS);
  });
});
