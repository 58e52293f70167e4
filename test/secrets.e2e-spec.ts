import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess, freePort as unusedPort } from './support/app-process.js';
import { expectEventually } from './support/expect-eventually.js';
import { isolatedEnv, MONGO_BASE, TEST_ADMIN_KEY } from './support/test-app.js';

/**
 * Secrets given to the process (Kafka SASL password, MongoDB credentials, TMDB key, admin key)
 * never come back out: not in /health, /metrics, error bodies, job records, nor the logs.
 * The local Kafka listens in plaintext, so a SASL client is refused — which is exactly the
 * moment the password is most likely to leak into an error.
 */
const KAFKA_PASSWORD = 'kafka-pw-Hq7RmZ2x';
const MONGO_PASSWORD = 'mongo-pw-Vt3LwQ8k';
const TMDB_KEY = 'f3c1a9e07b2d4c6e8a0b1c2d3e4f5a6b';
const PG_PASSWORD = 'pg-writer-pw-Zr4Nc9';
const READER_PASSWORD = 'pg-reader-pw-Kd8Mq2';
const SECRETS = [KAFKA_PASSWORD, MONGO_PASSWORD, TMDB_KEY, TEST_ADMIN_KEY, PG_PASSWORD, READER_PASSWORD];
const ROOT = resolve(import.meta.dirname, '..');

function leaks(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s) || text.includes(encodeURIComponent(s)));
}

describe('secrets stay secret', () => {
  let app: AppProcess;
  let closedPort: number;

  beforeAll(async () => {
    closedPort = await unusedPort();
    app = await AppProcess.start(
      'secrets-api',
      isolatedEnv({
        // An API replica: it serves reads while Kafka refuses it, and reports Kafka down.
        APP_ROLE: 'api',
        LOG_LEVEL: 'debug',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'analytics',
        KAFKA_SASL_PASSWORD: KAFKA_PASSWORD,
        // A v3 key travels in the query string: the most exposed kind.
        TMDB_API_KEYS: TMDB_KEY,
        TMDB_BASE_URL: `http://127.0.0.1:${closedPort}/3`,
        TMDB_MAX_ATTEMPTS: '2',
        TMDB_TIMEOUT_MS: '500',
      }),
    );
  });
  afterAll(async () => {
    await app?.stop('SIGTERM');
  });

  it('reports Kafka down on /health with its reason, and no password', async () => {
    const res = await app.http.get('/health');
    expect(res.status).toBe(503);
    const body = JSON.stringify(res.body);
    expect(res.body.details?.kafka?.status).toBe('down');
    expect(res.body.details?.mongodb?.status).toBe('up');
    expect(leaks(body)).toEqual([]);
  });

  it('serves reads without Kafka, and /metrics and the docs carry no secret', async () => {
    const genres = await app.http.get('/analytics/genres');
    expect(genres.status).toBe(200);
    for (const path of ['/metrics', '/docs-json', '/health/live']) {
      const res = await app.http.get(path);
      expect(res.status, path).toBe(200);
      expect(leaks(res.text), path).toEqual([]);
    }
  });

  it('keeps the TMDB key out of a failed job and its error', async () => {
    const started = await app.http.post('/ingest').set('x-api-key', TEST_ADMIN_KEY).send({ source: 'tmdb-top-rated', pages: 1 });
    expect(started.status).toBe(202);
    const id = started.body.id as string;
    const job = await expectEventually(
      async () => {
        const res = await app.http.get(`/ingest/jobs/${id}`).set('x-api-key', TEST_ADMIN_KEY);
        expect(res.body.state).toBe('failed');
        return res;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(job.body.lastError).toMatch(/TMDB/);
    console.log(`[secrets] TMDB job failed cleanly: ${String(job.body.lastError)}`);
    expect(leaks(JSON.stringify(job.body))).toEqual([]);
    const list = await app.http.get('/ingest/jobs').set('x-api-key', TEST_ADMIN_KEY);
    expect(leaks(list.text)).toEqual([]);
  });

  it('answers a wrong admin key without echoing either key', async () => {
    const res = await app.http.post('/ingest').set('x-api-key', `${TEST_ADMIN_KEY}x`).send({ source: 'tmdb-top-rated' });
    expect(res.status).toBe(403);
    expect(leaks(res.text)).toEqual([]);
    expect(res.text).not.toContain(`${TEST_ADMIN_KEY}x`);
  });

  it("a BI writer refused by PostgreSQL says why, and shows neither its password nor the reader's", async () => {
    const bi = await AppProcess.start(
      'secrets-bi',
      isolatedEnv({
        APP_ROLE: 'bi',
        LOG_LEVEL: 'debug',
        BI_ENABLED: 'true',
        // A user the local server does not trust: it asks for a password and refuses this one.
        BI_DATABASE_URL: `postgresql://leaky_writer:${encodeURIComponent(PG_PASSWORD)}@127.0.0.1:5432/movie_analytics`,
        BI_READER_PASSWORD: READER_PASSWORD,
      }),
    );
    try {
      const health = await expectEventually(async () => {
        const res = await bi.http.get('/health').expect(503);
        expect(res.body.details.bi.database.error).toMatch(/leaky_writer/);
        return res;
      });
      console.log(`[secrets] PostgreSQL refused the BI writer: ${String(health.body.details.bi.database.error)}`);
      expect(leaks(JSON.stringify(health.body))).toEqual([]);
      expect(leaks((await bi.http.get('/metrics').expect(200)).text)).toEqual([]);
    } finally {
      await bi.stop('SIGTERM');
    }
    const log = readFileSync(resolve(ROOT, 'test-artifacts', 'secrets-bi.log'), 'utf8');
    expect(log).toMatch(/BI \(SQL\)\s+PostgreSQL host 127\.0\.0\.1 port 5432 database movie_analytics user bi_reader/);
    expect(leaks(log)).toEqual([]);
  });

  it('writes no secret to its log, even at debug level', async () => {
    await app.stop('SIGTERM');
    const log = readFileSync(resolve(ROOT, 'test-artifacts', 'secrets-api.log'), 'utf8');
    // The log did record the refusals: this is not an empty file passing by accident.
    expect(log).toMatch(/SASL|Kafka is not reachable/);
    expect(log).toContain('TMDB');
    expect(leaks(log)).toEqual([]);
  });

  it('stops with one clear line, and no password, when MongoDB refuses its credentials', async () => {
    const uri = new URL(`${MONGO_BASE}/e2e_secrets?authSource=admin`);
    uri.username = 'analytics';
    uri.password = MONGO_PASSWORD;
    const run = await runToExit({
      ...isolatedEnv(),
      PORT: String(await unusedPort()),
      MONGODB_URI: uri.toString(),
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '2000',
    });
    expect(run.code).toBe(1);
    const lastLine = run.stderr.trim().split('\n').at(-1) ?? '';
    expect(lastLine).toMatch(/^Failed to start: Mongo\w*Error: /);
    // Every line before it is a JSON log line (boot logs are structured even when the boot fails).
    for (const line of run.stdout.trim().split('\n').filter(Boolean)) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
    console.log(`[secrets] MongoDB refused the credentials; the app stopped with: ${lastLine}`);
  }, 120_000);
});

function runToExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'dist', 'main.js')], {
      cwd: resolve(ROOT, 'test', 'support'),
      env: { PATH: process.env['PATH'] ?? '', TZ: 'UTC', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
