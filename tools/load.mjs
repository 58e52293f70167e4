#!/usr/bin/env node
// `npm run test:load [-- --movies 100k] [--seconds 30] [--rate 40]`
// The load check of the operations issue: autocannon on every analytics endpoint for 30 s at a
// fixed offered rate while a 100k-movie file ingest runs through Kafka. It passes only with 0
// errors, 0 non-2xx answers, the ingest still running for the whole window, and every movie
// stored afterwards. Prints p50/p99/max (autocannon, whole ms) and the server-side p99 from the
// app's own latency histogram; writes bench-results/load-<timestamp>.json. At the end the process's
// answers (its read model) are compared with MongoDB's (npm run verify:answers): any difference fails it.
import autocannon from 'autocannon';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBuild } from './ensure-build.mjs';
import { servicesUp } from './services/services.mjs';
import { parseCount, writeDataset } from './bench/generate.mjs';
import { ADMIN_KEY, consumerCount, freshNames, readMetrics, startApp } from './bench/lib/app-process.mjs';
import { closeClients, dropState, mongoClient } from './bench/lib/fresh-state.mjs';
import { KNOWN_ENDPOINTS } from './bench/cases/analytics-cases.mjs';
import { ingestOnce } from './bench/cases/ingest-cases.mjs';
import { verifyAnswers } from './verify-answers.mjs';

const root = resolve(import.meta.dirname, '..');
const log = (msg) => process.stdout.write(`${msg}\n`);

function options(argv) {
  const o = { movies: 100_000, seconds: 30, rate: 40, connections: 8 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[++i]];
    if (flag === '--movies') o.movies = parseCount(value);
    else if (flag === '--seconds') o.seconds = Number(value);
    else if (flag === '--rate') o.rate = Number(value);
    else if (flag === '--connections') o.connections = Number(value);
    else throw new Error(`unknown option ${flag}; usage: load.mjs [--movies 100k] [--seconds 30] [--rate 40] [--connections 8]`);
  }
  for (const [k, v] of Object.entries(o)) if (!Number.isInteger(v) || v <= 0) throw new Error(`--${k} must be a positive integer (got ${v})`);
  return o;
}

