import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kaggleCsv } from './fixtures/kaggle-csv.js';
import { tmdbMovies } from './fixtures/movies.js';
import { expectEventually } from './support/expect-eventually.js';
import { isolatedEnv, startTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

/**
 * Who may call what, over plain HTTP: the read key, the admin key, job control (resume, cancel)
 * and a server with no admin key configured. Each refusal is checked at the database too.
 */
const READ_KEY = 'e2e-read-key-0123456789';
const WRONG_KEY = 'e2e-wrong-key-0123456789';
const NO_SUCH_JOB = '6f1c1f1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f';

interface JobBody {
  id: string;
  state: string;
  resumes: number;
  cancelRequested: boolean;
  progress: { produced: number; persisted: number };
}

async function upload(t: TestApp, movies: number): Promise<string> {
  const res = await t.http
    .post('/ingest/file')
    .set('x-api-key', TEST_ADMIN_KEY)
    .set('content-type', 'text/csv')
    .send(kaggleCsv(tmdbMovies(movies)));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.id as string;
}

async function job(t: TestApp, id: string): Promise<JobBody> {
  return (await t.http.get(`/ingest/jobs/${id}`).set('x-api-key', TEST_ADMIN_KEY).expect(200)).body as JobBody;
}

function untilState(t: TestApp, id: string, state: string): Promise<JobBody> {
  return expectEventually(
    async () => {
      const body = await job(t, id);
      expect(body.state).toBe(state);
      return body;
    },
    { timeoutMs: 120_000, intervalMs: 100 },
  );
}

describe('READ_API_KEY set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(isolatedEnv({ APP_ROLE: 'api', READ_API_KEY: READ_KEY }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['/analytics/genres', '/analytics/tables/movies?pageSize=1', '/analytics/tables/movies/export', '/ingest/jobs', `/ingest/jobs/${NO_SUCH_JOB}`])(
    'GET %s: 401 without a key, 403 with a wrong one, open to the read key and to the admin key',
    async (path) => {
      const missing = await t.http.get(path);
      expect(missing.status).toBe(401);
      expect(missing.body.code).toBe('API_KEY_MISSING');
      const wrong = await t.http.get(path).set('x-api-key', WRONG_KEY);
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('API_KEY_WRONG');
      const expected = path.startsWith('/ingest/jobs/') ? 404 : 200; // an unknown job: past the key check
      expect((await t.http.get(path).set('x-api-key', READ_KEY)).status).toBe(expected);
      expect((await t.http.get(path).set('x-api-key', TEST_ADMIN_KEY)).status).toBe(expected);
      // The same key as a bearer token (Tableau's REST API connector sends it so).
      expect((await t.http.get(path).set('authorization', `Bearer ${READ_KEY}`)).status).toBe(expected);
      expect((await t.http.get(path).set('authorization', `Bearer ${WRONG_KEY}`)).status).toBe(403);
    },
  );

  it('the read key opens no admin route, and nothing is started', async () => {
    const id = NO_SUCH_JOB;
    for (const [path, body] of [
      ['/ingest', { source: 'tmdb-top-rated' }],
      [`/ingest/jobs/${id}/resume`, undefined],
      [`/ingest/jobs/${id}/cancel`, undefined],
    ] as const) {
      const res = await t.http.post(path).set('x-api-key', READ_KEY).send(body);
      expect(res.status, path).toBe(403);
      expect(res.body.code).toBe('API_KEY_WRONG');
    }
    const file = await t.http.post('/ingest/file').set('x-api-key', READ_KEY).set('content-type', 'text/csv').send('id,title\n1,A\n');
    expect(file.status).toBe(403);
    expect(await t.db.collection('ingest_jobs').countDocuments()).toBe(0);
  });

  it('the pages and the probes stay open (the pages ask for the key themselves)', async () => {
    for (const path of ['/dashboard', '/wdc', '/web/assets/api.js', '/health/live']) expect((await t.http.get(path)).status, path).toBe(200);
  });
});

