// Cases on the write path: A (ceiling), P (pipeline, with R replay in the same app, and M's ingest with
// staleness sentinels), N (naive), U (upsert flatness).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createReadStream, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_KEY, consumerCount, freshNames, metricSum, readMetrics, startApp } from '../lib/app-process.mjs';
import { dropState, kafkaAdmin, mongoClient } from '../lib/fresh-state.mjs';
import { cpuMeter, round, rssSampler } from '../lib/proc-stats.mjs';
import { sentinelsAround, summarise } from '../lib/sentinel.mjs';

const run = promisify(execFile);
const here = import.meta.dirname;

async function child(script, args) {
  const { stdout } = await run(process.execPath, [join(here, script), ...args], { maxBuffer: 1 << 20, timeout: 6 * 3600_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

/** A: the documents written straight with the driver. */
export async function caseA(ctx, file) {
  const names = freshNames('A');
  const meter = cpuMeter(ctx.servicePids);
  try {
    const r = await child('direct-write.mjs', ['--root', ctx.root, '--db', names.db, '--file', file]);
    const services = meter.stop();
    return {
      movies: r.upserted + r.matched,
      wallS: round(r.wallMs / 1000),
      cpu: { client: round(r.cpuSeconds, 2), ...services },
      rssMb: round(r.maxRssMb, 1),
      refused: r.refused,
    };
  } finally {
    await dropState(names);
  }
}

/**
 * Fills a database straight through the driver (for U, L, I, F, B): generated movies or a file. The read
 * model learns of these movies only from its snapshot: an app serving reads must be started (or
 * restarted) after the fill, which every case here does.
 */
export async function fill(ctx, db, { file, count, seed = 7, firstId = 1 }) {
  const args = ['--root', ctx.root, '--db', db, ...(file ? ['--file', file] : ['--generate', `${count}:${seed}:${firstId}`])];
  return child('direct-write.mjs', args);
}

/** N: the naive pipeline script. */
export async function caseN(ctx, file) {
  const names = freshNames('N');
  const meter = cpuMeter(ctx.servicePids);
  try {
    const r = await child('naive-pipeline.mjs', ['--root', ctx.root, '--file', file, '--db', names.db, '--topic', names.movies, '--group', names.group]);
    return { movies: r.inserted, wallS: round(r.wallMs / 1000), cpu: { client: round(r.cpuSeconds, 2), ...meter.stop() }, rssMb: round(r.maxRssMb, 1) };
  } finally {
    await dropState(names);
  }
}

export async function waitForConsumer(group, timeoutMs = 30_000) {
  const admin = await kafkaAdmin();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { groups } = await admin.describeGroups([group]).catch(() => ({ groups: [] }));
    if (groups[0]?.state === 'Stable' && groups[0].members.length > 0) return true;
    await sleep(200);
  }
  return false;
}

export async function upload(base, file) {
  const res = await fetch(`${base}/ingest/file?name=bench`, {
    method: 'POST',
    headers: {
      'x-api-key': ADMIN_KEY,
      'content-type': file.endsWith('.csv') ? 'text/csv' : 'application/x-ndjson',
      'content-length': String(statSync(file).size),
    },
    body: createReadStream(file),
    duplex: 'half',
  });
  const text = await res.text();
  if (res.status !== 202) throw new Error(`POST /ingest/file answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text).id;
}

/** Uploads the file and waits until the consumer's counter has grown by every produced movie. */
export async function ingestOnce(app, file, { timeoutMs = 6 * 3600_000, stallMs = 45_000, counter = app, uncounted = () => 0 } = {}) {
  const before = await consumerCount(counter.base);
  const t0 = performance.now();
  const id = await upload(app.base, file);
  const deadline = Date.now() + timeoutMs;
  let job;
  let last = { count: -1, at: Date.now() };
  for (;;) {
    if (Date.now() > deadline) throw new Error(`ingest ${id} not done in ${timeoutMs / 1000} s: ${JSON.stringify(job)}`);
    // Once the job has produced everything only the consumer's counter is polled: reading the job costs a
    // database round trip, which on a busy server can take seconds and would make the end look late.
    if (job?.state !== 'completed') job = await (await fetch(`${app.base}/ingest/jobs/${id}`, { headers: { 'x-api-key': ADMIN_KEY } })).json();
    if (job.state === 'failed' || job.state === 'cancelled') throw new Error(`ingest job ${id} ${job.state}: ${job.lastError}`);
    // Sentinels published meanwhile (lib/sentinel.mjs) are counted by the consumer too, but are not the job's.
    const count = (await consumerCount(counter.base)) - before - uncounted();
    if (job.state === 'completed' && count >= job.progress.produced) break;
    if (count !== last.count) last = { count, at: Date.now() };
    else if (Date.now() - last.at > stallMs) {
      const metrics = (await readMetrics(counter.base)).split('\n').filter((l) => /^(movies_|consumer_batch_retries)/.test(l));
      const logged = counter
        .output()
        .split('\n')
        .filter((l) => /"level":(40|50)/.test(l) && !l.includes('Resume scan'))
        .slice(-2)
        .join(' | ');
      throw new Error(
        `the consumer stalled at ${count} of ${job.progress.produced} movies for ${stallMs / 1000} s (job ${job.state}); ${metrics.join(', ')}; last app warnings: ${logged.slice(0, 600)}`,
      );
    }
    // Each poll costs the app a /metrics render and a job read, which the CPU meter counts: poll
    // once a second while the producer runs, tightly once only the consumer is left.
    await sleep(job.state === 'completed' ? 50 : 1000);
  }
  return { wallS: round((performance.now() - t0) / 1000), produced: job.progress.produced, failed: job.progress.failed, endedAt: performance.now(), job };
}

/** The feed's cost so far, from the consumer's own metrics: seconds publishing, messages, bytes. */
export async function feedTotals(base) {
  const text = await readMetrics(base);
  return {
    publishS: metricSum(text, 'feed_publish_seconds_sum'),
    chunks: metricSum(text, 'feed_publish_seconds_count'),
    messages: metricSum(text, 'feed_published_messages_total'),
    bytes: metricSum(text, 'feed_published_bytes_total'),
  };
}

/**
 * P (and R when asked): the pipeline through the app (APP_ROLE=all, flags as `npm start` runs it when
 * `nodeArgs` says so), counted by the consumer's own counter. With `sentinels`, staleness sentinels
 * run during and after the ingest (lib/sentinel.mjs) on the same process.
 */
export async function caseP(ctx, file, { replay = false, nodeArgs = [], label = 'P', sentinels = false, sentinelEveryMs } = {}) {
  const names = freshNames(label);
  const app = await startApp({ root: ctx.root, names, nodeArgs, log: ctx.log });
  try {
    if (!(await waitForConsumer(names.group))) ctx.log('  warning: the consumer group did not become stable in 30 s');
    const meter = cpuMeter({ app: app.pid, ...ctx.servicePids });
    const rss = rssSampler(app.pid);
    const feed0 = await feedTotals(app.base);
    let sent = 0;
    let done = false;
    const ingest = ingestOnce(app, file, { stallMs: ctx.stallMs, uncounted: () => sent });
    ingest.finally(() => (done = true)).catch(() => undefined);
    const staleness = sentinels
      ? sentinelsAround(ctx.root, names, app, {
          isDone: () => done,
          everyMs: sentinelEveryMs ?? ctx.plan.sentinels.everyMs,
          after: ctx.plan.sentinels.after,
          minimum: ctx.plan.sentinels.minimum,
          log: ctx.log,
          onPublish: () => sent++,
        })
      : null;
    const first = await ingest;
    const stalenessSamples = staleness ? await staleness : null;
    const feed1 = await feedTotals(app.base);
    const feed = {
      publishS: round(feed1.publishS - feed0.publishS, 3),
      messages: feed1.messages - feed0.messages,
      bytes: feed1.bytes - feed0.bytes,
      chunks: feed1.chunks - feed0.chunks,
    };
    const p = {
      movies: first.produced,
      wallS: first.wallS,
      cpu: meter.stop(),
      rssPeakMb: rss.stop(),
      failed: first.failed,
      feed,
      ...(stalenessSamples ? { staleness: { ...summarise(stalenessSamples), samples: stalenessSamples } } : {}),
    };
    if (!replay) return { p, appPeakMb: round(app.memory().peakMb, 1) };
    const meterR = cpuMeter({ app: app.pid, ...ctx.servicePids });
    let again;
    try {
      again = await ingestOnce(app, file, { stallMs: ctx.stallMs });
    } catch (error) {
      return { p, r: { error: error.message }, appPeakMb: round(app.memory().peakMb, 1) };
    }
    const movies = (await mongoClient()).db(names.db).collection('movies');
    const [stored, distinct] = await Promise.all([movies.countDocuments(), movies.distinct('tmdbId').then((d) => d.length)]);
    const r = { movies: again.produced, wallS: again.wallS, cpu: meterR.stop(), stored, duplicates: stored - distinct };
    return { p, r, appPeakMb: round(app.memory().peakMb, 1) };
  } finally {
    await app.stop();
    await dropState(names);
  }
}

/** U: the same ingest of new movies into a database already holding `small` and then `large` movies. */
export async function caseU(ctx, file, prefill) {
  const names = freshNames(`U${prefill}`);
  await fill(ctx, names.db, { count: prefill, seed: 99, firstId: 10_000_000 });
  const app = await startApp({ root: ctx.root, names, log: ctx.log });
  try {
    await waitForConsumer(names.group);
    const meter = cpuMeter({ app: app.pid, ...ctx.servicePids });
    const r = await ingestOnce(app, file, { stallMs: ctx.stallMs });
    return { prefill, movies: r.produced, wallS: r.wallS, cpu: meter.stop() };
  } finally {
    await app.stop();
    await dropState(names);
  }
}
