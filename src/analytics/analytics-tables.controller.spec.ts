import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { edgeApp } from '../common/http-edge.testing.js';
import { withDefaults } from '../common/dto/query-params.js';
import { AnalyticsTablesController } from './analytics-tables.controller.js';
import { AnalyticsTablesService } from './analytics-tables.service.js';
import { MovieTableQueryDto, TableQueryDto } from './dto/table.query.dto.js';
import { InFlightLimit } from './in-flight.limit.js';
import { QUESTION_UNITS } from './questions/index.js';

/** The HTTP edge of /analytics/tables: paging, updatedSince, the exports; the service is a fake. */

const MOVIE_TABLES = ['movies', 'movie-genres'];
const ANSWER_TABLES = QUESTION_UNITS.flatMap((u) => ('table' in u && u.table ? [u.table.route] : []));

describe('AnalyticsTablesController at the HTTP edge', () => {
  let app: INestApplication;
  const service = { reply: vi.fn(), exportCsv: vi.fn() };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    ({ app } = await edgeApp({ controllers: [AnalyticsTablesController], providers: [InFlightLimit, { provide: AnalyticsTablesService, useValue: service }] }));
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    service.reply.mockReset();
    service.reply.mockResolvedValue({ etag: '"table"', body: { columns: [{ id: 'a' }], rows: [{ a: 1 }] } });
    service.exportCsv.mockReset();
    service.exportCsv.mockImplementation(async function* () {
      yield 'a\r\n';
      yield '1\r\n';
    });
  });

  it('has the answer tables of the registry', () => {
    expect(ANSWER_TABLES).toEqual(['languages', 'top-rated-years', 'genres', 'top-revenue-per-year', 'revenue-budget-points']);
  });

  describe.each([...MOVIE_TABLES, ...ANSWER_TABLES])('GET /analytics/tables/%s', (table) => {
    const path = `/analytics/tables/${table}`;
    const dto = MOVIE_TABLES.includes(table) ? MovieTableQueryDto : TableQueryDto;

    it('with no parameters: page 1 of 1000 rows, as JSON', async () => {
      await http().get(path).expect(200);
      const [name, query, format, ifNoneMatch] = service.reply.mock.calls[0]!;
      expect([name, format, ifNoneMatch]).toEqual([table, 'json', undefined]);
      expect(withDefaults(dto, query as object)).toEqual(
        MOVIE_TABLES.includes(table) ? { page: 1, pageSize: 1000, updatedSince: null } : { page: 1, pageSize: 1000 },
      );
    });

    it('hands the service page and pageSize as numbers, and the format', async () => {
      await http()
        .get(`${path}?page=3&pageSize=5000&format=csv`)
        .expect(200)
        .expect('content-type', /^text\/csv/);
      expect(service.reply.mock.calls[0]!.slice(0, 3)).toEqual([table, expect.objectContaining({ page: 3, pageSize: 5000 }), 'csv']);
    });

    it.each([
      ['page=0', 'page must be at least 1'],
      ['page=1000001', 'page must be at most 1000000'],
      ['page=two', 'page must be a whole number'],
      ['page=1.5', 'page must be a whole number'],
      ['pageSize=0', 'pageSize must be at least 1'],
      ['pageSize=5001', 'pageSize must be at most 5000'],
      ['pageSize=', 'pageSize must be a whole number'],
      ['pageSize=10&pageSize=20', 'pageSize must be a whole number'],
      ['format=xml', 'format must be one of json, csv'],
      ['limit=10', 'property limit should not exist'],
      ...(MOVIE_TABLES.includes(table)
        ? [
            ['updatedSince=yesterday', 'updatedSince must be an ISO 8601 date or date-time, such as 2024-01-31 or 2024-01-31T12:00:00Z'],
            ['updatedSince=2024-02-30', 'updatedSince must be an ISO 8601 date or date-time, such as 2024-01-31 or 2024-01-31T12:00:00Z'],
          ]
        : [['updatedSince=2024-01-01', 'property updatedSince should not exist']]),
    ])('?%s → 400 "%s"', async (qs, message) => {
      const res = await http().get(`${path}?${qs}`).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toContain(message);
      expect(service.reply).not.toHaveBeenCalled();
    });
  });

  it.each(['2024-01-31', '2024-01-31T12:00:00Z', '2024-01-31T12:00:00.123+02:00'])('takes updatedSince=%s as given', async (since) => {
    await http()
      .get(`/analytics/tables/movies?updatedSince=${encodeURIComponent(since)}`)
      .expect(200);
    expect(service.reply.mock.calls[0]![1]).toMatchObject({ updatedSince: since });
  });

  it('answers 304 when the service says the client holds the page', async () => {
    service.reply.mockResolvedValue({ etag: '"held"', body: null });
    await http().get('/analytics/tables/movies').set('If-None-Match', '"held"').expect(304);
    expect(service.reply.mock.calls[0]![3]).toBe('"held"');
  });

  describe.each(MOVIE_TABLES)('GET /analytics/tables/%s/export', (table) => {
    const path = `/analytics/tables/${table}/export`;

    it('streams the CSV parts; updatedSince defaults to null (the whole table)', async () => {
      const res = await http()
        .get(path)
        .expect(200)
        .expect('content-type', /^text\/csv/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${table}.csv"`);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toBe('a\r\n1\r\n');
      expect(service.exportCsv).toHaveBeenCalledWith(table, null);
      await http().get(`${path}?updatedSince=2024-01-31`).expect(200);
      expect(service.exportCsv).toHaveBeenLastCalledWith(table, '2024-01-31');
    });

    it.each([
      ['updatedSince=yesterday', 'updatedSince must be an ISO 8601 date or date-time, such as 2024-01-31 or 2024-01-31T12:00:00Z'],
      ['format=csv', 'property format should not exist'],
      ['page=1', 'property page should not exist'],
    ])('?%s → 400 "%s"', async (qs, message) => {
      const res = await http().get(`${path}?${qs}`).expect(400);
      expect(res.body.message).toContain(message);
      expect(service.exportCsv).not.toHaveBeenCalled();
    });
  });
});

