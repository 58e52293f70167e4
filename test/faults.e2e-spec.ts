import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startService, stopService } from '../tools/services/services.mjs';
import { kaggleCsv } from './fixtures/kaggle-csv.js';
import { movieRecords, tmdbMovies } from './fixtures/movies.js';
import { AppProcess } from './support/app-process.js';
import { expectEventually } from './support/expect-eventually.js';
import { KafkaTestClient } from './support/kafka-test-client.js';
import { isolatedEnv, KAFKA_BROKERS, startTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';
import { MongoClient } from 'mongodb';

/**
 * Faults inflicted on the real local services and on real app processes. Every case ends
 * with the same checks: each movie the producer had acknowledged is in MongoDB once, and
 * the consumer group has caught up.
 */
const MOVIES = 20_000;

interface JobBody {
  id: string;
  state: string;
  resumes: number;
  progress: { produced: number; persisted: number; deadLettered: number; failed: number };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function job(http: TestApp['http'] | AppProcess['http'], id: string): Promise<JobBody> {
  return (await http.get(`/ingest/jobs/${id}`).set('x-api-key', TEST_ADMIN_KEY).expect(200)).body as JobBody;
}

async function startUpload(http: TestApp['http'] | AppProcess['http'], count = MOVIES): Promise<string> {
  const res = await http
    .post('/ingest/file')
    .set('x-api-key', TEST_ADMIN_KEY)
    .set('content-type', 'text/csv')
    .send(kaggleCsv(tmdbMovies(count)));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.id as string;
}

async function waitUntilProduced(http: TestApp['http'] | AppProcess['http'], id: string, atLeast: number): Promise<JobBody> {
  return expectEventually(
    async () => {
      const body = await job(http, id);
      expect(body.progress.produced).toBeGreaterThanOrEqual(atLeast);
      return body;
    },
    { timeoutMs: 60_000, intervalMs: 50 },
  );
}

/** The invariants every fault must leave intact; prints the figures. */
async function expectNothingLost(
  name: string,
  db: TestApp['db'],
  kafka: KafkaTestClient,
  env: Record<string, string>,
  expected: number,
  jobId?: string,
  http?: TestApp['http'] | AppProcess['http'],
) {
  const movies = db.collection('movies');
  await expectEventually(async () => expect(await movies.countDocuments()).toBe(expected), { timeoutMs: 180_000, intervalMs: 500 });
  const lag = await expectEventually(
    async () => {
      const value = await kafka.groupLag(env['KAFKA_GROUP_ID']!, env['KAFKA_TOPIC_MOVIES']!);
      expect(value).toBe(0);
      return value;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  const distinct = (await movies.distinct('tmdbId')).length;
  let body: JobBody | undefined;
  if (jobId && http) {
    body = await expectEventually(async () => {
      const current = await job(http, jobId);
      expect(current.state).toBe('completed');
      return current;
    });
    expect(body.progress.produced).toBe(expected);
  }
  expect(distinct).toBe(expected);
  console.info(
    `[fault] ${name}: produced ${body?.progress.produced ?? expected}, persisted ${expected}, documents ${distinct}, duplicates ${expected - distinct}, dead-lettered ${body?.progress.deadLettered ?? 0}, lag ${lag}${body ? `, resumes ${body.resumes}` : ''}`,
  );
}

afterAll(async () => {
  // Whatever happened, leave the services running for the next suite.
  await stopService('kafka', { signal: 'SIGCONT' }).catch(() => undefined);
  await startService('kafka');
  await startService('mongo');
});

describe('Kafka broker faults mid-ingest', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await stopService('kafka', { signal: 'SIGCONT' }).catch(() => undefined);
    await startService('kafka');
    await t?.close();
  });

  it.each([
    { name: 'broker killed (SIGKILL), restarted 10 s later', signal: 'SIGKILL' as const, downMs: 10_000 },
    { name: "broker killed for longer than kafkajs's retry budget (45 s)", signal: 'SIGKILL' as const, downMs: 45_000 },
    { name: 'broker paused (SIGSTOP) for 15 s', signal: 'SIGSTOP' as const, downMs: 15_000 },
  ])(
    '$name: the job finishes, every acknowledged movie is stored once, lag returns to 0',
    async ({ name, signal, downMs }) => {
      const env = isolatedEnv({ INGEST_BATCH_SIZE: '200' });
      t = await startTestApp(env);
      const id = await startUpload(t.http);
      const before = await waitUntilProduced(t.http, id, 1000);
      expect(before.state).toBe('running');
      await stopService('kafka', { signal });
      await sleep(downMs);
      if (signal === 'SIGSTOP') await stopService('kafka', { signal: 'SIGCONT' });
      else await startService('kafka');
      await expectNothingLost(name, t.db, t.kafka, env, MOVIES, id, t.http);
    },
    360_000,
  );
});

describe('MongoDB-compatible server killed mid-consume', () => {
  it('pauses and retries; nothing lost, offsets never committed past unwritten data', async () => {
    const env = isolatedEnv({ KAFKA_CONSUMER_BATCH_MAX: '500' });
    const t = await startTestApp(env);
    try {
      const ids = Array.from({ length: MOVIES }, (_, i) => i + 1);
      for (let i = 0; i < ids.length; i += 5000) await t.kafka.publishRaw(env['KAFKA_TOPIC_MOVIES']!, movieRecords(ids.slice(i, i + 5000)));
      await expectEventually(async () => expect(await t.db.collection('movies').countDocuments()).toBeGreaterThan(500), { intervalMs: 50 });
      await stopService('mongo', { signal: 'SIGKILL' });
      const down = Date.now();
      // A reader meanwhile is told the truth: 503 with when to retry, not a 500 (an answer never computed, so no cache).
      const read = await t.http.get('/analytics/genres?minVotes=7').timeout(30_000);
      expect(read.status).toBe(503);
      expect(read.headers['retry-after']).toBe('5');
      expect(read.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      const readMs = Date.now() - down;
      await sleep(Math.max(0, 5000 - readMs));
      await startService('mongo');
      console.info(`[fault] MongoDB down: an uncached read answered 503 with Retry-After in ${readMs} ms`);
      await expectNothingLost(`MongoDB killed mid-consume, restarted after ${((Date.now() - down) / 1000).toFixed(1)} s`, t.db, t.kafka, env, MOVIES);
    } finally {
      await startService('mongo');
      await t.close();
    }
  }, 360_000);
});

describe('app processes killed or stopped', () => {
  const kafka = new KafkaTestClient(KAFKA_BROKERS);
  let mongo: MongoClient;
  afterAll(async () => {
    await mongo?.close();
  });

  it('a consumer crash between write and commit is absorbed by the idempotent upsert', async () => {
    const env = isolatedEnv({ APP_ROLE: 'consumer', KAFKA_CONSUMER_BATCH_MAX: '500' });
    mongo = await MongoClient.connect('mongodb://127.0.0.1:27017');
    const db = mongo.db(new URL(env['MONGODB_URI']!).pathname.slice(1));
    const consumer = await AppProcess.start('fault-consumer', env);
    try {
      const ids = Array.from({ length: MOVIES }, (_, i) => i + 1);
      for (let i = 0; i < ids.length; i += 5000) await kafka.publishRaw(env['KAFKA_TOPIC_MOVIES']!, movieRecords(ids.slice(i, i + 5000)));
      await expectEventually(async () => expect(await db.collection('movies').countDocuments()).toBeGreaterThan(1000), { intervalMs: 50 });
      const crash = await consumer.stop('SIGKILL');
      expect(crash.signal).toBe('SIGKILL');
      const atCrash = await db.collection('movies').countDocuments();
      await consumer.start();
      await expectNothingLost(`consumer SIGKILLed at ${atCrash} stored, restarted`, db, kafka, env, MOVIES);
    } finally {
      await consumer.stop('SIGTERM');
      await db.dropDatabase().catch(() => undefined);
      await kafka.deleteTopics([env['KAFKA_TOPIC_MOVIES']!, env['KAFKA_TOPIC_DEAD_LETTER']!]).catch(() => undefined);
    }
  }, 360_000);

  it('SIGTERM during an ingest: in-flight batches finish, the job resumes on the next start', async () => {
    const env = isolatedEnv({ INGEST_BATCH_SIZE: '200' });
    mongo ??= await MongoClient.connect('mongodb://127.0.0.1:27017');
    const db = mongo.db(new URL(env['MONGODB_URI']!).pathname.slice(1));
    const app = await AppProcess.start('fault-sigterm', env);
    try {
      const id = await startUpload(app.http);
      await waitUntilProduced(app.http, id, 1000);
      const stopped = await app.stop('SIGTERM');
      // Nest re-raises the signal after its shutdown hooks ran, so a clean stop ends by SIGTERM (a forced one by SIGKILL).
      expect(stopped.code === 0 || stopped.signal === 'SIGTERM', JSON.stringify(stopped)).toBe(true);
      const paused = await db.collection('ingest_jobs').findOne({ _id: id as never });
      expect(paused?.['state']).toBe('queued');
      expect(paused?.['checkpoint']).toMatchObject({ records: expect.any(Number) as number });
      await app.start();
      await expectNothingLost('SIGTERM mid-ingest, restarted', db, kafka, env, MOVIES, id, app.http);
      expect((await job(app.http, id)).resumes).toBeGreaterThanOrEqual(1);
    } finally {
      await app.stop('SIGTERM');
      await db.dropDatabase().catch(() => undefined);
      await kafka.deleteTopics([env['KAFKA_TOPIC_MOVIES']!, env['KAFKA_TOPIC_DEAD_LETTER']!]).catch(() => undefined);
    }
  }, 360_000);
});
