import { MongoClient, type Db } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startService, stopService } from '../tools/services/services.mjs';
import { verifyProcess } from '../tools/verify-answers.mjs';
import type { FixtureMovie } from './fixtures/analytics-movies.js';
import { AppProcess } from './support/app-process.js';
import { MovieSender } from './support/movie-sender.js';
import { expectEventually } from './support/expect-eventually.js';
import { expectedAnswer, withoutEnvelope, type AnswerName } from './support/expected-answers.js';
import { KafkaTestClient } from './support/kafka-test-client.js';
import { isolatedEnv, KAFKA_BROKERS, MONGO_BASE, TEST_ADMIN_KEY } from './support/test-app.js';

/**
 * The read model under faults, against the real Kafka and MongoDB-compatible server and real app
 * processes: a persisting consumer and API replicas that each follow the feed of stored changes.
 * After each scenario every answer of every replica equals an independent computation over what
 * the test sent (plain loops, test/support/expected-answers.ts), and the verify command finds no
 * difference between each replica's answers and MongoDB's aggregations.
 */
const MOVIES = 3000;
const LANGUAGES = ['en', 'fr', 'ja', 'es', 'ko', 'de', null, 'xx'];
const GENRES = ['Action', 'Drama', 'Comedy', 'Horror', 'Romance', 'Science Fiction', 'Thriller', 'War'];

const PATHS: Record<AnswerName, string> = {
  languages: '/analytics/languages',
  topRatedYears: '/analytics/top-rated/years',
  genres: '/analytics/genres',
  extremes: '/analytics/movies/extremes',
  topMovies: '/analytics/movies/top',
  topRevenuePerYear: '/analytics/revenue/top-per-year',
  revenueVsBudget: '/analytics/revenue-vs-budget',
  dataQuality: '/analytics/data-quality',
};

/** Movie `id`, generation `g`: every field derived from both, so an upsert (g + 1) changes language, genres, money and votes. */
function movie(id: number, g = 0): FixtureMovie {
  const k = id * 7 + g * 13;
  const genres = [GENRES[k % GENRES.length]!, ...(k % 3 === 0 ? [GENRES[(k + 3) % GENRES.length]!] : [])];
  return {
    tmdbId: id,
    title: `Movie ${id}${g > 0 ? ` (v${g})` : ''}`,
    language: LANGUAGES[k % LANGUAGES.length]!,
    date: k % 11 === 0 ? null : `${1960 + (k % 60)}-0${1 + (k % 9)}-1${k % 10}`,
    genres,
    budget: k % 5 === 0 ? 0 : ((k % 97) + 1) * 1_000_000,
    revenue: k % 4 === 0 ? 0 : ((k % 89) + 1) * 2_700_000 + g,
    rating: (k % 91) / 10,
    votes: (k % 23) * 50 + g,
  };
}

/** Every answer of every replica equals the independent computation, and the verify command reports no difference. */
async function expectConverged(replicas: AppProcess[], movies: FixtureMovie[], timeoutMs = 120_000): Promise<void> {
  for (const replica of replicas) {
    await diagnosed(replica, () =>
      expectEventually(
        async () => {
          for (const [name, path] of Object.entries(PATHS) as [AnswerName, string][]) {
            const res = await replica.http.get(path).expect(200);
            if (res.body.settled !== true) {
              const model = await modelOf(replica);
              expect.fail(`${replica.name} ${path} not settled, waiting for: ${model.waitingFor} (lag ${model.lag}, position ${model.dataVersion})`);
            }
            expect(withoutEnvelope(res.body), `${replica.name} ${path}`).toEqual(expectedAnswer(name, movies));
          }
        },
        { timeoutMs, intervalMs: 500 },
      ),
    );
    const report = await verifyProcess(`http://127.0.0.1:${replica.port}`, { adminKey: TEST_ADMIN_KEY, timeoutMs: 60_000 });
    const differing = (report.answers ?? []).filter((a: { differences: string[] }) => a.differences.length > 0);
    expect(differing, `${replica.name}: verify-answers`).toEqual([]);
    expect(report.ok, `${replica.name}: ${report.error ?? ''}`).toBe(true);
  }
}

/** Every app process the current test started, whose logs a failure prints. */
const started: AppProcess[] = [];