/** Cumulative bucket counts of a Prometheus histogram, summed over the series the filter keeps: [[le, count], …]. */
function histogramBuckets(text, name, filter = () => true) {
  const buckets = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`) || !filter(line)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    const bound = le === '+Inf' ? Infinity : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]);
}

/** p-quantile (0–100) of cumulative buckets, interpolated linearly inside the bucket. */
function quantileOf(sorted, p) {
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total === 0) return null;
  const rank = (p / 100) * total;
  let prevBound = 0;
  let prevCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (bound === Infinity) return prevBound;
      return prevBound + ((bound - prevBound) * (rank - prevCount)) / Math.max(1, count - prevCount);
    }
    prevBound = bound;
    prevCount = count;
  }
  return prevBound;
}

/** Cumulative bucket counts of the analytics routes at one moment; subtract two to get a window. */
async function analyticsBuckets(base) {
  return histogramBuckets(await readMetrics(base), 'http_request_duration_seconds', (l) => l.includes('route="/analytics'));
}

async function main() {
  const o = options(process.argv.slice(2));
  await servicesUp();
  ensureBuild();
  const dataDir = join(root, '.local', 'load');
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `movies-${o.movies}-seed42.csv`);
  if (!existsSync(file)) {
    log(`generating ${o.movies.toLocaleString('en')} synthetic TMDB-shaped movies → ${file}`);
    await writeDataset(`${file}.part`, { count: o.movies, seed: 42, format: 'csv' });
    renameSync(`${file}.part`, file);
  }
  const names = freshNames('load');
  // The default rate limit stays on: the load client is a trusted one and sends the admin key,
  // which the limiter exempts (README, "Rate limiting"); everyone on loopback is one IP.
  const app = await startApp({ root, names, env: { RATE_LIMIT_PER_MINUTE: '120' }, log });
  let failed = false;
  try {
    const endpoints = KNOWN_ENDPOINTS;
    for (const path of endpoints) {
      const res = await fetch(`${app.base}${path}`, { headers: { 'x-api-key': ADMIN_KEY } });
      if (res.status !== 200) throw new Error(`${path} answered ${res.status} before the load: ${(await res.text()).slice(0, 200)}`);
    }
    log(`ingest of ${o.movies.toLocaleString('en')} movies starts; load starts once the consumer is writing`);
    const ingest = ingestOnce(app, file);
    let ingestDone = false;
    ingest.then(
      () => (ingestDone = true),
      () => (ingestDone = true),
    );
    while ((await consumerCount(app.base)) === 0 && !ingestDone) await new Promise((r) => setTimeout(r, 100));
    const persistedAtStart = await consumerCount(app.base);
    const bucketsBefore = await analyticsBuckets(app.base);
    log(
      `load: ${o.rate} requests/s over ${endpoints.length} analytics endpoints for ${o.seconds} s (${o.connections} connections); ${persistedAtStart} movies persisted so far`,
    );
    const result = await autocannon({
      url: app.base,
      connections: o.connections,
      overallRate: o.rate,
      duration: o.seconds,
      headers: { 'x-api-key': ADMIN_KEY, accept: 'application/json' },
      requests: endpoints.map((path) => ({ method: 'GET', path })),
    });
    const persistedAtEnd = await consumerCount(app.base);
    const stillRunning = !ingestDone;
    const bucketsAfter = await analyticsBuckets(app.base);
    const windowBuckets = bucketsAfter.map(([bound, count]) => [bound, count - (bucketsBefore.find(([b]) => b === bound)?.[1] ?? 0)]);
    const serverP99 = quantileOf(windowBuckets, 99);
    log('load window over; waiting for the ingest to finish');
    const done = await ingest;
    const stored = await (await mongoClient()).db(names.db).collection('movies').countDocuments();
    log('verifying the answers against MongoDB (verify:answers)');
    const verified = await verifyAnswers([app.base], { adminKey: ADMIN_KEY, timeoutMs: 180_000, log });
    const differing = verified.results.flatMap((r) => (r.answers ?? []).filter((a) => a.differences.length > 0).map((a) => `${a.answer}: ${a.differences[0]}`));
    const summary = {
      date: new Date().toISOString(),
      movies: o.movies,
      offeredRate: o.rate,
      seconds: o.seconds,
      connections: o.connections,
      endpoints,
      requests: result.requests.total,
      achievedRps: result.requests.average,
      '2xx': result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      serverP99Ms: serverP99 === null ? null : Math.round(serverP99 * 1000 * 10) / 10,
      persistedDuringLoad: persistedAtEnd - persistedAtStart,
      ingestStillRunningAtEnd: stillRunning,
      ingestWallS: done.wallS,
      stored,
      answersVerified: verified.ok,
      ...(verified.ok ? {} : { verifyErrors: [...differing.slice(0, 5), ...verified.results.filter((r) => r.error).map((r) => r.error)] }),
    };
    const problems = [];
    if (summary.errors + summary.timeouts > 0) problems.push(`${summary.errors} errors and ${summary.timeouts} timeouts`);
    if (summary.non2xx > 0) problems.push(`${summary.non2xx} non-2xx answers`);
    if (summary.requests < o.rate * o.seconds * 0.9) problems.push(`only ${summary.requests} of ${o.rate * o.seconds} offered requests were sent`);
    if (!stillRunning) problems.push('the ingest finished before the load window ended: the load did not run during an ingest the whole time');
    if (stored !== o.movies) problems.push(`${stored} movies stored, expected ${o.movies}`);
    if (!verified.ok) problems.push(`the answers differ from MongoDB's: ${summary.verifyErrors.join('; ').slice(0, 600)}`);
    mkdirSync(join(root, 'bench-results'), { recursive: true });
    const out = join(root, 'bench-results', `load-${summary.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, `${JSON.stringify({ ...summary, problems }, null, 2)}\n`);
    log(
      `[load] ${summary.requests} requests in ${o.seconds} s at ${o.rate}/s offered during a ${o.movies.toLocaleString('en')}-movie ingest ` +
        `(${summary.persistedDuringLoad} movies persisted in the window): ${summary.errors + summary.timeouts} errors, ${summary.non2xx} non-2xx; ` +
        `p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms, max ${summary.latencyMs.max} ms (autocannon); server-side p99 ${summary.serverP99Ms} ms; ` +
        `ingest ${done.wallS} s, ${stored} stored; answers ${verified.ok ? 'equal' : 'differ from'} MongoDB's`,
    );
    log(`written ${out}`);
    if (problems.length > 0) {
      failed = true;
      log(`FAILED: ${problems.join('; ')}`);
    }
  } finally {
    await app.stop();
    await dropState(names);
    await closeClients();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`load test failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
