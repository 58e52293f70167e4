import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kaggleCsv } from './fixtures/kaggle-csv.js';
import { tmdbMovies } from './fixtures/movies.js';
import { expectEventually } from './support/expect-eventually.js';
import { isolatedEnv, startTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

/**
 * Keys and job control through the whole app: the pages and probes stay open under READ_API_KEY, and
 * resume and cancel act on real jobs. Which key opens which route (401, 403, ADMIN_KEY_NOT_CONFIGURED)
 * is checked at the HTTP edge by the controller specs (src/analytics/*.controller.spec.ts,
 * src/ingest/ingest.controller.spec.ts).
 */
const READ_KEY = 'e2e-read-key-0123456789';

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

  it('the pages and the probes stay open (the pages ask for the key themselves)', async () => {
    for (const path of ['/dashboard', '/wdc', '/web/assets/api.js', '/health/live']) expect((await t.http.get(path)).status, path).toBe(200);
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

  it('a completed job neither resumes (409 JOB_NOT_RESUMABLE) nor cancels (409 JOB_NOT_CANCELLABLE), and is untouched', async () => {
    const id = await upload(t, 20);
    const done = await untilState(t, id, 'completed');
    const resume = await t.http.post(`/ingest/jobs/${id}/resume`).set('x-api-key', TEST_ADMIN_KEY);
    expect(resume.status).toBe(409);
    expect(resume.body.code).toBe('JOB_NOT_RESUMABLE');
    const cancel = await t.http.post(`/ingest/jobs/${id}/cancel`).set('x-api-key', TEST_ADMIN_KEY);
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('JOB_NOT_CANCELLABLE');
    expect(await job(t, id)).toMatchObject({ state: 'completed', resumes: done.resumes, cancelRequested: false });
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
