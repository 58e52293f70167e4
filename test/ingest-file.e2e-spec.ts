import { existsSync, readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kaggleCsv } from './fixtures/kaggle-csv.js';
import { FIXTURE_GENRES as GENRES, movieMessage as message, tmdbMovies as movies } from './fixtures/movies.js';
import { expectEventually } from './support/expect-eventually.js';
import { isolatedEnv, MONGO_BASE, startTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

interface JobBody {
  id: string;
  state: string;
  progress: { moviesRead: number; produced: number; persisted: number; failed: number; deadLettered: number };
  failures: { ref: string; reason: string }[];
  resumes: number;
  lastError: string | null;
}

async function upload(t: TestApp, csv: string) {
  return t.http.post('/ingest/file').set('x-api-key', TEST_ADMIN_KEY).set('content-type', 'text/csv').send(csv);
}

async function waitForJob(t: TestApp, id: string, until: (job: JobBody) => boolean, timeoutMs = 60_000): Promise<JobBody> {
  return expectEventually(
    async () => {
      const job = (await t.http.get(`/ingest/jobs/${id}`).expect(200)).body as JobBody;
      expect(job.state).not.toBe('failed');
      expect(until(job), `job ${id}: ${JSON.stringify({ state: job.state, progress: job.progress, lastError: job.lastError })}`).toBe(true);
      return job;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

const completedAndPersisted = (expected: number) => (job: JobBody) =>
  job.state === 'completed' && job.progress.persisted + job.progress.deadLettered >= expected;

describe('file ingest through Kafka into MongoDB', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(isolatedEnv({ INGEST_BATCH_SIZE: '25' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses an empty file with 400 UPLOAD_EMPTY', async () => {
    const empty = await upload(t, '');
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'UPLOAD_EMPTY', message: 'the uploaded file is empty' });
  });

  it('imports a CSV: one document per valid row, bad rows recorded on the job with their line', async () => {
    const good = movies(60);
    const bad = ['1000000,[],,not-a-number,[],en,Broken id,x,1,[],[],2001-01-01,5,90,[],Released,,Broken id,5,5', kaggleRowWithDate(61, '2001-13-45')];
    const res = await upload(t, kaggleCsv(good, bad));
    expect(res.status).toBe(202);
    expect(res.headers['location']).toBe(`/ingest/jobs/${res.body.id}`);

    const job = await waitForJob(t, res.body.id as string, completedAndPersisted(60));
    expect(job.progress).toMatchObject({ moviesRead: 62, produced: 60, persisted: 60, failed: 2, deadLettered: 0 });
    expect(job.failures.map((f) => f.reason).join('\n')).toMatch(/id/);
    expect(job.failures.some((f) => f.reason.includes('2001-13-45'))).toBe(true);

    const docs = t.db.collection('movies');
    expect(await docs.countDocuments()).toBe(60);
    expect((await docs.distinct('tmdbId')).length).toBe(60);
    const seven = await docs.findOne({ tmdbId: 7 });
    expect(seven).toMatchObject({ budget: 0, revenue: 17_500_000, profit: null, originalLanguage: 'ja', originalLanguageName: 'Japanese', releaseYear: 1997 });
    const eight = await docs.findOne({ tmdbId: 8 });
    expect(eight).toMatchObject({ budget: 8_000_000, revenue: 20_000_000, profit: 12_000_000, sources: ['file'] });
    expect(eight?.['genres']).toEqual([GENRES[2], GENRES[0]]);
  });

  it('a replay of the same file changes nothing', async () => {
    const docs = t.db.collection('movies');
    const before = new Map(
      (await docs.find({}, { projection: { tmdbId: 1, updatedAt: 1 } }).toArray()).map((d) => [d['tmdbId'], (d['updatedAt'] as Date).getTime()]),
    );
    const res = await upload(t, kaggleCsv(movies(60)));
    expect(res.status).toBe(202);
    await waitForJob(t, res.body.id as string, completedAndPersisted(60));
    expect(await docs.countDocuments()).toBe(60);
    const after = await docs.find({}, { projection: { tmdbId: 1, updatedAt: 1 } }).toArray();
    const changed = after.filter((d) => before.get(d['tmdbId']) !== (d['updatedAt'] as Date).getTime());
    expect(changed).toEqual([]);
  });

  it('answers 409 naming the running job when a file ingest is already running', async () => {
    const first = await upload(t, kaggleCsv(movies(3000, 10_000)));
    expect(first.status).toBe(202);
    const second = await upload(t, kaggleCsv(movies(2)));
    expect(second.status).toBe(409);
    expect(second.body.runningJobId).toBe(first.body.id);
    expect(second.body.message).toContain(first.body.id);
    await waitForJob(t, first.body.id as string, completedAndPersisted(3000), 120_000);
    expect(await t.db.collection('movies').countDocuments()).toBe(3060);
  });

  it('dead-letters 10 malformed messages with their reasons and persists the valid ones around them', async () => {
    const topic = t.config.kafka.topics.movies;
    const valid = (id: number) => ({ key: String(id), value: JSON.stringify(message(id)) });
    const poison = [
      { key: '1', value: 'not json at all' },
      { key: '2', value: '{"schemaVersion":1,"tmdbId":' },
      { key: '3', value: JSON.stringify({ ...message(900_003), tmdbId: 'three' }) },
      { key: '4', value: JSON.stringify({ ...message(900_004), tmdbId: undefined }) },
      { key: '5', value: JSON.stringify({ ...message(900_005), budget: -5 }) },
      { key: '6', value: JSON.stringify({ ...message(900_006), releaseDate: '31/12/2001' }) },
      { key: '7', value: JSON.stringify({ ...message(900_007), schemaVersion: 99 }) },
      { key: '8', value: JSON.stringify([1, 2, 3]) },
      { key: '9', value: null },
      { key: '10', value: JSON.stringify({ ...message(900_010), title: 'x'.repeat(600_000) }) },
    ];
    await t.kafka.publishRaw(topic, [valid(800_001), ...poison.slice(0, 5), valid(800_002), ...poison.slice(5), valid(800_003)]);

    const letters = await t.kafka.readAll(t.config.kafka.topics.deadLetter, 10, 60_000);
    expect(letters).toHaveLength(10);
    for (const letter of letters) {
      expect(letter.headers?.['x-dlq-reason']?.toString().length, `reason of key ${letter.key?.toString()}`).toBeGreaterThan(5);
      expect(letter.headers?.['x-dlq-code']?.toString()).toMatch(/^[A-Z_]+$/);
    }
    expect(new Set(letters.map((l) => l.key?.toString()))).toEqual(new Set(poison.map((p) => p.key)));
    await expectEventually(async () => expect(await t.db.collection('movies').countDocuments({ tmdbId: { $in: [800_001, 800_002, 800_003] } })).toBe(3));
    expect(await t.db.collection('movies').countDocuments({ tmdbId: { $gte: 900_000 } })).toBe(0);
    const valid3 = { tmdbId: { $in: [800_001, 800_002, 800_003] } };
    const documents = await t.db.collection('movies').countDocuments(valid3);
    const distinct = (await t.db.collection('movies').distinct('tmdbId', valid3)).length;
    console.info(
      `[fault] poison messages: produced 13, persisted ${documents}, dead-lettered ${letters.length} (${[...new Set(letters.map((l) => l.headers?.['x-dlq-code']?.toString()))].join(', ')}), documents ${documents} for ${distinct} distinct ids`,
    );
  });
});

describe('an ingest interrupted by a restart', () => {
  it('resumes from its checkpoint and ends with the same count as an uninterrupted run', async () => {
    const env = isolatedEnv({ INGEST_BATCH_SIZE: '50' });
    const total = 10_000;
    let t = await startTestApp(env);
    try {
      const res = await upload(t, kaggleCsv(movies(total)));
      expect(res.status).toBe(202);
      const id = res.body.id as string;
      await waitForJob(t, id, (job) => job.progress.produced >= 50);
      await t.close({ keepData: true });
      // The shutdown put the unfinished job back in the queue, with its checkpoint.
      const mongo = await MongoClient.connect(MONGO_BASE);
      const paused = await mongo
        .db(new URL(env['MONGODB_URI']!).pathname.slice(1))
        .collection('ingest_jobs')
        .findOne({ _id: id as never });
      await mongo.close();
      expect(paused?.['state']).toBe('queued');
      expect(paused?.['progress'].produced).toBeLessThan(total);

      t = await startTestApp(env);
      const job = await waitForJob(t, id, completedAndPersisted(total), 120_000);
      expect(job.resumes).toBeGreaterThanOrEqual(1);
      expect(job.progress.produced).toBe(total);
      // persisted counts deliveries, and the batches in flight at the restart are delivered twice: wait for the documents.
      await expectEventually(async () => expect(await t.db.collection('movies').countDocuments()).toBe(total));
      expect((await t.db.collection('movies').distinct('tmdbId')).length).toBe(total);
      console.info(`resume: ${total} movies, ${job.resumes} resume(s), persisted ${job.progress.persisted}`);
    } finally {
      await t.close();
    }
  }, 180_000);
});

const TMDB_5000 = resolve(process.cwd(), '../shared/data/tmdb-5000/tmdb_5000_movies.csv');
const hasTmdb5000 = existsSync(TMDB_5000);
if (!hasTmdb5000) console.info(`Skipping the TMDB 5000 import test: ${TMDB_5000} is not here (it is optional demo data).`);

describe.skipIf(!hasTmdb5000)('the TMDB 5000 CSV', () => {
  it('lands as exactly 4,803 documents, and a second import changes none', async () => {
    const t = await startTestApp();
    try {
      const csv = readFileSync(TMDB_5000);
      for (const round of ['first', 'second']) {
        const started = Date.now();
        const res = await t.http.post('/ingest/file').set('x-api-key', TEST_ADMIN_KEY).set('content-type', 'text/csv').send(csv);
        expect(res.status).toBe(202);
        const job = await waitForJob(t, res.body.id as string, completedAndPersisted(4803), 300_000);
        expect(job.progress.failed).toBe(0);
        expect(await t.db.collection('movies').countDocuments()).toBe(4803);
        expect((await t.db.collection('movies').distinct('tmdbId')).length).toBe(4803);
        console.info(`TMDB 5000 ${round} import: ${Date.now() - started} ms, ${job.progress.persisted} persisted`);
      }
    } finally {
      await t.close();
    }
  }, 600_000);
});

function kaggleRowWithDate(id: number, date: string): string {
  return kaggleCsv([{ ...movies(1, id)[0]!, release_date: date }]).split('\n')[1]!;
}