describe('AnalyticsTablesController with READ_API_KEY set', () => {
  const READ_KEY = 'spec-read-key-0123456789';
  const ADMIN_KEY = 'spec-admin-key-0123456789';
  let app: INestApplication;
  const service = {
    reply: vi.fn().mockResolvedValue({ etag: '"table"', body: { columns: [], rows: [] } }),
    exportCsv: vi.fn(async function* () {
      yield 'a\r\n';
    }),
  };

  beforeAll(async () => {
    ({ app } = await edgeApp({
      controllers: [AnalyticsTablesController],
      providers: [InFlightLimit, { provide: AnalyticsTablesService, useValue: service }],
      env: { READ_API_KEY: READ_KEY, ADMIN_API_KEY: ADMIN_KEY },
    }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(['/analytics/tables/movies?pageSize=1', '/analytics/tables/movies/export', '/analytics/tables/genres'])(
    'GET %s: 401 API_KEY_MISSING, 403 API_KEY_WRONG, open to the read key (header or bearer) and the admin key',
    async (path) => {
      const http = () => request(app.getHttpServer()).get(path);
      expect((await http().expect(401)).body.code).toBe('API_KEY_MISSING');
      expect((await http().set('x-api-key', 'wrong-key-0123456789').expect(403)).body.code).toBe('API_KEY_WRONG');
      expect((await http().set('authorization', 'Bearer wrong-key-0123456789').expect(403)).body.code).toBe('API_KEY_WRONG');
      await http().set('x-api-key', READ_KEY).expect(200);
      await http().set('authorization', `Bearer ${READ_KEY}`).expect(200);
      await http().set('x-api-key', ADMIN_KEY).expect(200);
    },
  );
});
