import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYTICS_MOVIES, movieMessage } from './fixtures/analytics-movies.js';
import { kaggleCsv } from './fixtures/kaggle-csv.js';
import { tmdbMovies } from './fixtures/movies.js';
import { expectEventually } from './support/expect-eventually.js';
import { FakeTmdb } from './support/fake-tmdb/fake-tmdb.server.js';
import { movieCatalog } from './support/fake-tmdb/movie.factory.js';
import { ensureSchemathesis, run, SCHEMATHESIS_VERSION, summarize, writeText, type SchemathesisInstall } from './support/schemathesis.js';
import { isolatedEnv, startTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

/**
 * Property-based fuzzing of the whole HTTP API from its own OpenAPI document: schemathesis
 * generates valid and invalid requests for every documented operation and checks that none
 * answers 5xx and that every answer (status, content type, headers, body) is one the
 * document declares. Bounded and seeded, so CI runs the same cases in the same time.
 */

const ARTIFACTS = resolve(import.meta.dirname, '..', 'test-artifacts');
const LOG = resolve(ARTIFACTS, 'schemathesis.log');
const JUNIT = resolve(ARTIFACTS, 'schemathesis-junit.xml');
const CONFIG_FILE = resolve(ARTIFACTS, 'schemathesis.toml');
const TMDB_KEY = '0123456789abcdef0123456789abcdef';

/**
 * Test cases per operation in the fuzzing phase (the coverage phase's deterministic boundary and
 * negative cases come on top, about 1,200 requests): the whole run takes one to one and a half
 * minutes on a slow shared 2-core machine.
 */
const MAX_EXAMPLES = 10;
const SEED = 20_240_601;

/**
 * schemathesis's settings for this run. Checks are chosen here, not on the command line, where they
 * would override the per-operation settings below.
 *
 * Every check runs but one: `unsupported_method` wants 405 for a method an operation does not
 * declare (TRACE /analytics), where Express, like most servers, answers 404 for a method and path
 * it has no route for. A convention, not a defect worth a router of our own.
 *
 * `positive_data_acceptance` sends requests the document calls valid and wants them accepted. A few
 * rules span two fields, which OpenAPI 3.0 cannot state, so schema-valid requests are rightly refused
 * (400) there: only that check is off, and only for those operations.
 */
const CONFIG = `# Written by test/fuzz.e2e-spec.ts for each run.
[checks]
unsupported_method.enabled = false

[phases.coverage]
# Requests with undeclared methods (TRACE, PUT, ...) only serve the check turned off above.
unexpected-methods = []

[[operations]]
# to must not be before from (both years).
include-path-regex = "^/analytics/(top-rated/years|revenue/top-per-year)$"
checks.positive_data_acceptance.enabled = false

[[operations]]
# Group answers: edges must be strictly ascending and groupBy/measure name each word once (rules on a list that a
# pattern cannot state), and on explore to must not be before from.
include-path-regex = "^/analytics/(explore|budget-bands)$"
checks.positive_data_acceptance.enabled = false

[[operations]]
# ids is required only when source is tmdb-ids; to must not be before from.
include-path = "/ingest"
include-method = "POST"
checks.positive_data_acceptance.enabled = false

[[operations]]
# An empty file is refused (400 UPLOAD_EMPTY); a binary body schema cannot say "at least one byte".
include-path = "/ingest/file"
checks.positive_data_acceptance.enabled = false
`;

describe(`fuzzing the HTTP API from its OpenAPI document (schemathesis ${SCHEMATHESIS_VERSION})`, () => {
  let install: SchemathesisInstall;
  let fake: FakeTmdb | undefined;
  let t: TestApp;

  beforeAll(async () => {
    // Made once per machine (about a minute), then reused.
    install = await ensureSchemathesis((line) => console.log(line));
    // TMDB ingests started by the fuzzer read from a loopback fake: nothing leaves the machine.
    fake = await FakeTmdb.start({ keys: [TMDB_KEY], movies: movieCatalog(40) });
    t = await startTestApp(
      isolatedEnv({
        TMDB_API_KEYS: TMDB_KEY,
        TMDB_BASE_URL: fake.baseUrl,
        TMDB_REQUESTS_PER_SECOND: '1000',
        TMDB_TIMEOUT_MS: '1000',
        TMDB_MAX_ATTEMPTS: '1',
        // Small, so the fuzzer's oversized bodies are refused (413) without moving megabytes.
        HTTP_BODY_LIMIT_MB: '1',
        INGEST_UPLOAD_LIMIT_MB: '1',
        // The fuzzer's garbage uploads make jobs fail by the dozen, each logged as an error. To see the
        // stack of a 5xx it reports, run with FUZZ_LOG_LEVEL=error.
        LOG_LEVEL: process.env['FUZZ_LOG_LEVEL'] ?? 'fatal',
      }),
    );
    await seed(t);
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('finds no server error and no answer outside the documented ones', { timeout: 180_000 }, async (ctx) => {
    if (!install.ok) {
      if (process.env['CI']) throw new Error(`[fuzz] schemathesis is needed in CI and cannot be had: ${install.reason}`);
      console.warn(`[fuzz] skipped: ${install.reason}`);
      ctx.skip();
      return;
    }
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    writeText(CONFIG_FILE, CONFIG);
    rmSync(JUNIT, { force: true });
    const started = Date.now();
    const result = await run(
      install.st,
      [
        `--config-file=${CONFIG_FILE}`,
        'run',
        `http://127.0.0.1:${port}/docs-json`,
        `--max-examples=${MAX_EXAMPLES}`,
        `--seed=${SEED}`,
        '--generation-database=none',
        '--workers=1',
        '--request-timeout=10',
        '--max-redirects=0',
        // The admin key opens every route and skips the rate limiter (429s would hide everything else).
        `--header=x-api-key: ${TEST_ADMIN_KEY}`,
        '--report=junit',
        `--report-junit-path=${JUNIT}`,
        '--no-color',
      ],
      {
        env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', PYTHONUNBUFFERED: '1', COLUMNS: '160' },
        cwd: ARTIFACTS,
        // A guard only: the run is bounded by the number of examples and takes about a minute.
        timeoutMs: 170_000,
        log: LOG,
      },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const figures = summarize(JUNIT, result.output);
    console.log(
      `[fuzz] ${figures.operations} operations, ${figures.testCases} test cases, ${figures.failures} failures` +
        `${figures.errors ? `, ${figures.errors} errors` : ''} in ${seconds} s (full output: test-artifacts/schemathesis.log)`,
    );
    expect(result.code, `schemathesis exited ${result.code ?? result.signal}; see test-artifacts/schemathesis.log\n${result.output.slice(-6000)}`).toBe(0);
    expect(figures.failures).toBe(0);
    expect(figures.operations).toBeGreaterThanOrEqual(20);
  });

  // Seen in the app's log during fuzzing: such a resume answered 202 and the job failed at once (FileNotFound).
  it('refuses to resume a file job whose upload was refused, with 409', async () => {
    const empty = await t.http.post('/ingest/file?name=empty').set('x-api-key', TEST_ADMIN_KEY).set('content-type', 'text/csv').send('');
    expect(empty.status).toBe(400);
    const jobs = (await t.http.get('/ingest/jobs?state=failed&limit=200').expect(200)).body as { id: string; options: { name?: string } }[];
    const refused = jobs.find((job) => job.options.name === 'empty');
    expect(refused).toBeDefined();
    const resume = await t.http.post(`/ingest/jobs/${refused!.id}/resume`).set('x-api-key', TEST_ADMIN_KEY);
    expect(resume.status, JSON.stringify(resume.body)).toBe(409);
    expect(resume.body).toMatchObject({ code: 'JOB_NOT_RESUMABLE', message: expect.stringMatching(/no stored upload/) });
  });
});

/** Movies for non-empty answers (straight onto the topic), and a finished file job for the job endpoints. */
async function seed(t: TestApp): Promise<void> {
  await t.kafka.publishRaw(
    t.config.kafka.topics.movies,
    ANALYTICS_MOVIES.map((m) => ({ key: String(m.tmdbId), value: JSON.stringify(movieMessage(m)) })),
  );
  const upload = await t.http
    .post('/ingest/file?name=fuzz-seed')
    .set('x-api-key', TEST_ADMIN_KEY)
    .set('content-type', 'text/csv')
    .send(kaggleCsv(tmdbMovies(20, 1000)));
  expect(upload.status).toBe(202);
  const total = ANALYTICS_MOVIES.length + 20;
  await expectEventually(async () => expect(await t.db.collection('movies').countDocuments()).toBe(total), { timeoutMs: 60_000 });
  await expectEventually(async () => expect((await t.http.get(`/ingest/jobs/${upload.body.id}`).expect(200)).body.state).toBe('completed'), {
    timeoutMs: 60_000,
  });
}
