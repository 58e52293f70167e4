import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYTICS_MOVIES, movieMessage } from './fixtures/analytics-movies.js';
import { expectEventually } from './support/expect-eventually.js';
import { isolatedEnv, startTestApp, type TestApp } from './support/test-app.js';

/** Reads have a bounded cost and a bounded number in flight: past the cap a request is shed with 503, never queued without end. */
describe('Analytics requests in flight', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(isolatedEnv({ ANALYTICS_MAX_IN_FLIGHT: '2' }));
    await t.kafka.publishRaw(
      t.config.kafka.topics.movies,
      ANALYTICS_MOVIES.map((m) => ({ key: String(m.tmdbId), value: JSON.stringify(movieMessage(m)) })),
    );
    await expectEventually(async () => expect((await t.http.get('/analytics/data-quality').expect(200)).body.total).toBe(ANALYTICS_MOVIES.length), {
      timeoutMs: 60_000,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sheds requests past ANALYTICS_MAX_IN_FLIGHT with 503 and Retry-After, and serves the rest', async () => {
    // Each asks for parameters never asked before, so each waits for the Spearman worker and for titles from MongoDB.
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => t.http.get(`/analytics/revenue-vs-budget?minBudget=${i + 1}`)));
    const shed = replies.filter((r) => r.status === 503);
    const served = replies.filter((r) => r.status === 200);
    console.info(`[limits] 40 concurrent fresh answers with a cap of 2: ${served.length} served, ${shed.length} shed`);
    expect(shed.length + served.length).toBe(40);
    expect(shed.length).toBeGreaterThan(0);
    expect(served.length).toBeGreaterThanOrEqual(2);
    for (const r of shed) {
      expect(r.headers['retry-after']).toBe('5');
      expect(r.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('ANALYTICS_MAX_IN_FLIGHT') });
    }
    // Nothing stays counted: once they are done, a request is served again.
    await t.http.get('/analytics/revenue-vs-budget?minBudget=999').expect(200);
  });
});