/** Runs the check; when it fails, prints the replica's /health and the last log lines of every process of the test. */
async function diagnosed(replica: AppProcess, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    const health = await replica.http
      .get('/health')
      .then((res) => JSON.stringify(res.body.details ?? res.body))
      .catch((e: Error) => `(no answer: ${e.message})`);
    console.error(`[read-model] ${replica.name} /health: ${health}`);
    for (const app of started) console.error(`[read-model] last lines of ${app.name}:\n${app.logTail()}`);
    // The same, shorter, in the error itself: a runner that shows only the failure still shows why.
    const tails = started.map((app) => `${app.name}:\n${app.logTail(8).replace(/^(.{300}).+$/gm, '$1…')}`).join('\n');
    throw new Error(`${(error as Error).message}\n${replica.name} /health: ${health}\n${tails}`, { cause: error });
  }
}

async function modelOf(
  replica: AppProcess,
): Promise<{ movies: number; lag: number; dataVersion: string; settled: boolean; waitingFor: string | null; feed: { up: boolean } }> {
  const res = await replica.http.get('/health');
  return res.body.details.readModel;
}

describe('The read model follows the feed of stored changes', () => {
  let mongo: MongoClient;
  const running: AppProcess[] = [];
  let env: Record<string, string>;
  let db: Db;
  let sender: MovieSender;
  const start = async (name: string, extra: Record<string, string> = {}) => {
    const app = await AppProcess.start(name, { ...env, ...extra });
    running.push(app);
    started.push(app);
    return app;
  };

  beforeAll(async () => {
    mongo = await MongoClient.connect(MONGO_BASE, { serverSelectionTimeoutMS: 10_000 });
  });
  afterAll(async () => {
    await startService('kafka');
    await startService('mongo');
    await mongo?.close();
  });

  function fresh(extra: Record<string, string> = {}) {
    env = isolatedEnv({ KAFKA_CONSUMER_BATCH_MAX: '200', ...extra });
    db = mongo.db(new URL(env['MONGODB_URI']!).pathname.slice(1));
    sender = new MovieSender(env['KAFKA_TOPIC_MOVIES']!);
  }

  afterEach(async () => {
    started.length = 0;
    await Promise.all(running.splice(0).map((app) => app.stop('SIGKILL')));
    await startService('kafka');
    await startService('mongo');
    await db?.dropDatabase().catch(() => undefined);
    await new KafkaTestClient(KAFKA_BROKERS)
      .deleteTopics([env['KAFKA_TOPIC_MOVIES']!, env['KAFKA_TOPIC_DEAD_LETTER']!, env['KAFKA_TOPIC_CHANGELOG']!])
      .catch(() => undefined);
  });

  const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('upserts move every answer to the new values, a replay doubles nothing, and two API replicas converge on the same position', async () => {
    fresh();
    await start('rm-consumer', { APP_ROLE: 'consumer' });
    const [a, b] = [await start('rm-api-a', { APP_ROLE: 'api' }), await start('rm-api-b', { APP_ROLE: 'api' })];
    const t0 = new Date(Date.now() - 60_000);
    const originals = ids(1, MOVIES).map((id) => movie(id));
    await sender.send(originals, t0);
    // Upserts: a later observation of every fifth movie, with another language, genres, money and votes.
    const upserts = ids(1, MOVIES)
      .filter((id) => id % 5 === 0)
      .map((id) => movie(id, 1));
    await sender.send(upserts, new Date(t0.getTime() + 30_000));
    // A replay of everything: the originals (older: ignored) and the upserts again (the same version: no-ops).
    await sender.send(originals, t0, { remember: false });
    await sender.send(upserts, new Date(t0.getTime() + 30_000), { remember: false });
    await expectConverged([a, b], sender.movies());
    expect(await db.collection('movies').countDocuments()).toBe(MOVIES);
    expect((await db.collection('movies').distinct('_id')).length).toBe(MOVIES);
    // At the same position the replicas give the same data version and ETag.
    const [ra, rb] = [await a.http.get('/analytics/genres').expect(200), await b.http.get('/analytics/genres').expect(200)];
    expect(ra.body.dataVersion).toBe(rb.body.dataVersion);
    expect(ra.headers['etag']).toBe(rb.headers['etag']);
    await b.http.get('/analytics/genres').set('If-None-Match', ra.headers['etag']).expect(304);

    // A replica that boots with its feed unreachable serves its snapshot of MongoDB, and says the feed is down.
    const cut = await start('rm-api-no-feed', { APP_ROLE: 'api', KAFKA_BROKERS: '127.0.0.1:1' });
    const alone = await expectEventually(async () => (await cut.http.get('/analytics/genres').expect(200)).body, { timeoutMs: 60_000 });
    expect(alone).toMatchObject({ feed: 'down', settled: false });
    expect(withoutEnvelope(alone)).toEqual(expectedAnswer('genres', sender.movies()));
  }, 300_000);

  it('an API replica restarted mid-ingest loads its snapshot and follows the feed from before it, missing nothing', async () => {
    fresh();
    await start('rm-consumer', { APP_ROLE: 'consumer' });
    const api = await start('rm-api', { APP_ROLE: 'api' });
    const at = new Date();
    const all = ids(1, MOVIES).map((id) => movie(id, 2));
    await sender.send(all.slice(0, MOVIES / 3), at);
    const sending = sender.send(all.slice(MOVIES / 3), at);
    await expectEventually(async () => expect(await db.collection('movies').countDocuments()).toBeGreaterThan(MOVIES / 3), { intervalMs: 50 });
    await api.stop('SIGKILL');
    const storedAtKill = await db.collection('movies').countDocuments();
    await api.start();
    await sending;
    const storedAtRestart = await db.collection('movies').countDocuments();
    console.info(`[read-model] API replica killed at ${storedAtKill} of ${MOVIES} stored, back at ${storedAtRestart}`);
    expect(storedAtKill).toBeLessThan(MOVIES);
    await expectConverged([api], sender.movies());
  }, 300_000);

  it('a consumer killed between its MongoDB write and its offset commit leaves no reader behind MongoDB', async () => {
    fresh();
    const consumer = await start('rm-consumer-crash', { APP_ROLE: 'consumer', TEST_CRASH_AFTER_WRITES: '3' });
    const api = await start('rm-api', { APP_ROLE: 'api' });
    await sender.send(
      ids(1, MOVIES).map((id) => movie(id, 3)),
      new Date(),
    );
    const exit = await consumer.waitForExit(60_000);
    expect(exit.signal).toBe('SIGKILL');
    // The fault struck work in progress: MongoDB holds the batch written just before the crash, the feed does not.
    const stored = await db.collection('movies').countDocuments();
    const model = await expectEventually(async () => {
      const m = await modelOf(api);
      expect(m.lag).toBe(0);
      return m;
    });
    console.info(`[read-model] consumer killed after its 3rd write: ${stored} stored, ${model.movies} in the read model`);
    expect(stored).toBeGreaterThan(model.movies);
    expect(stored).toBeLessThan(MOVIES);
    // Restarted without the fault: the batch is delivered again, found stored, and published to the feed.
    await start('rm-consumer', { APP_ROLE: 'consumer' });
    await expectConverged([api], sender.movies());
  }, 300_000);

  it('Kafka killed and restarted mid-ingest: replicas serve what they hold, say the feed is down, and catch up', async () => {
    fresh();
    await start('rm-consumer', { APP_ROLE: 'consumer' });
    const api = await start('rm-api', { APP_ROLE: 'api' });
    const at = new Date();
    const all = ids(1, MOVIES).map((id) => movie(id, 4));
    await sender.send(all.slice(0, MOVIES / 2), at);
    await expectEventually(async () => expect((await modelOf(api)).movies).toBeGreaterThan(0), { intervalMs: 100 });
    await stopService('kafka', { signal: 'SIGKILL' });
    const down = await expectEventually(
      async () => {
        const res = await api.http.get('/analytics/genres').expect(200);
        expect(res.body.feed).toBe('down');
        expect(res.body.settled).toBe(false);
        expect((await modelOf(api)).waitingFor).toMatch(/^feed unreachable: /);
        return res.body;
      },
      { timeoutMs: 60_000 },
    );
    console.info(`[read-model] Kafka down: the replica answered from ${down.considered} movies, feed down`);
    await startService('kafka');
    await sender.send(all.slice(MOVIES / 2), at);
    await expectConverged([api], sender.movies(), 180_000);
  }, 360_000);

  it('the MongoDB-compatible server killed mid-ingest: the consumer retries, the replicas converge', async () => {
    fresh();
    await start('rm-consumer', { APP_ROLE: 'consumer' });
    const api = await start('rm-api', { APP_ROLE: 'api' });
    await sender.send(
      ids(1, MOVIES).map((id) => movie(id, 5)),
      new Date(),
    );
    await expectEventually(async () => expect(await db.collection('movies').countDocuments()).toBeGreaterThan(200), { intervalMs: 50 });
    await stopService('mongo', { signal: 'SIGKILL' });
    const storedBefore = (await modelOf(api)).movies;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await startService('mongo');
    console.info(`[read-model] MongoDB killed with ${storedBefore} movies in the read model`);
    expect(storedBefore).toBeLessThan(MOVIES);
    await expectConverged([api], sender.movies(), 180_000);
  }, 360_000);
});
