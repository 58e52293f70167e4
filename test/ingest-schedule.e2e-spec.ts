import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEventually } from './support/expect-eventually.js';
import { FakeTmdb } from './support/fake-tmdb/fake-tmdb.server.js';
import { movieCatalog } from './support/fake-tmdb/movie.factory.js';
import { isolatedEnv, startTestApp, type TestApp } from './support/test-app.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.e2e-schedule-token.c2lnbmF0dXJl';

describe('the scheduled ingest with two replicas', () => {
  let fake: FakeTmdb;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    fake = await FakeTmdb.start({ keys: [TOKEN], movies: movieCatalog(20) });
    const env = isolatedEnv({
      TMDB_API_KEYS: TOKEN,
      TMDB_BASE_URL: fake.baseUrl,
      INGEST_CRON: '*/2 * * * * *',
      INGEST_CRON_SOURCE: 'tmdb-top-rated',
      INGEST_CRON_PAGES: '1',
    });
    a = await startTestApp(env);
    b = await startTestApp(env);
  });
  afterAll(async () => {
    await a?.close({ keepData: true });
    await b?.close();
    await fake?.close();
  });

  it('starts one job per tick, whichever replica wins the tick', async () => {
    const jobs = await expectEventually(
      async () => {
        const found = await a.db.collection('ingest_jobs').find({ trigger: 'schedule' }).toArray();
        expect(found.length).toBeGreaterThanOrEqual(3);
        return found;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    // Both replicas ticked every 2 s; a tick that started two jobs would show two jobs in one 2-second slot.
    const slots = jobs.map((j) => Math.floor((j['createdAt'] as Date).getTime() / 2000));
    expect(new Set(slots).size).toBe(slots.length);
    expect(jobs.every((j) => j['source'] === 'tmdb-top-rated')).toBe(true);
    await expectEventually(async () => expect(await a.db.collection('movies').countDocuments()).toBe(20));
    console.info(`[schedule] ${jobs.length} scheduled jobs in ${new Set(slots).size} ticks across two replicas`);
  });
});
