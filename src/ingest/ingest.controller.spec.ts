import type { INestApplication } from '@nestjs/common';
import type { Readable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, AppErrorCode } from '../common/app-error.js';
import { edgeApp, messageOf } from '../common/http-edge.testing.js';
import type { AppConfig } from '../config/app-config.js';
import { IngestController } from './ingest.controller.js';
import { IngestService } from './ingest.service.js';
import type { IngestJob } from './jobs/ingest-job.schema.js';

/**
 * The HTTP edge of /ingest: the body of POST /ingest, the upload's content types and query, the job
 * routes' parameters and keys, and what reaches the service. The service is a fake: no Kafka, no MongoDB.
 */

const ADMIN_KEY = 'spec-admin-key-0123456789';
const READ_KEY = 'spec-read-key-0123456789';
const JOB_ID = '6f1c1f1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f';

function jobOf(source: string, options: Record<string, unknown> = {}): IngestJob {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    _id: JOB_ID,
    source,
    options,
    state: 'queued',
    progress: { pagesRead: 0, totalPages: null, moviesRead: 0, produced: 0, persisted: 0, failed: 0, deadLettered: 0 },
    checkpoint: null,
    failures: [],
    lastError: null,
    trigger: 'api',
    resumes: 0,
    cancelRequested: false,
    createdAt: at,
    startedAt: null,
    finishedAt: null,
    updatedAt: at,
  } as unknown as IngestJob;
}

/** A body as a test title: JSON, cut short (some hold 10,000 ids). */
const short = (body: unknown): string => {
  const text = JSON.stringify(body);
  return text.length > 90 ? `${text.slice(0, 80)}…(${text.length} chars)` : text;
};

const fakeService = () => ({
  start: vi.fn(async (source: string, options: Record<string, unknown>) => jobOf(source, options)),
  /** Reads the body as the real service stores it, so the spec sees the bytes that reached it. */
  startFile: vi.fn(async (body: Readable, meta: Record<string, unknown>) => {
    let bytes = 0;
    for await (const chunk of body) bytes += (chunk as Buffer).length;
    return jobOf('file', { ...meta, bytes });
  }),
  list: vi.fn(async () => [jobOf('file')]),
  get: vi.fn(async () => jobOf('file')),
  resume: vi.fn(async () => jobOf('file')),
  cancel: vi.fn(async () => jobOf('file')),
});

