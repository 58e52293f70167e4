// Q: the BI replica. The ingest rate with the replica on against off (interleaved rounds, one file), and
// how long PostgreSQL trails the end of an ingest. V: each answer_* view's time over a database loaded
// through the feed of stored changes.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { BROKERS, freshNames, startApp } from '../lib/app-process.mjs';
import { dropState, kafkaAdmin } from '../lib/fresh-state.mjs';
import { cpuMeter, round } from '../lib/proc-stats.mjs';
import { percentile } from '../lib/stats.mjs';
import { ingestOnce } from './ingest-cases.mjs';
import { generatedChanges, toolsEntry } from '../lib/generated-changes.mjs';

/** The server the bench's BI databases are made on (its user must be allowed to create databases). */
const ADMIN_URL = process.env.BENCH_BI_ADMIN_URL ?? process.env.BI_DATABASE_URL ?? 'postgresql://movie_analytics@127.0.0.1:5432/movie_analytics';
/** Runs of each view in V (the target: p99 over 20 runs). */
const VIEW_RUNS = 20;
/** PostgreSQL's code for a relation that does not exist (yet). */
const UNDEFINED_TABLE = '42P01';
/** Feed entries per produce request when V fills the feed. */
const FEED_BATCH = 2000;
/** How long the replica may take to catch up after an ingest before the case gives up. */
const CATCH_UP_TIMEOUT_MS = 30 * 60_000;

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase() {
  const name = `bench_bi_${randomBytes(4).toString('hex')}`;
  await withClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

/** Waits until PostgreSQL's recorded position reaches the feed's end; returns when it did (performance.now()). */
async function caughtUp(url, topic) {
  const admin = await kafkaAdmin();
  const ends = (await admin.fetchTopicOffsets(topic)).reduce((s, o) => s + Number(o.high), 0);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
    for (;;) {
      // Until the writer's migrations have run there is no position table: nothing applied yet.
      const { rows } = await client
        .query('SELECT coalesce(sum(next_offset), 0)::bigint AS at FROM bi_internal.feed_position WHERE topic = $1', [topic])
        .catch((error) => (error.code === UNDEFINED_TABLE ? { rows: [{ at: 0 }] } : Promise.reject(error)));
      if (Number(rows[0].at) >= ends) return { at: performance.now(), entries: ends };
      if (Date.now() > deadline) throw new Error(`the BI replica did not reach the feed's end (${rows[0].at} of ${ends}) in ${CATCH_UP_TIMEOUT_MS / 1000} s`);
      await sleep(20);
    }
  } finally {
    await client.end();
  }
}

/** One ingest of `file` with the BI replica on or off; on: also how long after the job's end PostgreSQL held it all. */
export async function caseQ(ctx, file, { bi }) {
  const names = freshNames(bi ? 'Qon' : 'Qoff');
  const db = bi ? await freshDatabase() : null;
  const app = await startApp({ root: ctx.root, names, env: bi ? { BI_ENABLED: 'true', BI_DATABASE_URL: db.url } : { BI_ENABLED: 'false' }, log: ctx.log });
  try {
    const meter = cpuMeter({ app: app.pid, ...ctx.servicePids });
    const run = await ingestOnce(app, file, { stallMs: ctx.stallMs });
    const result = { movies: run.produced, wallS: run.wallS, cpu: meter.stop() };
    if (bi) {
      const done = await caughtUp(db.url, names.changelog);
      result.lagAfterEndS = round(Math.max(0, done.at - run.endedAt) / 1000, 3);
    }
    return result;
  } finally {
    await app.stop();
    await dropState(names);
    await db?.drop().catch(() => undefined);
  }
}

/**
 * V: `count` generated movies published straight onto a feed of stored changes (as the persisting consumers
 * publish them, one entry per movie), followed into a fresh PostgreSQL database by an `APP_ROLE=bi` process
 * (no MongoDB involved: the BI replica reads only the feed), then each answer_* view selected VIEW_RUNS times.
 * Also reports the writer's rate (movies applied per second).
 */
export async function caseV(ctx, count) {
  const names = freshNames('V');
  const db = await freshDatabase();
  const admin = await kafkaAdmin();
  await admin.createTopics({
    topics: [{ topic: names.changelog, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
    waitForLeaders: true,
  });
  let app;
  try {
    const published = await publishChanges(ctx.root, names.changelog, count);
    ctx.log(`  V: ${count} changes published to ${names.changelog} in ${published.seconds} s`);
    const t0 = performance.now();
    app = await startApp({
      root: ctx.root,
      names,
      env: { APP_ROLE: 'bi', BI_ENABLED: 'true', BI_DATABASE_URL: db.url },
      log: ctx.log,
      readyTimeoutMs: 120_000,
    });
    const done = await caughtUp(db.url, names.changelog);
    const applyS = round((done.at - t0) / 1000, 1);
    ctx.log(`  V: the BI writer applied ${count} movies in ${applyS} s (from its start)`);
    await app.stop();
    return await withClient(db.url, async (client) => {
      await client.query('VACUUM ANALYZE');
      const movies = Number((await client.query('SELECT count(*) AS n FROM movies')).rows[0].n);
      const views = (
        await client.query(`SELECT table_name FROM information_schema.views WHERE table_schema = 'public' AND table_name LIKE 'answer\\_%' ORDER BY table_name`)
      ).rows.map((r) => r.table_name);
      const timings = [];
      for (const view of views) {
        const ms = [];
        for (let i = 0; i < VIEW_RUNS; i++) {
          const t = performance.now();
          await client.query(`SELECT * FROM ${view}`);
          ms.push(performance.now() - t);
        }
        ms.sort((a, b) => a - b);
        timings.push({ view, runs: ms.length, p50Ms: round(percentile(ms, 50), 1), p99Ms: round(percentile(ms, 99), 1), maxMs: round(ms.at(-1), 1) });
        ctx.log(`  ${view}: p50 ${timings.at(-1).p50Ms} ms, p99 ${timings.at(-1).p99Ms} ms`);
      }
      return { movies, applyS, moviesPerSecond: round(count / applyS, 0), views: timings };
    });
  } finally {
    await app?.stop();
    await dropState(names);
    await db.drop().catch(() => undefined);
  }
}

/** The generator's movies as feed entries (the app's own mappers and encoder, via dist/tools.entry.js), in batches. */
async function publishChanges(root, topic, count) {
  const { encodeMovieChange } = await toolsEntry(root);
  const producer = new Kafka({ clientId: 'bench-feed', brokers: BROKERS, logLevel: logLevel.NOTHING }).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const t0 = performance.now();
  let batch = [];
  const flush = async () => {
    if (batch.length) await producer.send({ topic, messages: batch, acks: -1 });
    batch = [];
  };
  try {
    for await (const change of generatedChanges(root, { count, seed: 42, firstId: 1 })) {
      batch.push({ key: String(change.tmdbId), value: encodeMovieChange(change) });
      if (batch.length >= FEED_BATCH) await flush();
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  return { seconds: round((performance.now() - t0) / 1000, 1) };
}
