// The app as a child process per variant (own database, topics and consumer group), so its CPU
// seconds and peak RSS can be read from /proc. Start, wait until it answers, read metrics, stop.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuSeconds, memory } from './proc-stats.mjs';

export const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
export const MONGO_BASE = 'mongodb://127.0.0.1:27017';
export const BROKERS = ['127.0.0.1:9092'];

/** Node flags for every app the bench starts (BENCH_APP_NODE_ARGS, space-separated), e.g. a V8 heap cap to compare memory. */
export const APP_NODE_ARGS = (process.env.BENCH_APP_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

export function freshNames(label) {
  const run = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}`;
  return {
    db: `bench_${run.replace(/-/g, '_')}`,
    movies: `bench-${run}.movies.v1`,
    deadLetter: `bench-${run}.movies.dlq.v1`,
    changelog: `bench-${run}.movies.changelog.v1`,
    group: `bench-${run}`,
  };
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts dist/main.js with isolated settings; resolves once /health/live answers and, for a process
 * that serves reads (APP_ROLE all or api), once /health reports its read model ready: `readyMs` is
 * the time from spawn to that answer.
 */
export async function startApp({ root, names, env = {}, nodeArgs = [], log = () => {}, readyTimeoutMs = 600_000 }) {
  const port = await freePort();
  const appEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    NODE_ENV: 'production',
    MONGODB_URI: `${MONGO_BASE}/${names.db}`,
    KAFKA_BROKERS: BROKERS.join(','),
    KAFKA_TOPIC_MOVIES: names.movies,
    KAFKA_TOPIC_DEAD_LETTER: names.deadLetter,
    KAFKA_TOPIC_CHANGELOG: names.changelog,
    KAFKA_GROUP_ID: names.group,
    KAFKA_TOPIC_PARTITIONS: '3',
    ADMIN_API_KEY: ADMIN_KEY,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    INGEST_UPLOAD_LIMIT_MB: '4096',
    // The BI replica only where a case asks for it (Q, V), with a database of its own.
    BI_ENABLED: 'false',
    ...env,
  };
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...APP_NODE_ARGS, ...nodeArgs, join(root, 'dist', 'main.js')], {
    cwd: root,
    env: appEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (exited) throw new Error(`app exited during startup (${JSON.stringify(exited)}):\n${output.slice(-3000)}`);
    if (Date.now() - started > 90_000) {
      child.kill('SIGKILL');
      throw new Error(`app did not answer /health/live within 90 s:\n${output.slice(-3000)}`);
    }
    try {
      const res = await fetch(`${base}/health/live`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  const liveMs = performance.now() - spawnedAt;
  const role = appEnv.APP_ROLE ?? 'all';
  let readModel = null;
  const servesReads = role === 'all' || role === 'api';
  if (servesReads) {
    for (;;) {
      if (exited) throw new Error(`app exited while its read model loaded (${JSON.stringify(exited)}):\n${output.slice(-3000)}`);
      if (performance.now() - spawnedAt > readyTimeoutMs) {
        child.kill('SIGKILL');
        throw new Error(`the read model was not ready within ${readyTimeoutMs / 1000} s: ${JSON.stringify(readModel)}\n${output.slice(-2000)}`);
      }
      readModel = await readModelStatus(base).catch(() => null);
      if (readModel?.state === 'ready') break;
      await sleep(100);
    }
  }
  const readyMs = performance.now() - spawnedAt;
  log(
    `  app pid ${child.pid} (${role}) up on ${base} in ${(liveMs / 1000).toFixed(1)} s${servesReads ? `, read model ready (${readModel.movies} movies) at ${(readyMs / 1000).toFixed(1)} s` : ''} (db ${names.db})`,
  );
  return {
    pid: child.pid,
    base,
    names,
    role,
    bootMs: liveMs,
    readyMs,
    output: () => output,
    cpuSeconds: () => cpuSeconds(child.pid),
    memory: () => memory(child.pid),
    async stop() {
      if (exited) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const result = await exit;
      clearTimeout(timer);
      return result;
    },
  };
}

/** The read model's part of /health (state, movies, dataVersion, asOf, settled, lag, feed, bytesPerMovie), whatever the status code. */
export async function readModelStatus(base) {
  const res = await fetch(`${base}/health`);
  const body = await res.json();
  return body.details?.readModel ?? body.info?.readModel ?? body.error?.readModel ?? null;
}

/** Sum of every sample of a Prometheus metric family in the text format; `label` (such as `outcome="inserted"`) keeps only the samples carrying it. */
export function metricSum(text, name, label) {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (label && !(rest[0] === '{' && rest.slice(0, rest.indexOf('}')).includes(label))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return sum;
}

export async function readMetrics(base) {
  const res = await fetch(`${base}/metrics`);
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}

/** Movies the consumer handled (persisted in any outcome, or dead-lettered), from its own counters. */
export async function consumerCount(base) {
  const text = await readMetrics(base);
  return metricSum(text, 'movies_persisted_total') + metricSum(text, 'movies_dead_lettered_total');
}