describe('IngestController at the HTTP edge', () => {
  let app: INestApplication;
  const service = fakeService();
  const http = () => request(app.getHttpServer());
  const post = (body: unknown) =>
    http()
      .post('/ingest')
      .set('x-api-key', ADMIN_KEY)
      .send(body as object);

  beforeAll(async () => {
    ({ app } = await edgeApp({
      controllers: [IngestController],
      providers: [{ provide: IngestService, useValue: service }],
      env: { ADMIN_API_KEY: ADMIN_KEY, INGEST_UPLOAD_LIMIT_MB: '1' },
    }));
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    for (const fn of Object.values(service)) fn.mockClear();
  });

  describe('POST /ingest', () => {
    it('starts the source with only the options given (the service applies its defaults), 202 with Location', async () => {
      const res = await post({ source: 'tmdb-top-rated' }).expect(202);
      expect(res.headers['location']).toBe(`/ingest/jobs/${JOB_ID}`);
      expect(res.body).toMatchObject({ id: JOB_ID, source: 'tmdb-top-rated', state: 'queued' });
      expect(service.start).toHaveBeenCalledWith('tmdb-top-rated', {}, 'api');
    });

    it.each(
      [
        [{ source: 'tmdb-top-rated', pages: 10_000 }, { pages: 10_000 }],
        [
          { source: 'tmdb-discover', pages: 1, from: '2000-01-01', to: '2000-01-01' },
          { pages: 1, from: '2000-01-01', to: '2000-01-01' },
        ],
        [{ source: 'tmdb-discover', from: '2024-02-29' }, { from: '2024-02-29' }],
        [{ source: 'tmdb-changes', to: '2024-12-31' }, { to: '2024-12-31' }],
        [{ source: 'tmdb-ids', ids: [1, 550] }, { ids: [1, 550] }],
        [{ source: 'tmdb-ids', ids: Array.from({ length: 10_000 }, (_, i) => i + 1) }, { ids: Array.from({ length: 10_000 }, (_, i) => i + 1) }],
      ].map(([body, options]) => [short(body), body, options] as const),
    )('accepts %s', async (_label, body, options) => {
      await post(body).expect(202);
      expect(service.start).toHaveBeenCalledWith(body.source, options, 'api');
    });

    it.each(
      [
        [{}, 'source must be one of tmdb-top-rated, tmdb-discover, tmdb-ids, tmdb-changes (files go to POST /ingest/file)'],
        [{ source: 'file' }, 'source must be one of tmdb-top-rated, tmdb-discover, tmdb-ids, tmdb-changes (files go to POST /ingest/file)'],
        [{ source: 'tmdb-everything' }, 'source must be one of tmdb-top-rated, tmdb-discover, tmdb-ids, tmdb-changes (files go to POST /ingest/file)'],
        [{ source: { $ne: null } }, 'source must be one of tmdb-top-rated, tmdb-discover, tmdb-ids, tmdb-changes (files go to POST /ingest/file)'],
        [{ source: 'tmdb-top-rated', $where: '1' }, 'property $where should not exist'],
        [{ source: 'tmdb-top-rated', page: 3 }, 'property page should not exist'],
        [{ source: 'tmdb-top-rated', pages: 0 }, 'pages must not be less than 1'],
        [{ source: 'tmdb-top-rated', pages: -3 }, 'pages must not be less than 1'],
        [{ source: 'tmdb-top-rated', pages: 10_001 }, 'pages must not be greater than 10000'],
        [{ source: 'tmdb-top-rated', pages: 2.5 }, 'pages must be an integer number'],
        [{ source: 'tmdb-top-rated', pages: '10' }, 'pages must be an integer number'],
        [{ source: 'tmdb-top-rated', pages: null }, 'pages must be an integer number'],
        [{ source: 'tmdb-ids' }, 'ids must list at least one TMDB id for source tmdb-ids'],
        [{ source: 'tmdb-ids', ids: [] }, 'ids must list at least one TMDB id for source tmdb-ids'],
        [{ source: 'tmdb-ids', ids: [1, 0] }, 'each of ids must be at least 1'],
        [{ source: 'tmdb-ids', ids: [1, 2.5] }, 'each of ids must be a whole number'],
        [{ source: 'tmdb-ids', ids: ['550'] }, 'each of ids must be a whole number'],
        [{ source: 'tmdb-ids', ids: [{ $gt: 0 }] }, 'each of ids must be a whole number'],
        [{ source: 'tmdb-ids', ids: Array.from({ length: 10_001 }, (_, i) => i + 1) }, 'ids must contain no more than 10000 elements'],
        [{ source: 'tmdb-top-rated', ids: [] }, 'ids must list at least one TMDB id for source tmdb-ids'],
        [{ source: 'tmdb-discover', from: '2024-02-30' }, 'from must be a date YYYY-MM-DD'],
        [{ source: 'tmdb-discover', from: '2023-02-29' }, 'from must be a date YYYY-MM-DD'],
        [{ source: 'tmdb-discover', from: '2024-1-5' }, 'from must be a date YYYY-MM-DD'],
        [{ source: 'tmdb-discover', from: '2024-01-05T00:00:00Z' }, 'from must be a date YYYY-MM-DD'],
        [{ source: 'tmdb-discover', from: 20240105 }, 'from must be a date YYYY-MM-DD'],
        [{ source: 'tmdb-discover', from: null }, 'from must be a date YYYY-MM-DD'],
        [{ source: 'tmdb-discover', to: '2024-13-01' }, 'to must be a date YYYY-MM-DD'],
        [{ source: 'tmdb-discover', from: '2010-01-02', to: '2010-01-01' }, 'to (2010-01-01) must not be before from (2010-01-02)'],
        [{ source: 'tmdb-changes', from: '2024-06-01', to: '2023-06-01' }, 'to (2023-06-01) must not be before from (2024-06-01)'],
      ].map(([body, message]) => [short(body), body, message] as const),
    )('refuses %s: 400 "%s"', async (_label, body, message) => {
      const res = await post(body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toContain(message);
      expect(service.start).not.toHaveBeenCalled();
    });

    it('lists every problem of a body at once', async () => {
      const res = await post({ source: 'tmdb-discover', pages: 0, from: '2024-02-30', extra: 1 }).expect(400);
      expect(res.body.message).toEqual(
        expect.arrayContaining(['property extra should not exist', 'pages must not be less than 1', 'from must be a date YYYY-MM-DD']),
      );
    });

    it.each([
      ['a prototype key', '{"source":"tmdb-top-rated","__proto__":{"admin":true}}', 'property __proto__ should not exist'],
      ['a constructor key', '{"source":"tmdb-top-rated","constructor":1}', 'property constructor should not exist'],
      ['a nested prototype key', '{"source":"tmdb-top-rated","constructor":{"prototype":{}}}', 'property prototype should not exist'],
      ['JSON cut short', '{"source":', 'Unexpected end of JSON input'],
    ])('refuses %s in the JSON: 400', async (_kind, text, message) => {
      const res = await http().post('/ingest').set('x-api-key', ADMIN_KEY).set('content-type', 'application/json').send(text).expect(400);
      expect(messageOf(res.body)).toContain(message);
      expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
      expect(service.start).not.toHaveBeenCalled();
    });

    it('refuses a body over HTTP_BODY_LIMIT_MB with 413', async () => {
      const res = await post({ source: 'tmdb-top-rated', pad: 'x'.repeat(2 * 1024 * 1024) }).expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, message: 'request entity too large' });
    });

    it('passes on what the service refuses, with its code and details', async () => {
      service.start.mockRejectedValueOnce(new AppError(AppErrorCode.JOB_CONFLICT, 'tmdb-top-rated is being ingested by job x', { runningJobId: 'x' }));
      expect((await post({ source: 'tmdb-top-rated' }).expect(409)).body).toEqual({
        statusCode: 409,
        error: 'CONFLICT',
        code: 'JOB_CONFLICT',
        message: 'tmdb-top-rated is being ingested by job x',
        runningJobId: 'x',
      });
    });
  });

  describe('POST /ingest/file', () => {
    const upload = (path = '/ingest/file', type = 'text/csv', body = 'id,title\n1,A\n') =>
      http().post(path).set('x-api-key', ADMIN_KEY).set('content-type', type).send(body);

    it.each([
      ['text/csv', 'csv'],
      ['text/csv; charset=utf-8', 'csv'],
      ['application/x-ndjson', 'jsonl'],
      ['application/jsonl', 'jsonl'],
      ['application/json-lines', 'jsonl'],
      ['application/octet-stream', 'auto'],
      ['text/plain', 'auto'],
    ])('takes Content-Type %s as format %s, named "upload" by default, and streams the body to the service', async (type, format) => {
      const res = await upload('/ingest/file', type).expect(202);
      expect(res.headers['location']).toBe(`/ingest/jobs/${JOB_ID}`);
      expect(service.startFile).toHaveBeenCalledWith(expect.anything(), { format, name: 'upload', maxBytes: 1024 * 1024 }, 'api');
      expect(res.body.options).toMatchObject({ bytes: 'id,title\n1,A\n'.length });
    });

    it('lets ?format= and ?name= override', async () => {
      await upload('/ingest/file?format=jsonl&name=tmdb%205000_v2.csv').expect(202);
      expect(service.startFile.mock.calls[0]![1]).toEqual({ format: 'jsonl', name: 'tmdb 5000_v2.csv', maxBytes: 1024 * 1024 });
    });

    it.each([
      ['application/json', 'send the file as the body with Content-Type text/csv, application/x-ndjson, application/jsonl (got "application/json")'],
      [
        'multipart/form-data; boundary=x',
        'send the file as the body with Content-Type text/csv, application/x-ndjson, application/jsonl (got "multipart/form-data")',
      ],
    ])('refuses Content-Type %s: 415 UNSUPPORTED_MEDIA_TYPE', async (type, message) => {
      const res = await upload('/ingest/file', type, '{"a":1}').expect(415);
      expect(res.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message });
      expect(service.startFile).not.toHaveBeenCalled();
    });

    it('refuses a body without a Content-Type: 415 naming "none"', async () => {
      const res = await http().post('/ingest/file').set('x-api-key', ADMIN_KEY).expect(415);
      expect(res.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('(got "none")') });
    });

    it('refuses a declared length over INGEST_UPLOAD_LIMIT_MB: 413 UPLOAD_TOO_LARGE, before the service', async () => {
      const res = await upload('/ingest/file', 'text/csv', 'x'.repeat(1024 * 1024 + 1)).expect(413);
      expect(res.body).toMatchObject({
        code: 'UPLOAD_TOO_LARGE',
        message: `upload is ${1024 * 1024 + 1} bytes, more than ${1024 * 1024} (INGEST_UPLOAD_LIMIT_MB)`,
      });
      expect(service.startFile).not.toHaveBeenCalled();
    });

    it.each([
      ['format=exe', 'format must be one of the following values: csv, jsonl, auto'],
      ['name=../../etc/passwd', 'name may hold letters, digits, space, dot, dash and underscore (at most 200)'],
      [`name=${'a'.repeat(201)}`, 'name may hold letters, digits, space, dot, dash and underscore (at most 200)'],
      ['name=', 'name may hold letters, digits, space, dot, dash and underscore (at most 200)'],
      ['limit=1', 'property limit should not exist'],
    ])('?%s → 400 "%s"', async (qs, message) => {
      const res = await upload(`/ingest/file?${qs}`).expect(400);
      expect(res.body.message).toContain(message);
      expect(service.startFile).not.toHaveBeenCalled();
    });
  });

  describe('GET /ingest/jobs', () => {
    it('lists 20 jobs in any state by default, and takes limit and state', async () => {
      const res = await http().get('/ingest/jobs').expect(200);
      expect(res.body).toEqual([expect.objectContaining({ id: JOB_ID })]);
      expect(res.body[0].consumed).toBeUndefined();
      await http().get('/ingest/jobs?limit=200&state=failed').expect(200);
      expect(service.list.mock.calls).toEqual([
        [20, undefined],
        [200, 'failed'],
      ]);
    });

    it.each([
      ['limit=0', 'limit must be at least 1'],
      ['limit=201', 'limit must be at most 200'],
      ['limit=ten', 'limit must be a whole number'],
      ['limit[$gt]=0', 'property limit[$gt] should not exist'],
      ['state=done', 'state must be one of the following values: queued, running, persisting, completed, failed, cancelled'],
      ['source=file', 'property source should not exist'],
    ])('?%s → 400 "%s"', async (qs, message) => {
      const res = await http().get(`/ingest/jobs?${qs}`).expect(400);
      expect(res.body.message).toContain(message);
      expect(service.list).not.toHaveBeenCalled();
    });
  });

  describe('the job routes', () => {
    it.each([
      ['get', `/ingest/jobs/${JOB_ID}`, 'get', 200],
      ['post', `/ingest/jobs/${JOB_ID}/resume`, 'resume', 202],
      ['post', `/ingest/jobs/${JOB_ID}/cancel`, 'cancel', 202],
    ] as const)('%s %s hands the id to service.%s', async (method, path, call, status) => {
      await http()[method](path).set('x-api-key', ADMIN_KEY).expect(status);
      expect(service[call]).toHaveBeenCalledWith(JOB_ID);
    });

    it.each([
      '/ingest/jobs/1;drop',
      '/ingest/jobs/%7B%22%24ne%22%3Anull%7D',
      '/ingest/jobs/6f1c1f1e-2b3a-1c5d-8e9f-0a1b2c3d4e5f', // a UUID, but not v4
      '/ingest/jobs/6f1c1f1e2b3a4c5d8e9f0a1b2c3d4e5f',
    ])('GET %s → 400: the id must be a UUID v4', async (path) => {
      const res = await http().get(path).expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Validation failed (uuid v 4 is expected)' }); // Nest's wording
      await http().post(`${path}/cancel`).set('x-api-key', ADMIN_KEY).expect(400);
      await http().post(`${path}/resume`).set('x-api-key', ADMIN_KEY).expect(400);
      expect(service.get).not.toHaveBeenCalled();
    });

    it('passes on JOB_NOT_FOUND as 404', async () => {
      service.get.mockRejectedValueOnce(new AppError(AppErrorCode.JOB_NOT_FOUND, `ingest job ${JOB_ID} does not exist`));
      expect((await http().get(`/ingest/jobs/${JOB_ID}`).expect(404)).body).toMatchObject({ code: 'JOB_NOT_FOUND' });
    });
  });

  describe('the admin key', () => {
    const ADMIN_ROUTES: [string, string | undefined][] = [
      ['/ingest', undefined],
      ['/ingest/file', 'text/csv'],
      [`/ingest/jobs/${JOB_ID}/resume`, undefined],
      [`/ingest/jobs/${JOB_ID}/cancel`, undefined],
    ];

    it.each(ADMIN_ROUTES)('POST %s: 401 API_KEY_MISSING without it, 403 API_KEY_WRONG with another, before the body is looked at', async (path, type) => {
      const send = (key?: string) => {
        let req = http().post(path);
        if (key) req = req.set('x-api-key', key);
        if (type) req = req.set('content-type', type);
        return req.send(type ? 'id,title\n1,A\n' : { source: 'nonsense' });
      };
      expect((await send().expect(401)).body).toMatchObject({ code: 'API_KEY_MISSING' });
      expect((await send('not-the-admin-key').expect(403)).body).toMatchObject({ code: 'API_KEY_WRONG' });
      for (const fn of Object.values(service)) expect(fn).not.toHaveBeenCalled();
    });

    it('the job reads are open without READ_API_KEY', async () => {
      await http().get('/ingest/jobs').expect(200);
      await http().get(`/ingest/jobs/${JOB_ID}`).expect(200);
    });
  });
});

