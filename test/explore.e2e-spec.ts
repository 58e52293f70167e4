import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movieMessage, type FixtureMovie } from './fixtures/analytics-movies.js';
import { GROUP_FINAL, GROUP_MOVIES, GROUP_UPSERT } from './fixtures/group-movies.js';
import { expectEventually } from './support/expect-eventually.js';
import {
  expectedBudgetBands,
  expectedExplore,
  expectedGenreLanguage,
  type BudgetBandsParams,
  type ExploreParams,
  type GenreLanguageParams,
} from './support/expected-group-answers.js';
import { withoutEnvelope } from './support/expected-answers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The group answers (genre-language, budget-bands, explore) end to end: fixture movies sent through the movies topic,
 * persisted by the consumers, fed to the read model through the changelog, answered over HTTP; every number is compared
 * with an independent plain-loop computation over the same movies (test/support/expected-group-answers.ts).
 */

const M = 1_000_000;

/** A query string from params (lists comma-separated). */
function query(params: Record<string, unknown>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function core(body: Record<string, unknown>) {
  const { params: _params, ...rest } = withoutEnvelope(body);
  return rest;
}

describe('Group answers over movies ingested through Kafka', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function publish(movies: FixtureMovie[], observedAt: Date) {
    await t.kafka.publishRaw(
      t.config.kafka.topics.movies,
      movies.map((m) => ({ key: String(m.tmdbId), value: JSON.stringify(movieMessage(m, observedAt)) })),
    );
  }

  /** Waits until the answers include everything stored so far. */
  async function waitForAnswers(check: () => Promise<void>) {
    const stored = Date.now();
    await expectEventually(async () => {
      const body = (await t.http.get('/analytics/data-quality').expect(200)).body as { asOf: string; settled: boolean };
      expect(Date.parse(body.asOf)).toBeGreaterThanOrEqual(stored);
      expect(body.settled).toBe(true);
      await check();
    });
  }

  it('answers all three on an empty model with empty cells, never 500', async () => {
    const gl = await t.http.get('/analytics/genre-language').expect(200);
    expect(gl.body).toMatchObject({
      considered: 0,
      items: [],
      best: null,
      leftOut: 0,
      claim: { genre: 'Drama', language: 'en', movies: 0, rank: null, of: 0, cell: null },
    });
    expect(gl.body.params).toEqual({
      minBudget: 1000,
      minRevenue: 1000,
      minVotes: 0,
      minMovies: 10,
      measure: 'weightedRating',
      genre: 'Drama',
      language: 'en',
    });
    const bands = await t.http.get('/analytics/budget-bands').expect(200);
    expect(bands.body).toMatchObject({ considered: 0, mode: 'quantiles', items: [], target: { band: null } });
    const explore = await t.http.get('/analytics/explore').expect(200);
    expect(explore.body).toMatchObject({ considered: 0, groupBy: ['genre'], measures: ['count'], sort: 'count', cells: 0, leftOut: 0, items: [] });
  });

  describe('with the fixture ingested and one movie’s genres changed by an upsert', () => {
    beforeAll(async () => {
      const t0 = new Date();
      await publish(GROUP_MOVIES, t0);
      await expectEventually(async () => expect(await t.db.collection('movies').countDocuments()).toBe(GROUP_MOVIES.length), { timeoutMs: 60_000 });
      // Before the upsert, 218 is in Horror × en.
      await waitForAnswers(async () => {
        const res = await t.http.get('/analytics/explore?groupBy=genre,language&minMovies=1&limit=1000').expect(200);
        expect(core(res.body)).toEqual(expectedExplore(GROUP_MOVIES, { groupBy: ['genre', 'language'], limit: 1000 }));
        expect(res.body.items.some((i: { genre: string }) => i.genre === 'Horror')).toBe(true);
      });
      await publish([GROUP_UPSERT], new Date(t0.getTime() + 60_000));
      await waitForAnswers(async () => {
        const res = await t.http.get('/analytics/explore?groupBy=genre&limit=1000').expect(200);
        expect(res.body.items.some((i: { genre: string }) => i.genre === 'Horror')).toBe(false);
      });
    });

    it('the moved movie left its old cells (Horror has none, Comedy × en lost it) and joined Drama × en', async () => {
      const res = await t.http.get('/analytics/explore?groupBy=genre,language&measure=count,meanRating&limit=1000').expect(200);
      const cell = (genre: string, language: string) =>
        res.body.items.find((i: { genre: string; language: string }) => i.genre === genre && i.language === language);
      expect(cell('Horror', 'en')).toBeUndefined();
      expect(cell('Comedy', 'en')).toMatchObject({ movies: 2 }); // 202 and 206; 218 has gone
      expect(cell('Drama', 'en')).toMatchObject({ movies: 7 }); // 201, 202, 203, 205, 215, 217 and now 218
      expect(core(res.body)).toEqual(expectedExplore(GROUP_FINAL, { groupBy: ['genre', 'language'], measure: ['count', 'meanRating'], limit: 1000 }));
    });

    it('genre-language: every cell, the best cell and Drama × English with its rank equal the plain-loop computation', async () => {
      const cases: Partial<GenreLanguageParams>[] = [
        { minMovies: 1 },
        { minMovies: 1, measure: 'meanRating' },
        { minMovies: 1, measure: 'movies' },
        { minMovies: 2, measure: 'medianProfit' },
        { minMovies: 1, measure: 'medianRevenue', minBudget: 15 * M },
        { minMovies: 1, measure: 'shareProfitable', minVotes: 200 },
        { minMovies: 3, genre: 'Action', language: 'fr' },
        {},
      ];
      for (const params of cases) {
        const res = await t.http.get(`/analytics/genre-language${query(params)}`).expect(200);
        expect(core(res.body), JSON.stringify(params)).toEqual(expectedGenreLanguage(GROUP_FINAL, params));
      }
      // The claim by hand: Drama × en has 7 movies; by movie count it is the first cell.
      const byCount = (await t.http.get('/analytics/genre-language?minMovies=1&measure=movies').expect(200)).body;
      expect(byCount.claim).toMatchObject({ genre: 'Drama', language: 'en', movies: 7, rank: 1 });
      expect(byCount.best).toMatchObject({ genre: 'Drama', language: 'en' });
      // Ties go to the key: Action × en and Comedy × fr both have 3 movies, Action first.
      const three = byCount.items.filter((i: { movies: number }) => i.movies === 3).map((i: { genre: string; language: string }) => `${i.genre}/${i.language}`);
      expect(three).toEqual(['Action/en', 'Comedy/fr']);
      // With the default minMovies (10) every cell is left out: counted, not listed; the claim keeps its n.
      const defaults = (await t.http.get('/analytics/genre-language').expect(200)).body;
      expect(defaults).toMatchObject({ items: [], best: null, claim: { movies: 7, rank: null } });
      expect(defaults.leftOut).toBeGreaterThan(0);
    });

    it('budget-bands: quantile and fixed-edge bands, with equal budgets at the edges, equal the plain-loop computation', async () => {
      const cases: Partial<BudgetBandsParams>[] = [
        {},
        { bands: 4 },
        { bands: 3, targetProfit: 50 * M },
        { bands: 1 },
        { bands: 100 },
        { edges: [20 * M, 50 * M] },
        { edges: [20 * M, 30 * M, 35 * M, 100 * M], targetProfit: 0 },
        { minBudget: 10 * M, minRevenue: 20 * M, bands: 5, targetProfit: 30 * M },
      ];
      for (const given of cases) {
        const params = { minBudget: 1000, minRevenue: 1000, bands: 10, edges: null, targetProfit: 100 * M, ...given };
        const res = await t.http.get(`/analytics/budget-bands${query(given)}`).expect(200);
        expect(core(res.body), JSON.stringify(given)).toEqual(expectedBudgetBands(GROUP_FINAL, params));
      }
      // By hand: 17 movies have known money (0s and the revenue of 999 are unknown, not zero).
      const deciles = (await t.http.get('/analytics/budget-bands').expect(200)).body;
      expect(deciles.considered).toBe(17);
      // The four budgets of 20 M share one band, whichever cut falls among them; so do the three of 100 M.
      const holding = (budget: number) =>
        deciles.items.filter((b: { lowestBudget: number; highestBudget: number }) => b.lowestBudget <= budget && budget <= b.highestBudget);
      expect(holding(20 * M)).toHaveLength(1);
      expect(holding(20 * M)[0].movies).toBeGreaterThanOrEqual(4);
      expect(holding(100 * M)).toHaveLength(1);
      // Fixed edges are half-open: a budget of exactly 20 M is in [20 M, 50 M), one of exactly 50 M in [50 M, ∞).
      const edges = (await t.http.get(`/analytics/budget-bands?edges=${20 * M},${50 * M}`).expect(200)).body;
      expect(edges.items.map((b: { from: number | null; to: number | null; lowestBudget: number | null }) => [b.from, b.to, b.lowestBudget])).toEqual([
        [null, 20 * M, 2 * M], // 1 M (movie 209) has a revenue under the floor: unknown money
        [20 * M, 50 * M, 20 * M],
        [50 * M, null, 50 * M],
      ]);
      // An empty band is listed with n = 0 and no measures.
      const empty = (await t.http.get(`/analytics/budget-bands?edges=${20 * M},${31 * M},${35 * M}`).expect(200)).body;
      expect(empty.items[2]).toMatchObject({
        from: 31 * M,
        to: 35 * M,
        movies: 0,
        medianProfit: null,
        p10Profit: null,
        p90Profit: null,
        shareProfitable: null,
      });
    });

    it('once the model has been still, the genre cuts come from their layouts, with the same numbers', async () => {
      // The requests above scheduled the layouts; each is made once the model has been still for the quiet period.
      const metric = (text: string, name: string) => {
        const line = text.split('\n').find((l) => l.startsWith(`${name} `));
        return line === undefined ? NaN : Number(line.slice(name.length + 1));
      };
      const current = (by: string) => `analytics_layout_current{by="${by}"}`;
      await t.http.get('/analytics/genre-language?minMovies=1').expect(200);
      await t.http.get('/analytics/explore?groupBy=genre,year').expect(200);
      await t.http.get('/analytics/explore?groupBy=decade,genre').expect(200);
      await expectEventually(
        async () => {
          const text = (await t.http.get('/metrics').expect(200)).text;
          for (const by of ['language', 'year', 'decade']) expect(metric(text, current(by)), by).toBe(1);
        },
        { timeoutMs: 15_000 },
      );
      const metrics = (await t.http.get('/metrics').expect(200)).text;
      expect(metric(metrics, 'analytics_layout_builds')).toBeGreaterThanOrEqual(1);
      expect(metric(metrics, 'analytics_layout_last_build_seconds')).toBeGreaterThan(0);
      const all: ExploreParams['measure'] = ['count', 'meanRating', 'weightedRating', 'medianRevenue', 'medianProfit', 'medianRoi', 'shareProfitable'];
      for (const params of [
        { minMovies: 1 },
        { minMovies: 1, measure: 'medianProfit' },
        { minMovies: 2, minVotes: 200, minBudget: 15 * M },
      ] as Partial<GenreLanguageParams>[]) {
        const res = await t.http.get(`/analytics/genre-language${query(params)}`).expect(200);
        expect(core(res.body), JSON.stringify(params)).toEqual(expectedGenreLanguage(GROUP_FINAL, params));
      }
      for (const given of [
        { groupBy: ['genre', 'language'], measure: ['count', 'medianRevenue', 'medianProfit', 'meanRating'], limit: 1000 },
        { groupBy: ['language', 'genre'], measure: all, language: 'en', minMovies: 2 },
        { groupBy: ['genre', 'year'], measure: ['count', 'medianRevenue', 'medianProfit', 'weightedRating'], limit: 1000 },
        { groupBy: ['year', 'genre'], measure: ['medianProfit', 'shareProfitable'], from: 2001, to: 2012, minVotes: 100 },
        { groupBy: ['decade', 'genre'], measure: ['count', 'medianRevenue', 'medianProfit'], from: 2000, to: 2019, limit: 1000 },
      ] as Partial<ExploreParams>[]) {
        const res = await t.http.get(`/analytics/explore${query(given)}`).expect(200);
        expect(core(res.body), JSON.stringify(given)).toEqual(expectedExplore(GROUP_FINAL, given));
      }
      // Nothing changed meanwhile: the same layouts answered all of them.
      const after = (await t.http.get('/metrics').expect(200)).text;
      for (const by of ['language', 'year', 'decade']) expect(metric(after, current(by)), by).toBe(1);
    });

    it('explore: one- and two-way cuts, filters, sorting and limits equal the plain-loop computation', async () => {
      const all: ExploreParams['measure'] = ['count', 'meanRating', 'weightedRating', 'medianRevenue', 'medianProfit', 'medianRoi', 'shareProfitable'];
      const cases: Partial<ExploreParams>[] = [
        {},
        { groupBy: ['language'] },
        { groupBy: ['genre', 'language'], measure: all, limit: 1000 },
        { groupBy: ['language', 'genre'], measure: ['medianProfit', 'count'], order: 'asc' },
        { groupBy: ['decade'], measure: ['medianRoi', 'shareProfitable'], sort: 'shareProfitable' },
        { groupBy: ['year'], from: 2000, to: 2010, language: 'en' },
        { groupBy: ['budgetBand'], measure: all, bands: 4 },
        { groupBy: ['budgetBand', 'language'], measure: ['medianProfit', 'meanRating'], edges: [20 * M, 50 * M] },
        { groupBy: ['decade', 'budgetBand'], measure: ['count', 'medianRevenue'], bands: 3, minVotes: 100 },
        { groupBy: ['genre'], measure: ['weightedRating'], genre: 'Drama', minMovies: 2, limit: 2 },
        { groupBy: ['language', 'year'], measure: ['count'], minMovies: 2 },
        { groupBy: ['genre'], language: 'de' },
      ];
      for (const given of cases) {
        const res = await t.http.get(`/analytics/explore${query(given)}`).expect(200);
        expect(core(res.body), JSON.stringify(given)).toEqual(expectedExplore(GROUP_FINAL, given));
      }
      // "More people like Drama": by count Drama is the first genre, with its n.
      const genres = (await t.http.get('/analytics/explore?groupBy=genre').expect(200)).body;
      expect(genres.items[0]).toMatchObject({ genre: 'Drama', movies: 11, count: 11 });
    });

    it('CSV has the registry’s columns and one row per item', async () => {
      for (const path of [
        '/analytics/genre-language?minMovies=1',
        '/analytics/budget-bands',
        '/analytics/explore?groupBy=genre,decade&measure=count,medianProfit',
      ]) {
        const json = (await t.http.get(path).expect(200)).body;
        const csv = await t.http.get(`${path}${path.includes('?') ? '&' : '?'}format=csv`).expect(200);
        expect(csv.headers['content-type']).toMatch(/text\/csv/);
        const lines = csv.text.trimEnd().split('\r\n');
        expect(lines).toHaveLength(1 + json.items.length);
      }
      const bands = await t.http.get('/analytics/budget-bands?format=csv').expect(200);
      expect(bands.text.split('\r\n')[0]).toBe('band,from,to,lowestBudget,highestBudget,movies,medianProfit,p10Profit,p90Profit,medianRoi,shareProfitable');
    });

    it('documents the three in the index and OpenAPI with their definitions', async () => {
      const index = (await t.http.get('/analytics').expect(200)).body as { endpoints: { path: string; definition: string }[] };
      for (const path of ['/analytics/genre-language', '/analytics/budget-bands', '/analytics/explore']) {
        expect(index.endpoints.find((e) => e.path === path)?.definition).toMatch(/PERCENTILE\.INC|median/);
      }
      const docs = (await t.http.get('/docs-json').expect(200)).body as {
        paths: Record<string, { get: { description: string; parameters: { name: string }[] } }>;
      };
      expect(docs.paths['/analytics/explore']?.get.parameters.map((p) => p.name)).toEqual(
        expect.arrayContaining(['groupBy', 'measure', 'sort', 'limit', 'edges', 'bands']),
      );
      expect(docs.paths['/analytics/budget-bands']?.get.description).toContain('PERCENTILE.INC');
    });
  });

  // The 400s (each parameter's refusal, word for word) are the controller spec's: src/analytics/analytics.controller.spec.ts.
});
