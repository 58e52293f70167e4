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
 * Faults inflicted on the real local services and on real app processes. Every case first
 * shows that the fault struck work in progress (movies still unstored at the kill, and a
 * retry or a redelivery it caused), then ends with the same checks: each movie the producer
 * had acknowledged is in MongoDB once, and the consumer group has caught up. Duplicates are
 * counted from the data: documents against distinct ids, persisted writes against messages.
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

/** A counter of the app's /metrics, summed over its labels (0 before it is first incremented). */
async function metric(http: TestApp['http'] | AppProcess['http'], name: string): Promise<number> {
  const text = (await http.get('/metrics').expect(200)).text;
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** Movies the consumer wrote (inserted, updated or found unchanged): every delivery it handled, redeliveries included. */
const persistedWrites = (http: TestApp['http'] | AppProcess['http']) => metric(http, 'movies_persisted_total');
/** Consumer batches retried after an infrastructure failure (MongoDB down, a timeout). */
const batchRetries = (http: TestApp['http'] | AppProcess['http']) => metric(http, 'consumer_batch_retries_total');

/** The invariants every fault must leave intact; prints the figures, measured. */
async function expectNothingLost(
  name: string,
  db: TestApp['db'],
  kafka: KafkaTestClient,
  env: Record<string, string>,
  expected: number,
  count: { writes: () => Promise<number>; jobId?: string; http?: TestApp['http'] | AppProcess['http'] },
) {
  const { jobId, http } = count;
  const movies = db.collection('movies');
  await expectEventually(
    async () => {
      const stored = await movies.countDocuments();
      if (stored === expected) return;
      // Short of the count: say what the consumer is stuck on, if this process consumes (its /health).
      const consumer = http ? ((await http.get('/health').timeout(10_000)).body?.details?.consumer ?? null) : null;
      expect(stored, `movies stored; the consumer's status: ${JSON.stringify(consumer)}`).toBe(expected);
    },
    { timeoutMs: 180_000, intervalMs: 500 },
  );
  const lag = await expectEventually(
    async () => {
      const value = await kafka.groupLag(env['KAFKA_GROUP_ID']!, env['KAFKA_TOPIC_MOVIES']!);
      expect(value).toBe(0);
      return value;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  const documents = await movies.countDocuments();
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
  expect(documents - distinct, 'documents sharing a TMDB id').toBe(0);
  // Each distinct message needs one write; more writes are redeliveries the idempotent upsert absorbed.
  const writes = await expectEventually(
    async () => {
      const value = await count.writes();
      expect(value).toBeGreaterThanOrEqual(expected);
      return value;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  console.info(
    `[fault] ${name}: produced ${body?.progress.produced ?? expected}, documents ${documents} for ${distinct} distinct ids, ` +
      `persisted writes ${writes} for ${expected} distinct messages (${writes - expected} redelivered), dead-lettered ${body?.progress.deadLettered ?? 0}, lag ${lag}${body ? `, resumes ${body.resumes}` : ''}`,
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
      const app = t;
      const id = await startUpload(app.http);
      await waitUntilProduced(app.http, id, 1000);
      await stopService('kafka', { signal });
      // The fault struck mid-ingest: the job was still producing and movies were still unstored.
      const atFault = await job(app.http, id);
      const storedAtFault = await app.db.collection('movies').countDocuments();
      expect(atFault.state).toBe('running');
      expect(atFault.progress.produced).toBeLessThan(MOVIES);
      expect(storedAtFault).toBeLessThan(MOVIES);
      await sleep(downMs);
      // Still unfinished when the broker comes back: the outage held the ingest up, it did not fall after it.
      expect((await job(app.http, id)).progress.produced).toBeLessThan(MOVIES);
      if (signal === 'SIGSTOP') await stopService('kafka', { signal: 'SIGCONT' });
      else await startService('kafka');
      await expectNothingLost(`${name} at ${atFault.progress.produced} produced, ${storedAtFault} stored`, app.db, app.kafka, env, MOVIES, {
        jobId: id,
        http: app.http,
        writes: () => persistedWrites(app.http),
      });
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
      const retriesBefore = await batchRetries(t.http);
      const storedBefore = await t.db.collection('movies').countDocuments();
      await stopService('mongo', { signal: 'SIGKILL' });
      const down = Date.now();
      // The kill struck mid-consume: movies were still unstored, and their messages uncommitted.
      expect(storedBefore).toBeLessThan(MOVIES);
      const lagAtKill = await t.kafka.groupLag(env['KAFKA_GROUP_ID']!, env['KAFKA_TOPIC_MOVIES']!);
      expect(lagAtKill).toBeGreaterThan(0);
      // Readers meanwhile: answers come from the read model, so they keep coming, movies named with their titles;
      // a movie table page reads its rows from MongoDB, and is told the truth: 503 with when to retry, not a 500.
      const counted = await t.http.get('/analytics/genres?minVotes=7').timeout(30_000);
      expect(counted.status).toBe(200);
      expect(counted.body.considered).toBeGreaterThan(0);
      const named = await t.http.get('/analytics/movies/top?by=budget&limit=7&minBudget=7').timeout(30_000);
      expect(named.status).toBe(200);
      expect(named.body.items[0].title).toMatch(/^Message \d+$/);
      const page = await t.http.get('/analytics/tables/movies?pageSize=7').timeout(30_000);
      expect(page.status).toBe(503);
      expect(page.headers['retry-after']).toBe('5');
      expect(page.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      const readMs = Date.now() - down;
      // /health names what the consumer is stuck on: the partitions it retries, with MongoDB's error.
      const stuck = await expectEventually(async () => {
        const health = await t.http.get('/health').timeout(30_000);
        expect(health.status).toBe(503);
        const retrying = health.body.details.consumer.retrying as { topic: string; attempts: number; lastError: string }[];
        expect(retrying.length).toBeGreaterThan(0);
        return retrying;
      });
      expect(stuck[0]).toMatchObject({ topic: env['KAFKA_TOPIC_MOVIES'], attempts: expect.any(Number), lastError: expect.stringMatching(/\S/) });
      await sleep(Math.max(0, 5000 - (Date.now() - down)));
      await startService('mongo');
      console.info(`[fault] MongoDB down: answers from the read model, a movie table page 503 with Retry-After in ${readMs} ms`);
      await expectNothingLost(
        `MongoDB killed mid-consume at ${storedBefore}+ stored (lag ${lagAtKill}), restarted after ${((Date.now() - down) / 1000).toFixed(1)} s`,
        t.db,
        t.kafka,
        env,
        MOVIES,
        { writes: () => persistedWrites(t.http), http: t.http },
      );
      // The consumer met the dead server and retried its batch, rather than skipping it; now it retries nothing.
      expect(await batchRetries(t.http)).toBeGreaterThan(retriesBefore);
      expect((await t.http.get('/health').expect(200)).body.details.consumer).toEqual({ status: 'up', retrying: [] });
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
      const stored = () => db.collection('movies').countDocuments();
      // Freeze the consumer (SIGSTOP) and compare what it stored with what its group committed. Kill it only
      // when it is frozen between a write and its commit; otherwise let it go on and freeze it a bit later.
      let atCrash: { stored: number; committed: number } | undefined;
      for (let attempt = 1; attempt <= 10 && !atCrash; attempt++) {
        await expectEventually(async () => expect(await stored()).toBeGreaterThan(attempt * 1000), { intervalMs: 20 });
        process.kill(consumer.pid!, 'SIGSTOP');
        const committed = MOVIES - (await kafka.groupLag(env['KAFKA_GROUP_ID']!, env['KAFKA_TOPIC_MOVIES']!));
        // A write the server was still applying can only add documents: this count is a lower bound.
        const storedNow = await stored();
        if (storedNow > committed && storedNow < MOVIES) atCrash = { stored: storedNow, committed };
        else process.kill(consumer.pid!, 'SIGCONT');
      }
      expect(atCrash, 'the consumer was caught between a write and its commit').toBeDefined();
      const crash = await consumer.stop('SIGKILL');
      expect(crash.signal).toBe('SIGKILL');
      const { stored: storedAtCrash, committed } = atCrash!;
      await consumer.start();
      // The restarted consumer starts from the committed offsets: it writes again the movies stored but not committed.
      await expectEventually(async () => expect(await persistedWrites(consumer.http)).toBeGreaterThanOrEqual(MOVIES - committed), {
        timeoutMs: 180_000,
        intervalMs: 500,
      });
      await expectNothingLost(
        `consumer SIGKILLed at ${storedAtCrash} stored, ${committed} committed, restarted`,
        db,
        kafka,
        env,
        MOVIES,
        // Before the crash: at least one write per document stored (its counters died with it).
        { writes: async () => storedAtCrash + (await persistedWrites(consumer.http)) },
      );
    } finally {
      if (consumer.pid) {
        try {
          process.kill(consumer.pid, 'SIGCONT'); // in case a failure left it frozen
        } catch {
          // already gone
        }
      }
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
      expect(paused?.['progress']).toMatchObject({ produced: expect.any(Number) as number });
      const producedAtStop = (paused!['progress'] as { produced: number }).produced;
      expect(producedAtStop, 'the stop struck mid-ingest').toBeLessThan(MOVIES);
      await app.start();
      await expectNothingLost(`SIGTERM mid-ingest at ${producedAtStop} produced, restarted`, db, kafka, env, MOVIES, {
        jobId: id,
        http: app.http,
        // The process restarted, so its counter holds only what it wrote after the stop; the job counts every delivery.
        writes: async () => (await job(app.http, id)).progress.persisted,
      });
      expect((await job(app.http, id)).resumes).toBeGreaterThanOrEqual(1);
    } finally {
      await app.stop('SIGTERM');
      await db.dropDatabase().catch(() => undefined);
      await kafka.deleteTopics([env['KAFKA_TOPIC_MOVIES']!, env['KAFKA_TOPIC_DEAD_LETTER']!]).catch(() => undefined);
    }
  }, 360_000);

  it('the app SIGKILLed mid-ingest: its job says completed only once every movie is stored, with whole counts', async () => {
    const total = 10_000;
    const env = isolatedEnv({ INGEST_BATCH_SIZE: '200' });
    mongo ??= await MongoClient.connect('mongodb://127.0.0.1:27017');
    const db = mongo.db(new URL(env['MONGODB_URI']!).pathname.slice(1));
    const app = await AppProcess.start('fault-sigkill-app', env);
    try {
      const id = await startUpload(app.http, total);
      const before = await waitUntilProduced(app.http, id, 1000);
      expect(before.state).toBe('running');
      await app.stop('SIGKILL');
      const storedAtKill = await db.collection('movies').countDocuments();
      expect(storedAtKill, 'the kill struck mid-ingest').toBeLessThan(total);
      await app.start();
      // Watch the job: whenever it says completed, every movie must already be stored (the count only grows).
      let early: string | undefined;
      const done = await expectEventually(
        async () => {
          const body = await job(app.http, id);
          const stored = await db.collection('movies').countDocuments();
          if (body.state === 'completed' && stored < total) early ??= `completed with ${stored} of ${total} stored`;
          expect(body.state).toBe('completed');
          return body;
        },
        { timeoutMs: 240_000, intervalMs: 100 },
      );
      expect(early, 'the job said completed before its movies were stored').toBeUndefined();
      expect(await db.collection('movies').countDocuments()).toBe(total);
      // Counts are whole: every message produced (some twice, after the resume) is counted as persisted or dead-lettered.
      expect(done.progress.produced).toBeGreaterThanOrEqual(total);
      expect(done.progress.persisted + done.progress.deadLettered).toBeGreaterThanOrEqual(done.progress.produced);
      console.info(
        `[fault] app SIGKILLed at ${storedAtKill} of ${total} stored: completed with ${total} stored, produced ${done.progress.produced}, persisted ${done.progress.persisted}, dead-lettered ${done.progress.deadLettered}, resumes ${done.resumes}`,
      );
    } finally {
      await app.stop('SIGTERM');
      await db.dropDatabase().catch(() => undefined);
      await kafka.deleteTopics([env['KAFKA_TOPIC_MOVIES']!, env['KAFKA_TOPIC_DEAD_LETTER']!, env['KAFKA_TOPIC_CHANGELOG']!]).catch(() => undefined);
    }
  }, 360_000);
});