describe('ADMIN_API_KEY unset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(isolatedEnv({ APP_ROLE: 'api', ADMIN_API_KEY: '' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every admin route answers 401 ADMIN_KEY_NOT_CONFIGURED, with or without a key, and nothing is started', async () => {
    expect(t.config.auth.adminApiKey).toBeUndefined();
    const id = NO_SUCH_JOB;
    for (const key of [undefined, TEST_ADMIN_KEY]) {
      for (const path of ['/ingest', `/ingest/jobs/${id}/resume`, `/ingest/jobs/${id}/cancel`]) {
        const req = t.http.post(path);
        const res = await (key ? req.set('x-api-key', key) : req).send({ source: 'tmdb-top-rated' });
        expect(res.status, `${path} with ${key ? 'a key' : 'no key'}`).toBe(401);
        expect(res.body.code).toBe('ADMIN_KEY_NOT_CONFIGURED');
        expect(res.body.message).toMatch(/ADMIN_API_KEY/);
      }
      const req = t.http.post('/ingest/file').set('content-type', 'text/csv');
      const file = await (key ? req.set('x-api-key', key) : req).send('id,title\n1,A\n');
      expect(file.status).toBe(401);
      expect(file.body.code).toBe('ADMIN_KEY_NOT_CONFIGURED');
    }
    expect(await t.db.collection('ingest_jobs').countDocuments()).toBe(0);
    // Reads stay open (no READ_API_KEY).
    expect((await t.http.get('/ingest/jobs')).status).toBe(200);
  });
});

describe('job control: resume and cancel', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(isolatedEnv({ READ_API_KEY: READ_KEY, INGEST_BATCH_SIZE: '50' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('resume and cancel need the admin key: 401 without, 403 with a wrong or the read key, and the job is untouched', async () => {
    const id = await upload(t, 20);
    const done = await untilState(t, id, 'completed');
    for (const action of ['resume', 'cancel']) {
      const path = `/ingest/jobs/${id}/${action}`;
      const missing = await t.http.post(path);
      expect(missing.status, path).toBe(401);
      expect(missing.body.code).toBe('API_KEY_MISSING');
      for (const key of [WRONG_KEY, READ_KEY]) {
        const refused = await t.http.post(path).set('x-api-key', key);
        expect(refused.status, path).toBe(403);
        expect(refused.body.code).toBe('API_KEY_WRONG');
      }
    }
    const after = await job(t, id);
    expect(after).toMatchObject({ state: 'completed', resumes: done.resumes, cancelRequested: false });
    // With the admin key both reach the job, which is in no state to resume or cancel.
    expect((await t.http.post(`/ingest/jobs/${id}/resume`).set('x-api-key', TEST_ADMIN_KEY)).body.code).toBe('JOB_NOT_RESUMABLE');
    expect((await t.http.post(`/ingest/jobs/${id}/cancel`).set('x-api-key', TEST_ADMIN_KEY)).body.code).toBe('JOB_NOT_CANCELLABLE');
  });

  it('cancel stops a running file ingest after its batch; the movies produced are stored; a resume finishes the file', async () => {
    const movies = 5000;
    const id = await upload(t, movies);
    await expectEventually(
      async () => {
        const body = await job(t, id);
        expect(body.state).toBe('running');
        expect(body.progress.produced).toBeGreaterThan(0);
      },
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    const asked = await t.http.post(`/ingest/jobs/${id}/cancel`).set('x-api-key', TEST_ADMIN_KEY);
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body).toMatchObject({ id, cancelRequested: true });

    const cancelled = await untilState(t, id, 'cancelled');
    expect(cancelled.progress.produced).toBeGreaterThan(0);
    expect(cancelled.progress.produced).toBeLessThan(movies);
    expect(cancelled.progress.produced % 50).toBe(0); // it stopped at the end of a batch
    const movieDocs = t.db.collection('movies');
    await expectEventually(async () => expect(await movieDocs.countDocuments()).toBe(cancelled.progress.produced), { timeoutMs: 60_000 });
    expect((await job(t, id)).progress.produced).toBe(cancelled.progress.produced); // nothing produced after the cancel

    const resumed = await t.http.post(`/ingest/jobs/${id}/resume`).set('x-api-key', TEST_ADMIN_KEY);
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
    const completed = await untilState(t, id, 'completed');
    expect(completed.resumes).toBe(1);
    expect(completed.progress.produced).toBe(movies);
    await expectEventually(async () => expect(await movieDocs.countDocuments()).toBe(movies), { timeoutMs: 120_000 });
    expect((await movieDocs.distinct('tmdbId')).length).toBe(movies);
  });
});
