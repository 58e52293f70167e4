import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { edgeApp, messageOf } from '../common/http-edge.testing.js';
import { paramDocs, withDefaults } from '../common/dto/query-params.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsService } from './analytics.service.js';
import { InFlightLimit } from './in-flight.limit.js';
import { QUESTION_UNITS, type AnswerName } from './questions/index.js';

/**
 * The HTTP edge of /analytics/<question>: what each route accepts, the 400 that names a bad parameter,
 * and what reaches the service. The service is a fake; the pipes, filter and guards are the app's own.
 */

type Param =
  | { name: string; type: 'integer' | 'number'; min: number; max: number; default?: number }
  | { name: string; type: 'enum'; values: readonly string[]; default?: string };

const int = (name: string, min: number, max: number, dflt?: number): Param => ({ name, type: 'integer', min, max, default: dflt });
const MONEY = [int('minBudget', 0, 1e12, 1000), int('minRevenue', 0, 1e12, 1000)];
const YEARS = [int('from', 1870, 2100), int('to', 1870, 2100)];

/** Every question route and its parameters, as docs/api.md documents them (format aside, which every route takes). */
const ROUTES: Record<string, { name: AnswerName; params: Param[] }> = {
  languages: { name: 'languages', params: [int('minVotes', 0, 1e9, 100), int('minMovies', 1, 1e9, 5)] },
  'top-rated/years': {
    name: 'topRatedYears',
    params: [{ name: 'minRating', type: 'number', min: 0, max: 10, default: 7 }, int('minVotes', 0, 1e9, 100), ...YEARS],
  },
  genres: { name: 'genres', params: [int('minVotes', 0, 1e9, 0)] },
  'movies/extremes': { name: 'extremes', params: MONEY },
  'movies/top': {
    name: 'topMovies',
    params: [
      ...MONEY,
      { name: 'by', type: 'enum', values: ['profit', 'budget', 'revenue'], default: 'profit' },
      int('limit', 1, 100, 20),
      { name: 'order', type: 'enum', values: ['desc', 'asc'], default: 'desc' },
    ],
  },
  'revenue/top-per-year': { name: 'topRevenuePerYear', params: [int('n', 1, 100, 5), ...YEARS] },
  'revenue-vs-budget': { name: 'revenueVsBudget', params: MONEY },
  'data-quality': { name: 'dataQuality', params: [] },
};
const FORMAT: Param = { name: 'format', type: 'enum', values: ['json', 'csv'] };

/** The group answers (lists, free text) and the defaults docs/analytics.md gives them. */
const GROUP_ROUTES: Record<string, { name: AnswerName; defaults: Record<string, unknown> }> = {
  'genre-language': {
    name: 'genreLanguage',
    defaults: { minBudget: 1000, minRevenue: 1000, minVotes: 0, minMovies: 10, measure: 'weightedRating', genre: 'Drama', language: 'en' },
  },
  'budget-bands': { name: 'budgetBands', defaults: { minBudget: 1000, minRevenue: 1000, bands: 10, targetProfit: 100_000_000 } },
  explore: { name: 'explore', defaults: { minBudget: 1000, minRevenue: 1000, order: 'desc', limit: 50, minVotes: 0, minMovies: 1 } },
};

/** A wrong value of each kind for a parameter, and the message that must name it. */
function badValues(p: Param): [string, string][] {
  if (p.type === 'enum') return [[`${p.values[0]}x`, `${p.name} must be one of ${p.values.join(', ')}`]];
  const typeMessage = p.type === 'integer' ? `${p.name} must be a whole number` : `${p.name} must be a number`;
  const cases: [string, string][] = [
    ['abc', typeMessage],
    ['', typeMessage],
    ['0x10', typeMessage],
    ['1e3', typeMessage],
    [String(p.min - 1), `${p.name} must be at least ${p.min}`],
    [String(p.max + 1), `${p.name} must be at most ${p.max}`],
  ];
  if (p.type === 'integer') cases.push(['2.5', typeMessage]);
  return cases;
}

/** A good value that is not the default, and how the service must receive it. */
function goodValue(p: Param): [string, number | string] {
  if (p.type === 'enum') return [p.values.at(-1)!, p.values.at(-1)!];
  if (p.type === 'number') return ['7.25', 7.25];
  return [String(p.max), p.max];
}

