import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type request from 'supertest';
import { isolatedEnv, startTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

/**
 * Hostile input at the HTTP edge: every row must be refused with a 4xx that says why,
 * never a 500, and nothing may reach the database (no job, no movie, no stray collection).
 * The exact 400 of each kind is checked by the controller specs (src/analytics/*.controller.spec.ts,
 * src/ingest/ingest.controller.spec.ts), helmet and CORS by src/common/http-edge.spec.ts; this
 * table keeps the whole app's answer: a 4xx, and nothing in the database.
 */
const HOSTILE: { name: string; method: 'get' | 'post'; path: string; body?: unknown; contentType?: string }[] = [
  { name: 'operator injection in a number', method: 'get', path: '/analytics/languages?minVotes[$gt]=0' },
  { name: 'operator injection, encoded brackets', method: 'get', path: '/analytics/languages?minVotes%5B%24ne%5D=1' },
  { name: '$where as a parameter', method: 'get', path: '/analytics/genres?$where=sleep(1000)' },
  { name: 'prototype pollution key', method: 'get', path: '/analytics/genres?__proto__[polluted]=1' },
  { name: 'constructor.prototype key', method: 'get', path: '/analytics/genres?constructor[prototype][x]=1' },
  { name: 'unknown parameter', method: 'get', path: '/analytics/movies/top?sort=title' },
  { name: 'huge number', method: 'get', path: '/analytics/languages?minVotes=1e400' },
  { name: 'number past safe integer', method: 'get', path: '/analytics/languages?minVotes=99999999999999999999' },
  { name: 'negative limit', method: 'get', path: '/analytics/movies/top?limit=-1' },
  { name: 'zero limit', method: 'get', path: '/analytics/movies/top?limit=0' },
  { name: 'limit over the maximum', method: 'get', path: '/analytics/movies/top?limit=100000' },
  { name: 'fractional limit', method: 'get', path: '/analytics/movies/top?limit=2.5' },
  { name: 'hex number', method: 'get', path: '/analytics/movies/top?limit=0x10' },
  { name: 'measure outside the fixed list', method: 'get', path: '/analytics/movies/top?by=title' },
  { name: 'measure as an operator', method: 'get', path: '/analytics/movies/top?by[$ne]=profit' },
  { name: 'order outside the fixed list', method: 'get', path: '/analytics/movies/top?order=sideways' },
  { name: 'repeated parameter', method: 'get', path: '/analytics/movies/top?limit=5&limit=6' },
  { name: 'rating over 10', method: 'get', path: '/analytics/top-rated/years?minRating=11' },
  { name: 'year range reversed', method: 'get', path: '/analytics/top-rated/years?from=2010&to=2000' },
  { name: 'year as text', method: 'get', path: '/analytics/revenue/top-per-year?from=nineteen' },
  { name: 'unicode digits', method: 'get', path: `/analytics/movies/top?limit=${encodeURIComponent('１０')}` },
  { name: 'null byte', method: 'get', path: '/analytics/movies/top?by=profit%00' },
  { name: 'bad format', method: 'get', path: '/analytics/genres?format=xml' },
  { name: 'job id not a UUID', method: 'get', path: '/ingest/jobs/1;drop' },
  { name: 'job id as an operator', method: 'get', path: '/ingest/jobs/%7B%22%24ne%22%3Anull%7D' },
  { name: 'jobs limit as an operator', method: 'get', path: '/ingest/jobs?limit[$gt]=0' },
  { name: 'ingest source outside the list', method: 'post', path: '/ingest', body: { source: 'tmdb-everything' } },
  { name: 'ingest source as an operator', method: 'post', path: '/ingest', body: { source: { $ne: null } } },
  { name: 'ingest with an unknown field', method: 'post', path: '/ingest', body: { source: 'tmdb-top-rated', $where: '1' } },
  {
    name: 'ingest with a prototype key',
    method: 'post',
    path: '/ingest',
    body: JSON.parse('{"source":"tmdb-top-rated","__proto__":{"admin":true}}') as unknown,
  },
  { name: 'ingest pages negative', method: 'post', path: '/ingest', body: { source: 'tmdb-top-rated', pages: -3 } },
  { name: 'ingest pages as a string', method: 'post', path: '/ingest', body: { source: 'tmdb-top-rated', pages: '10' } },
  { name: 'ingest ids with operators', method: 'post', path: '/ingest', body: { source: 'tmdb-ids', ids: [{ $gt: 0 }] } },
  { name: 'ingest body not JSON', method: 'post', path: '/ingest', body: '{"source":', contentType: 'application/json' },
  { name: 'ingest body oversized', method: 'post', path: '/ingest', body: { source: 'tmdb-top-rated', pad: 'x'.repeat(2 * 1024 * 1024) } },
  { name: 'upload name with a path', method: 'post', path: '/ingest/file?name=../../etc/passwd', body: 'id,title\n1,A\n', contentType: 'text/csv' },
  { name: 'upload format outside the list', method: 'post', path: '/ingest/file?format=exe', body: 'id,title\n1,A\n', contentType: 'text/csv' },
];

describe('hostile input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(isolatedEnv({ RATE_LIMIT_PER_MINUTE: '0', TMDB_API_KEYS: 'a'.repeat(32) }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`covers at least 30 cases (${HOSTILE.length})`, () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
  });

  it.each(HOSTILE)('refuses $name with a 4xx and a message', async ({ method, path, body, contentType }) => {
    let req = t.http[method](path).set('x-api-key', TEST_ADMIN_KEY);
    if (contentType) req = req.set('content-type', contentType);
    const res = await (body === undefined
      ? req
      : req.send(typeof body === 'string' ? body : JSON.stringify(body)).set('content-type', contentType ?? 'application/json'));
    expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const message = res.body.message as unknown;
    expect(Array.isArray(message) ? message.join(' ') : String(message)).not.toBe('');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it('let nothing reach the database', async () => {
    expect(await t.db.collection('ingest_jobs').countDocuments()).toBe(0);
    expect(await t.db.collection('movies').countDocuments()).toBe(0);
  });
});