describe('IngestController with READ_API_KEY set and no ADMIN_API_KEY', () => {
  let app: INestApplication;
  const service = fakeService();
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    let config: AppConfig;
    ({ app, config } = await edgeApp({
      controllers: [IngestController],
      providers: [{ provide: IngestService, useValue: service }],
      env: { READ_API_KEY: READ_KEY, ADMIN_API_KEY: '' },
    }));
    expect(config.auth.adminApiKey).toBeUndefined(); // an empty setting is no key
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(['/ingest', '/ingest/file', `/ingest/jobs/${JOB_ID}/resume`, `/ingest/jobs/${JOB_ID}/cancel`])(
    'POST %s: 401 ADMIN_KEY_NOT_CONFIGURED, with or without a key',
    async (path) => {
      for (const key of [undefined, READ_KEY, ADMIN_KEY]) {
        const req = http().post(path).set('content-type', 'text/csv');
        const res = await (key ? req.set('x-api-key', key) : req).send('id,title\n1,A\n').expect(401);
        expect(res.body).toEqual({
          statusCode: 401,
          error: 'UNAUTHORIZED',
          code: 'ADMIN_KEY_NOT_CONFIGURED',
          message: 'this endpoint needs ADMIN_API_KEY to be set on the server',
        });
      }
      for (const fn of Object.values(service)) expect(fn).not.toHaveBeenCalled();
    },
  );

  it.each(['/ingest/jobs', `/ingest/jobs/${JOB_ID}`])('GET %s: 401 without a key, 403 with a wrong one, 200 with the read key', async (path) => {
    expect((await http().get(path).expect(401)).body.code).toBe('API_KEY_MISSING');
    expect((await http().get(path).set('x-api-key', 'wrong-key-0123456789').expect(403)).body.code).toBe('API_KEY_WRONG');
    await http().get(path).set('x-api-key', READ_KEY).expect(200);
    await http().get(path).set('authorization', `Bearer ${READ_KEY}`).expect(200);
  });
});