describe('AnalyticsController at the HTTP edge', () => {
  let app: INestApplication;
  const service = { reply: vi.fn() };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    ({ app } = await edgeApp({ controllers: [AnalyticsController], providers: [InFlightLimit, { provide: AnalyticsService, useValue: service }] }));
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    service.reply.mockReset();
    service.reply.mockResolvedValue({ etag: '"answer"', body: { items: [] } });
  });

  it('covers every question of the registry', () => {
    const covered = { ...ROUTES, ...GROUP_ROUTES };
    expect(
      Object.values(covered)
        .map((r) => r.name)
        .sort(),
    ).toEqual(QUESTION_UNITS.map((u) => u.name).sort());
    expect(Object.keys(covered).sort()).toEqual(QUESTION_UNITS.map((u) => u.route).sort());
  });

  // The group answers take lists and free text besides numbers and enums: their defaults, and each refusal word for word.
  describe.each(Object.entries(GROUP_ROUTES))('GET /analytics/%s', (route, { name, defaults }) => {
    const unit = QUESTION_UNITS.find((u) => u.name === name)!;
    it('with no parameters, asks the service for JSON and the documented defaults apply', async () => {
      await http().get(`/analytics/${route}`).expect(200);
      const [calledName, query, format] = service.reply.mock.calls[0]!;
      expect([calledName, format]).toEqual([name, 'json']);
      expect(withDefaults(unit.query, query as object)).toMatchObject(defaults);
    });
  });

  describe('the group answers refuse bad input with 400 naming the parameter', () => {
    const cases: [string, string, RegExp][] = [
      ['unknown dimension', '/analytics/explore?groupBy=country', /groupBy must be 1 to 2 distinct of language, genre, year, decade, budgetBand/],
      ['three dimensions', '/analytics/explore?groupBy=genre,language,year', /groupBy must be 1 to 2 distinct/],
      ['a dimension twice', '/analytics/explore?groupBy=genre,genre', /groupBy must be 1 to 2 distinct/],
      ['empty groupBy', '/analytics/explore?groupBy=', /groupBy must be/],
      ['unknown measure', '/analytics/explore?measure=count,popularity', /measure must be 1 to 7 distinct of count/],
      ['unknown sort', '/analytics/explore?sort=popularity', /sort must be one of count/],
      ['limit over 1000', '/analytics/explore?limit=1001', /limit must be at most 1000/],
      ['limit 0', '/analytics/explore?limit=0', /limit must be at least 1/],
      ['edges not ascending', '/analytics/explore?groupBy=budgetBand&edges=5000,3000', /edges must be 1 to 50 whole numbers .* strictly ascending/],
      ['edges not numbers', '/analytics/budget-bands?edges=ten', /edges must be 1 to 50 whole numbers/],
      ['bands 0', '/analytics/budget-bands?bands=0', /bands must be at least 1/],
      ['bands 101', '/analytics/explore?bands=101', /bands must be at most 100/],
      ['from after to', '/analytics/explore?from=2000&to=1990', /to \(1990\) must not be before from \(2000\)/],
      ['bad measure', '/analytics/genre-language?measure=popularity', /measure must be one of movies, meanRating/],
      ['minMovies 0', '/analytics/genre-language?minMovies=0', /minMovies must be at least 1/],
      ['genre twice', '/analytics/explore?genre=Drama&genre=Comedy', /genre must be one text/],
      ['unknown parameter', '/analytics/budget-bands?band=3', /band should not exist/],
      ['non-numeric target', '/analytics/budget-bands?targetProfit=lots', /targetProfit must be a whole number/],
    ];
    it.each(cases)('%s', async (_kind, path, message) => {
      const res = await http().get(path).expect(400);
      expect(messageOf(res.body)).toMatch(message);
      expect(service.reply).not.toHaveBeenCalled();
    });
  });

  describe.each(Object.entries(ROUTES))('GET /analytics/%s', (route, { name, params }) => {
    const unit = QUESTION_UNITS.find((u) => u.name === name)!;
    const path = `/analytics/${route}`;

    it('documents exactly these parameters, with these bounds and defaults', () => {
      const documented = paramDocs(unit.query).map((d) =>
        d.enum ? { name: d.name, values: d.enum, default: d.default } : { name: d.name, min: d.minimum, max: d.maximum, default: d.default },
      );
      const expected = [FORMAT, ...params].map((p) =>
        p.type === 'enum' ? { name: p.name, values: p.values, default: p.default } : { name: p.name, min: p.min, max: p.max, default: p.default },
      );
      expect(documented).toEqual(expected);
    });

    it('with no parameters, asks the service for JSON and the documented defaults apply', async () => {
      await http()
        .get(path)
        .expect(200)
        .expect('content-type', /^application\/json/);
      expect(service.reply).toHaveBeenCalledTimes(1);
      const [calledName, query, format, ifNoneMatch] = service.reply.mock.calls[0]!;
      expect([calledName, format, ifNoneMatch]).toEqual([name, 'json', undefined]);
      expect(Object.values(query as object).filter((v) => v !== undefined)).toEqual([]);
      expect(withDefaults(unit.query, query as object)).toEqual(Object.fromEntries(params.map((p) => [p.name, p.default ?? null])));
    });

    if (params.length > 0) {
      it('hands the service every parameter parsed to its type', async () => {
        const given = params.map((p) => [p.name, ...goodValue(p)] as const);
        const qs = given.map(([n, text]) => `${n}=${encodeURIComponent(text)}`).join('&');
        await http().get(`${path}?${qs}`).expect(200);
        const query = service.reply.mock.calls[0]![1] as Record<string, unknown>;
        for (const [n, , value] of given) expect(query[n], n).toStrictEqual(value);
      });
    }

    it.each([...params, FORMAT].flatMap((p) => badValues(p).map(([value, message]) => [p.name, value, message] as const)))(
      '?%s=%j → 400 "%s"',
      async (param, value, message) => {
        const res = await http()
          .get(`${path}?${param}=${encodeURIComponent(value)}`)
          .expect(400);
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(res.body.message).toContain(message);
        expect(service.reply).not.toHaveBeenCalled();
      },
    );

    it('refuses an unknown parameter, a misspelt one and a repeated one, naming each', async () => {
      const unknown = await http().get(`${path}?sort=title`).expect(400);
      expect(unknown.body.message).toEqual(['property sort should not exist']);
      const first = params[0];
      if (first) {
        const wrongCase = first.name.toLowerCase() === first.name ? `${first.name}x` : first.name.toLowerCase();
        const misspelt = await http().get(`${path}?${wrongCase}=1`).expect(400);
        expect(messageOf(misspelt.body)).toContain(`property ${wrongCase} should not exist`);
        const repeated = await http()
          .get(`${path}?${first.name}=${goodValue(first)[0]}&${first.name}=${goodValue(first)[0]}`)
          .expect(400);
        expect(messageOf(repeated.body)).toContain(first.type === 'enum' ? `${first.name} must be one of` : `${first.name} must be a`);
      }
      expect(service.reply).not.toHaveBeenCalled();
    });
  });

  describe('hostile keys and values', () => {
    it.each([
      ['/analytics/languages?minVotes[$gt]=1', 'property minVotes[$gt] should not exist'],
      ['/analytics/languages?minVotes%5B%24ne%5D=1', 'property minVotes[$ne] should not exist'],
      ['/analytics/genres?$where=sleep(1000)', 'property $where should not exist'],
      ['/analytics/movies/top?by[$ne]=profit', 'property by[$ne] should not exist'],
      ['/analytics/genres?__proto__=1', 'property __proto__ should not exist'],
      ['/analytics/genres?constructor=1', 'property constructor should not exist'],
      ['/analytics/genres?__proto__[polluted]=1', 'property __proto__[polluted] should not exist'],
      ['/analytics/genres?constructor[prototype][x]=1', 'property constructor[prototype][x] should not exist'],
      ['/analytics/languages?minVotes=1e400', 'minVotes must be a whole number'],
      ['/analytics/languages?minVotes=99999999999999999999', 'minVotes must be at most 1000000000'],
      [`/analytics/movies/top?limit=${encodeURIComponent('１０')}`, 'limit must be a whole number'],
      ['/analytics/movies/top?by=profit%00', 'by must be one of profit, budget, revenue'],
      ['/analytics/top-rated/years?from=2000&to=1990', 'to (1990) must not be before from (2000)'],
      ['/analytics/top-rated/years?minRating=10.5', 'minRating must be at most 10'],
      ['/analytics/revenue/top-per-year?from=1500', 'from must be at least 1870'],
      ['/analytics/genres?format=xml', 'format must be one of json, csv'],
      ['/analytics/revenue/top-per-year?from=2010&to=2009', 'to (2009) must not be before from (2010)'],
    ])('%s → 400 "%s"', async (path, message) => {
      const res = await http().get(path).expect(400);
      expect(res.body.statusCode).toBe(400);
      expect(res.body.message).toContain(message);
      expect(service.reply).not.toHaveBeenCalled();
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('takes a year range of one year, and from or to alone', async () => {
      for (const qs of ['from=2000&to=2000', 'from=2000', 'to=1990']) await http().get(`/analytics/top-rated/years?${qs}`).expect(200);
      expect(service.reply.mock.calls.map((c) => withDefaults(QUESTION_UNITS[1].query, c[1] as object))).toEqual([
        { minRating: 7, minVotes: 100, from: 2000, to: 2000 },
        { minRating: 7, minVotes: 100, from: 2000, to: null },
        { minRating: 7, minVotes: 100, from: null, to: 1990 },
      ]);
    });
  });

  describe('representation and revalidation', () => {
    it('passes ?format=csv, Accept: text/csv and If-None-Match to the service; ?format wins over Accept', async () => {
      await http()
        .get('/analytics/genres?format=csv')
        .expect(200)
        .expect('content-type', /^text\/csv/);
      await http()
        .get('/analytics/genres')
        .set('Accept', 'text/csv')
        .expect(200)
        .expect('content-type', /^text\/csv/);
      await http()
        .get('/analytics/genres?format=json')
        .set('Accept', 'text/csv')
        .expect(200)
        .expect('content-type', /^application\/json/);
      await http().get('/analytics/genres').set('If-None-Match', '"held"').expect(200);
      expect(service.reply.mock.calls.map((c) => [c[2], c[3]])).toEqual([
        ['csv', undefined],
        ['csv', undefined],
        ['json', undefined],
        ['json', '"held"'],
      ]);
    });

    it('answers 304 without a body when the service says the client holds the answer', async () => {
      service.reply.mockResolvedValue({ etag: '"held"', body: null });
      const res = await http().get('/analytics/genres').set('If-None-Match', '"held"').expect(304);
      expect(res.headers['etag']).toBe('"held"');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toBe('');
    });

    it('serves the index, and refuses its unknown parameters', async () => {
      const index = await http().get('/analytics').expect(200);
      expect(index.body.endpoints.map((e: { path: string }) => e.path)).toEqual(QUESTION_UNITS.map((u) => `/analytics/${u.route}`));
      await http()
        .get('/analytics?format=csv')
        .expect(200)
        .expect('content-type', /^text\/csv/);
      expect((await http().get('/analytics?limit=1').expect(400)).body.message).toEqual(['property limit should not exist']);
      expect((await http().get('/analytics?format=xml').expect(400)).body.message).toEqual(['format must be one of json, csv']);
      expect(service.reply).not.toHaveBeenCalled();
    });
  });
});