describe('rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(isolatedEnv({ RATE_LIMIT_PER_MINUTE: '5' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with Retry-After past the limit, except for the admin key and the probes', async () => {
    for (let i = 0; i < 5; i++) expect((await t.http.get('/ingest/jobs')).status).toBe(200);
    const limited = await t.http.get('/ingest/jobs');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.message).toMatch(/RATE_LIMIT_PER_MINUTE/);
    expect((await t.http.get('/ingest/jobs').set('x-api-key', TEST_ADMIN_KEY)).status).toBe(200);
    expect((await t.http.get('/health/live')).status).toBe(200);
  });
});

describe('rate limit: one budget per client across every route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(isolatedEnv({ APP_ROLE: 'api', RATE_LIMIT_PER_MINUTE: '600' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('600 requests spread over six routes use up the budget: the next one answers 429 with Retry-After, on any route', async () => {
    const routes = ['/analytics', '/analytics/genres', '/ingest/jobs', '/dashboard', '/wdc', '/web/assets/api.js'];
    const statuses: Record<number, number> = {};
    let last: request.Response | undefined;
    for (let i = 0; i < 600; i++) {
      last = await t.http.get(routes[i % routes.length]!);
      statuses[last.status] = (statuses[last.status] ?? 0) + 1;
    }
    // 100 a route: a budget per route would have let every route take 500 more.
    expect(statuses).toEqual({ 200: 600 });
    expect(last!.headers['x-ratelimit-remaining']).toBe('0');
    for (const route of [...routes, '/analytics/languages']) {
      const limited = await t.http.get(route);
      expect(limited.status, route).toBe(429);
      expect(Number(limited.headers['retry-after']), route).toBeGreaterThan(0);
    }
  });
});

describe('rate limit behind a reverse proxy', () => {
  const fromClient = (t: TestApp, client: string) => t.http.get('/ingest/jobs').set('x-forwarded-for', client);

  it('with TRUST_PROXY=1, two clients behind one proxy have separate budgets, and a made-up first hop buys no new one', async () => {
    const t = await startTestApp(isolatedEnv({ APP_ROLE: 'api', RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' }));
    try {
      for (let i = 0; i < 3; i++) expect((await fromClient(t, '203.0.113.1')).status).toBe(200);
      expect((await fromClient(t, '203.0.113.1')).status).toBe(429);
      // The proxy appends the address it saw; whatever the client wrote before it is not believed.
      expect((await fromClient(t, '198.51.100.77, 203.0.113.1')).status).toBe(429);
      for (let i = 0; i < 3; i++) expect((await fromClient(t, '203.0.113.2')).status).toBe(200);
      expect((await fromClient(t, '203.0.113.2')).status).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('without TRUST_PROXY (the default), X-Forwarded-For is ignored: everyone behind the proxy shares its budget', async () => {
    const t = await startTestApp(isolatedEnv({ APP_ROLE: 'api', RATE_LIMIT_PER_MINUTE: '3' }));
    try {
      for (let i = 0; i < 3; i++) expect((await fromClient(t, '203.0.113.1')).status).toBe(200);
      expect((await fromClient(t, '203.0.113.2')).status).toBe(429);
    } finally {
      await t.close();
    }
  });
});
