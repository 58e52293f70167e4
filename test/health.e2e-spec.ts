import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';
import { expectEventually } from './support/expect-eventually.js';
import { stopService, startService } from '../tools/services/services.mjs';

describe('GET /health against the real Kafka and MongoDB', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await startService('kafka').catch(() => undefined);
    await t?.close();
  });

  it('answers 200 with MongoDB and Kafka each up', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.mongodb.status).toBe('up');
    expect(res.body.info.kafka.status).toBe('up');
    expect(res.body.info.kafka.brokers).toBe(1);
  });

  it('turns 503 naming Kafka when the broker stops answering, and 200 again when it is back', async () => {
    await stopService('kafka', { signal: 'SIGSTOP' });
    try {
      const down = await expectEventually(
        async () => {
          const res = await t.http.get('/health');
          expect(res.status).toBe(503);
          return res;
        },
        { timeoutMs: 20_000 },
      );
      expect(down.body.error.kafka.status).toBe('down');
      expect(down.body.info.mongodb.status).toBe('up');
    } finally {
      await stopService('kafka', { signal: 'SIGCONT' });
    }
    await expectEventually(async () => expect((await t.http.get('/health')).status).toBe(200), { timeoutMs: 60_000, intervalMs: 1000 });
  });

  it('turns 503 when the broker process is killed, and 200 again after services:up', async () => {
    await stopService('kafka', { signal: 'SIGKILL' });
    const down = await expectEventually(
      async () => {
        const res = await t.http.get('/health');
        expect(res.status).toBe(503);
        return res;
      },
      { timeoutMs: 20_000 },
    );
    expect(down.body.error.kafka.status).toBe('down');
    await startService('kafka');
    await expectEventually(async () => expect((await t.http.get('/health')).status).toBe(200), { timeoutMs: 60_000, intervalMs: 1000 });
  }, 120_000);

  it('serves the liveness probe, metrics and the OpenAPI document', async () => {
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    const metrics = await t.http.get('/metrics').expect(200);
    expect(metrics.text).toContain('movies_persisted_total');
    expect(metrics.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/health\/live"/);
    const docs = await t.http.get('/docs-json').expect(200);
    expect(docs.body.paths['/health']).toBeDefined();
    expect(docs.body.paths['/ingest']).toBeDefined();
  });
});