describe('AnalyticsController with READ_API_KEY set', () => {
  const READ_KEY = 'spec-read-key-0123456789';
  const ADMIN_KEY = 'spec-admin-key-0123456789';
  let app: INestApplication;
  const service = { reply: vi.fn().mockResolvedValue({ etag: '"answer"', body: { items: [] } }) };

  beforeAll(async () => {
    ({ app } = await edgeApp({
      controllers: [AnalyticsController],
      providers: [InFlightLimit, { provide: AnalyticsService, useValue: service }],
      env: { READ_API_KEY: READ_KEY, ADMIN_API_KEY: ADMIN_KEY },
    }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(['/analytics', '/analytics/genres'])('GET %s: 401 API_KEY_MISSING, 403 API_KEY_WRONG, open to the read and the admin key', async (path) => {
    const http = () => request(app.getHttpServer()).get(path);
    expect((await http().expect(401)).body).toEqual({
      statusCode: 401,
      error: 'UNAUTHORIZED',
      code: 'API_KEY_MISSING',
      message: 'send the API key in the x-api-key header (or as Authorization: Bearer <key>)',
    });
    expect((await http().set('x-api-key', 'wrong-key-0123456789').expect(403)).body).toMatchObject({
      code: 'API_KEY_WRONG',
      message: 'the API key is not valid for this endpoint',
    });
    expect((await http().set('authorization', 'Bearer wrong-key-0123456789').expect(403)).body.code).toBe('API_KEY_WRONG');
    await http().set('x-api-key', READ_KEY).expect(200);
    await http().set('x-api-key', ADMIN_KEY).expect(200);
    await http().set('authorization', `Bearer ${READ_KEY}`).expect(200);
  });

  it('checks the key before the parameters: no key and a bad parameter is a 401', async () => {
    expect((await request(app.getHttpServer()).get('/analytics/genres?minVotes=-1').expect(401)).body.code).toBe('API_KEY_MISSING');
  });
});