describe('IngestController with both READ_API_KEY and ADMIN_API_KEY set', () => {
  let app: INestApplication;
  const service = fakeService();
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    ({ app } = await edgeApp({
      controllers: [IngestController],
      providers: [{ provide: IngestService, useValue: service }],
      env: { READ_API_KEY: READ_KEY, ADMIN_API_KEY: ADMIN_KEY },
    }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(['/ingest', '/ingest/file', `/ingest/jobs/${JOB_ID}/resume`, `/ingest/jobs/${JOB_ID}/cancel`])(
    'POST %s: the read key opens no admin route (403 API_KEY_WRONG, header or bearer); nothing reaches the service',
    async (path) => {
      const send = (req: request.Test) =>
        path === '/ingest/file' ? req.set('content-type', 'text/csv').send('id,title\n1,A\n') : req.send({ source: 'tmdb-top-rated' });
      expect((await send(http().post(path).set('x-api-key', READ_KEY)).expect(403)).body.code).toBe('API_KEY_WRONG');
      expect((await send(http().post(path).set('authorization', `Bearer ${READ_KEY}`)).expect(403)).body.code).toBe('API_KEY_WRONG');
      expect((await send(http().post(path)).expect(401)).body.code).toBe('API_KEY_MISSING');
      for (const fn of Object.values(service)) expect(fn).not.toHaveBeenCalled();
    },
  );

  it.each(['/ingest/jobs', `/ingest/jobs/${JOB_ID}`])('GET %s: open to the read key and the admin key', async (path) => {
    await http().get(path).set('x-api-key', READ_KEY).expect(200);
    await http().get(path).set('x-api-key', ADMIN_KEY).expect(200);
    await http().get(path).set('authorization', `Bearer ${ADMIN_KEY}`).expect(200);
  });
});
