import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYTICS_MOVIES, LATE_MOVIE, movieMessage, type FixtureMovie } from './fixtures/analytics-movies.js';
import { expectEventually } from './support/expect-eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// ---- expected answers, worked out from the fixture with plain loops (no app code) ----

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const yearOf = (m: FixtureMovie) => (m.date ? Number(m.date.slice(0, 4)) : null);
const profitOf = (m: FixtureMovie) => (m.budget > 0 && m.revenue > 0 ? m.revenue - m.budget : null);
const asItem = (m: FixtureMovie) => ({ tmdbId: m.tmdbId, title: m.title, year: yearOf(m), budget: m.budget, revenue: m.revenue, profit: profitOf(m) });

function expectedLanguages(movies: FixtureMovie[], minVotes: number, minMovies: number) {
  const byLanguage = new Map<string, { ratings: number[]; votes: number }>();
  let considered = 0;
  for (const m of movies) {
    if (m.votes < minVotes || m.language === null) continue;
    considered++;
    const entry = byLanguage.get(m.language) ?? { ratings: [], votes: 0 };
    entry.ratings.push(m.rating);
    entry.votes += m.votes;
    byLanguage.set(m.language, entry);
  }
  const items = [];
  for (const [language, { ratings, votes }] of byLanguage) {
    if (ratings.length < minMovies) continue;
    let sum = 0;
    for (const r of ratings) sum += r;
    items.push({ language, movies: ratings.length, mean: sum / ratings.length, votes });
  }
  items.sort((a, b) => b.mean - a.mean || (a.language < b.language ? -1 : 1));
  return { considered, items: items.map((i) => ({ language: i.language, movies: i.movies, averageRating: round(i.mean, 2), votes: i.votes })) };
}

function expectedTopRatedYears(movies: FixtureMovie[], minRating: number, minVotes: number, from: number | null, to: number | null) {
  const counts = new Map<number, number>();
  let considered = 0;
  for (const m of movies) {
    const year = yearOf(m);
    if (m.rating < minRating || m.votes < minVotes || year === null) continue;
    if ((from !== null && year < from) || (to !== null && year > to)) continue;
    considered++;
    counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  const items = [...counts].map(([year, count]) => ({ year, count })).sort((a, b) => a.year - b.year);
  const max = Math.max(...items.map((i) => i.count));
  const min = Math.min(...items.map((i) => i.count));
  return { considered, items, most: items.filter((i) => i.count === max), fewest: items.filter((i) => i.count === min) };
}

function expectedGenres(movies: FixtureMovie[], minVotes: number) {
  const counts = new Map<string, number>();
  let considered = 0;
  for (const m of movies) {
    if (m.votes < minVotes || m.genres.length === 0) continue;
    considered++;
    for (const genre of new Set(m.genres)) counts.set(genre, (counts.get(genre) ?? 0) + 1);
  }
  const items = [...counts].map(([genre, movies]) => ({ genre, movies })).sort((a, b) => b.movies - a.movies || (a.genre < b.genre ? -1 : 1));
  const least = Math.min(...items.map((i) => i.movies));
  return { considered, items, most: items[0], least: items.find((i) => i.movies === least) };
}

/** The movies whose measure is known above the floors, ranked; ties to the lower id. */
function ranked(movies: FixtureMovie[], by: 'profit' | 'budget' | 'revenue', order: 'asc' | 'desc', minBudget: number, minRevenue: number) {
  const counted = movies.filter((m) => {
    const budgetOk = m.budget > 0 && m.budget >= minBudget;
    const revenueOk = m.revenue > 0 && m.revenue >= minRevenue;
    return by === 'budget' ? budgetOk : by === 'revenue' ? revenueOk : budgetOk && revenueOk;
  });
  const value = (m: FixtureMovie) => (by === 'profit' ? profitOf(m)! : m[by]);
  return counted.sort((a, b) => (order === 'desc' ? value(b) - value(a) : value(a) - value(b)) || a.tmdbId - b.tmdbId);
}

function pearsonOf(xs: number[], ys: number[]) {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const slope = sxy / sxx;
  return { r: sxy / Math.sqrt(sxx * syy), slope, intercept: my - slope * mx };
}

/** Ranks by counting: rank = 1 + (number smaller) + (number equal − 1) / 2. */
function ranksOf(values: number[]) {
  return values.map((v) => 1 + values.filter((w) => w < v).length + (values.filter((w) => w === v).length - 1) / 2);
}

const ISO_CODES_USED = ['en', 'fr', 'ja', 'es', 'ko', 'de', 'it', 'sv'];

// ---- the tests ----

describe('Analytics API over movies ingested through Kafka', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function publish(movies: FixtureMovie[]) {
    await t.kafka.publishRaw(
      t.config.kafka.topics.movies,
      movies.map((m) => ({ key: String(m.tmdbId), value: JSON.stringify(movieMessage(m)) })),
    );
  }
  async function waitForMovies(count: number) {
    await expectEventually(async () => expect(await t.db.collection('movies').countDocuments()).toBe(count), { timeoutMs: 60_000 });
    // Then the contract: once asOf passes the moment the last one was stored, the answers include it.
    const stored = Date.now();
    await expectEventually(async () => {
      const body = (await t.http.get('/analytics/data-quality').expect(200)).body as { considered: number; asOf: string; settled: boolean };
      expect(Date.parse(body.asOf)).toBeGreaterThanOrEqual(stored);
      expect(body).toMatchObject({ considered: count, settled: true });
    });
  }

  describe('on an empty database', () => {
    it('answers every endpoint with empty results and zero counts, never 500', async () => {
      const languages = await t.http.get('/analytics/languages').expect(200);
      expect(languages.body).toMatchObject({
        considered: 0,
        dataVersion: expect.any(String),
        settled: true,
        feed: 'up',
        items: [],
        highest: null,
        lowest: null,
      });
      expect(languages.body.params).toEqual({ minVotes: 100, minMovies: 5 });
      expect((await t.http.get('/analytics/top-rated/years').expect(200)).body).toMatchObject({ considered: 0, items: [], most: [], fewest: [] });
      expect((await t.http.get('/analytics/genres').expect(200)).body).toMatchObject({ considered: 0, items: [], most: null, least: null });
      expect((await t.http.get('/analytics/movies/extremes').expect(200)).body).toMatchObject({
        considered: 0,
        consideredForProfit: 0,
        items: [],
        highestProfit: null,
        lowestProfit: null,
        highestBudget: null,
        lowestBudget: null,
      });
      expect((await t.http.get('/analytics/movies/top').expect(200)).body).toMatchObject({ considered: 0, items: [] });
      expect((await t.http.get('/analytics/revenue/top-per-year').expect(200)).body).toMatchObject({ considered: 0, items: [] });
      expect((await t.http.get('/analytics/revenue-vs-budget').expect(200)).body).toMatchObject({
        n: 0,
        pearson: null,
        spearman: null,
        slope: null,
        intercept: null,
        r2: null,
        log10: { pearson: null, slope: null, intercept: null, r2: null },
        points: [],
      });
      const quality = await t.http.get('/analytics/data-quality').expect(200);
      expect(quality.body.total).toBe(0);
      expect(quality.body.items.every((i: { count: number; examples: number[] }) => i.count === 0 && i.examples.length === 0)).toBe(true);
      const table = await t.http.get('/analytics/tables/movies').expect(200);
      expect(table.body).toMatchObject({ table: 'movies', page: 1, pageSize: 1000, total: 0, nextPage: null, rows: [] });
      const csv = await t.http.get('/analytics/genres?format=csv').expect(200);
      expect(csv.text).toBe('genre,genreId,movies\r\n');
    });
  });

  describe('with the fixture ingested', () => {
    beforeAll(async () => {
      await publish(ANALYTICS_MOVIES);
      await waitForMovies(ANALYTICS_MOVIES.length);
    });

    it('ranks languages by mean rating, ties by code, with highest and lowest', async () => {
      for (const [minVotes, minMovies] of [
        [100, 2],
        [0, 1],
        [100, 5],
        [1000, 1],
      ] as const) {
        const res = await t.http.get(`/analytics/languages?minVotes=${minVotes}&minMovies=${minMovies}`).expect(200);
        const expected = expectedLanguages(ANALYTICS_MOVIES, minVotes, minMovies);
        expect(res.body.items.map(({ name: _name, ...rest }: { name: string }) => rest)).toEqual(expected.items);
        expect(res.body.considered).toBe(expected.considered);
        expect(res.body.highest?.language ?? null).toBe(expected.items[0]?.language ?? null);
        expect(res.body.params).toEqual({ minVotes, minMovies });
      }
      const tie = await t.http.get('/analytics/languages?minVotes=100&minMovies=2').expect(200);
      const fr = tie.body.items.findIndex((i: { language: string }) => i.language === 'fr');
      expect(tie.body.items[fr]).toMatchObject({ language: 'fr', name: 'French', averageRating: 7.5 });
      expect(tie.body.items[fr + 1]).toMatchObject({ language: 'ja', averageRating: 7.5 });
      expect(tie.body.lowest).toMatchObject({ language: 'es' });
      expect(tie.body).toMatchObject({
        question: expect.any(String),
        definition: expect.stringContaining('minVotes'),
        dataVersion: expect.stringMatching(/^\d+(\.\d+)*$/),
        freshness: expect.stringContaining('asOf'),
      });
      expect(Date.parse(tie.body.asOf)).toBeGreaterThan(0);
    });

    it('counts top-rated movies per year, listing every tied year', async () => {
      for (const q of [
        { minRating: 7, minVotes: 100, from: null, to: null },
        { minRating: 7.5, minVotes: 500, from: 2011, to: 2016 },
        { minRating: 0, minVotes: 0, from: null, to: null },
      ]) {
        const qs = Object.entries(q)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => `${k}=${v}`)
          .join('&');
        const res = await t.http.get(`/analytics/top-rated/years?${qs}`).expect(200);
        const expected = expectedTopRatedYears(ANALYTICS_MOVIES, q.minRating, q.minVotes, q.from, q.to);
        expect(res.body).toMatchObject(expected);
        expect(res.body.params).toEqual(q);
      }
      const tied = expectedTopRatedYears(ANALYTICS_MOVIES, 7, 100, null, null);
      expect(tied.most.length + tied.fewest.length).toBeGreaterThan(2); // the fixture really has ties here
    });

    it('counts movies per genre once each, with most and least', async () => {
      for (const minVotes of [0, 500]) {
        const res = await t.http.get(`/analytics/genres?minVotes=${minVotes}`).expect(200);
        const expected = expectedGenres(ANALYTICS_MOVIES, minVotes);
        expect(res.body.items.map(({ genre, movies }: { genre: string; movies: number }) => ({ genre, movies }))).toEqual(expected.items);
        expect(res.body.considered).toBe(expected.considered);
        expect(res.body.most).toMatchObject(expected.most!);
        expect(res.body.least).toMatchObject(expected.least!);
      }
      const thriller = (await t.http.get('/analytics/genres').expect(200)).body.items.find((i: { genre: string }) => i.genre === 'Thriller');
      expect(thriller).toEqual({ genre: 'Thriller', genreId: 53, movies: 5 }); // Juliet lists Thriller twice, counts once
    });

    it('names the profit and budget extremes, floors applied, ties to the lower id', async () => {
      for (const [minBudget, minRevenue] of [
        [1000, 1000],
        [0, 0],
        [10_000_000, 50_000_000],
      ]) {
        const res = await t.http.get(`/analytics/movies/extremes?minBudget=${minBudget}&minRevenue=${minRevenue}`).expect(200);
        expect(res.body.highestProfit).toEqual(asItem(ranked(ANALYTICS_MOVIES, 'profit', 'desc', minBudget, minRevenue)[0]!));
        expect(res.body.lowestProfit).toEqual(asItem(ranked(ANALYTICS_MOVIES, 'profit', 'asc', minBudget, minRevenue)[0]!));
        expect(res.body.highestBudget).toEqual(asItem(ranked(ANALYTICS_MOVIES, 'budget', 'desc', minBudget, minRevenue)[0]!));
        expect(res.body.lowestBudget).toEqual(asItem(ranked(ANALYTICS_MOVIES, 'budget', 'asc', minBudget, minRevenue)[0]!));
        expect(res.body.considered).toBe(ranked(ANALYTICS_MOVIES, 'budget', 'desc', minBudget, minRevenue).length);
        expect(res.body.consideredForProfit).toBe(ranked(ANALYTICS_MOVIES, 'profit', 'desc', minBudget, minRevenue).length);
        expect(res.body.items.map((i: { answer: string }) => i.answer)).toEqual(['highestProfit', 'lowestProfit', 'highestBudget', 'lowestBudget']);
      }
      const defaults = (await t.http.get('/analytics/movies/extremes').expect(200)).body;
      expect(defaults.highestBudget.tmdbId).toBe(105); // 105 and 113 both 200M: the lower id
      expect(defaults.lowestBudget.tmdbId).toBe(125); // budgets 1, 7 and 999 are under the default floor of 1000
      expect(defaults.highestProfit.tmdbId).toBe(123);
      expect(defaults.lowestProfit.tmdbId).toBe(120);
      expect(defaults.params).toEqual({ minBudget: 1000, minRevenue: 1000 });
    });

    it('ranks the top movies by profit, budget or revenue in either order', async () => {
      for (const q of [
        { by: 'profit', order: 'desc', limit: 20, minBudget: 1000, minRevenue: 1000 },
        { by: 'profit', order: 'asc', limit: 3, minBudget: 0, minRevenue: 0 },
        { by: 'budget', order: 'desc', limit: 5, minBudget: 1000, minRevenue: 1000 },
        { by: 'budget', order: 'asc', limit: 4, minBudget: 0, minRevenue: 0 },
        { by: 'revenue', order: 'desc', limit: 100, minBudget: 1000, minRevenue: 1000 },
        { by: 'revenue', order: 'asc', limit: 2, minBudget: 1000, minRevenue: 0 },
      ] as const) {
        const res = await t.http.get('/analytics/movies/top').query(q).expect(200);
        const expected = ranked(ANALYTICS_MOVIES, q.by, q.order, q.minBudget, q.minRevenue);
        expect(res.body.items).toEqual(expected.slice(0, q.limit).map(asItem));
        expect(res.body.considered).toBe(expected.length);
        expect(res.body.params).toEqual({ minBudget: q.minBudget, minRevenue: q.minRevenue, by: q.by, limit: q.limit, order: q.order });
      }
      const profits = (await t.http.get('/analytics/movies/top?by=profit').expect(200)).body.items.map((i: { tmdbId: number }) => i.tmdbId);
      expect(profits.indexOf(118)).toBe(profits.indexOf(119) - 1); // equal profits of 40M: the lower id first
    });

    it('lists the top movies by revenue for each year', async () => {
      const queries: { n: number; from?: number; to?: number }[] = [{ n: 5 }, { n: 1, from: 2010, to: 2012 }, { n: 2, from: 2016 }];
      for (const q of queries) {
        const res = await t.http.get('/analytics/revenue/top-per-year').query(q).expect(200);
        const from = q.from ?? null;
        const to = q.to ?? null;
        const byYear = new Map<number, FixtureMovie[]>();
        for (const m of ANALYTICS_MOVIES) {
          const year = yearOf(m);
          if (m.revenue <= 0 || year === null || (from !== null && year < from) || (to !== null && year > to)) continue;
          byYear.set(year, [...(byYear.get(year) ?? []), m]);
        }
        const expected = [...byYear.keys()]
          .sort((a, b) => a - b)
          .map((year) => {
            const movies = byYear.get(year)!.sort((a, b) => b.revenue - a.revenue || a.tmdbId - b.tmdbId);
            return { year, count: movies.length, movies: movies.slice(0, q.n).map(asItem) };
          });
        expect(res.body.items).toEqual(expected);
        expect(res.body.considered).toBe(expected.reduce((s, y) => s + y.count, 0));
      }
      const y2010 = (await t.http.get('/analytics/revenue/top-per-year?from=2010&to=2010').expect(200)).body.items[0];
      expect(y2010.movies.map((m: { tmdbId: number }) => m.tmdbId)).toEqual([101, 102, 128, 103]); // 102 and 128 tie at 80M
    });

    it('relates revenue to budget: Pearson, Spearman, least squares, R², log10, points', async () => {
      for (const [minBudget, minRevenue] of [
        [1000, 1000],
        [0, 0],
        [5_000_000, 5_000_000],
      ]) {
        const res = await t.http.get(`/analytics/revenue-vs-budget?minBudget=${minBudget}&minRevenue=${minRevenue}`).expect(200);
        const pairs = ANALYTICS_MOVIES.filter((m) => m.budget > 0 && m.revenue > 0 && m.budget >= minBudget && m.revenue >= minRevenue);
        const xs = pairs.map((m) => m.budget);
        const ys = pairs.map((m) => m.revenue);
        const lin = pearsonOf(xs, ys);
        const log = pearsonOf(xs.map(Math.log10), ys.map(Math.log10));
        const rho = pearsonOf(ranksOf(xs), ranksOf(ys)).r;
        expect(res.body.n).toBe(pairs.length);
        expect(res.body.considered).toBe(pairs.length);
        expect(res.body.pearson).toBeCloseTo(lin.r, 4);
        expect(res.body.spearman).toBeCloseTo(rho, 4);
        expect(res.body.slope).toBeCloseTo(lin.slope, 4);
        expect(Math.abs(res.body.intercept - lin.intercept)).toBeLessThanOrEqual(0.5);
        expect(res.body.r2).toBeCloseTo(lin.r ** 2, 4);
        expect(res.body.log10.pearson).toBeCloseTo(log.r, 4);
        expect(res.body.log10.slope).toBeCloseTo(log.slope, 4);
        expect(res.body.log10.intercept).toBeCloseTo(log.intercept, 4);
        expect(res.body.log10.r2).toBeCloseTo(log.r ** 2, 4);
        expect(res.body.pointsSampled).toBe(false);
        const sortedIds = pairs.map((m) => m.tmdbId).sort((a, b) => a - b);
        expect(res.body.points.map((p: { tmdbId: number }) => p.tmdbId)).toEqual(sortedIds);
        expect(res.body.points[0]).toEqual({
          tmdbId: sortedIds[0],
          title: expect.any(String),
          year: expect.anything(),
          budget: expect.any(Number),
          revenue: expect.any(Number),
        });
      }
    });

    it('reports data quality with counts and example ids', async () => {
      const res = await t.http.get('/analytics/data-quality').expect(200);
      const checks: Record<string, (m: FixtureMovie) => boolean> = {
        unknownBudget: (m) => m.budget === 0,
        unknownRevenue: (m) => m.revenue === 0,
        suspiciousBudget: (m) => m.budget > 0 && m.budget < 1000,
        suspiciousRevenue: (m) => m.revenue > 0 && m.revenue < 1000,
        noReleaseDate: (m) => m.date === null,
        noVotes: (m) => m.votes === 0,
        noGenres: (m) => m.genres.length === 0,
        nonIsoLanguage: (m) => m.language === null || !ISO_CODES_USED.includes(m.language),
      };
      expect(res.body.total).toBe(ANALYTICS_MOVIES.length);
      expect(res.body.considered).toBe(ANALYTICS_MOVIES.length);
      for (const [check, fails] of Object.entries(checks)) {
        const failing = ANALYTICS_MOVIES.filter(fails).map((m) => m.tmdbId);
        const item = res.body.items.find((i: { check: string }) => i.check === check);
        expect(item, check).toMatchObject({ check, count: failing.length, examples: failing.slice(0, 5) });
        expect(item.count, check).toBeGreaterThan(0); // the fixture exercises every check
      }
    });

    it('answers CSV for Accept: text/csv and ?format=csv, RFC 4180 quoted, formulas defused, numbers untouched', async () => {
      const res = await t.http.get('/analytics/movies/top?by=profit&order=asc&limit=100&minBudget=0&minRevenue=0').set('Accept', 'text/csv').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe('rank,tmdbId,title,year,budget,revenue,profit');
      expect(lines).toContain("1,120,'-Sierra,2016,150000000,90000000,-60000000");
      expect(lines).toContain('2,105,"\'=HYPERLINK(""http://evil.example"")",2011,200000000,150000000,-50000000');
      expect(res.text).toContain(',"Romeo, ""the"" Movie",2015,');
      expect(res.text).toContain(",'+Quebec,2015,");
      const table = await t.http.get('/analytics/tables/movies?format=csv').expect(200);
      expect(table.text).toContain(",'@Tango,'@Tango,de,German,2016-05-05,2016,");
      expect(table.text.split('\r\n')[0]).toBe(
        'tmdbId,title,originalTitle,originalLanguage,originalLanguageName,releaseDate,releaseYear,budget,revenue,profit,voteAverage,voteCount,popularity,runtime,updatedAt',
      );
      for (const path of [
        '/analytics',
        '/analytics/languages',
        '/analytics/top-rated/years',
        '/analytics/genres',
        '/analytics/movies/extremes',
        '/analytics/revenue/top-per-year',
        '/analytics/revenue-vs-budget',
        '/analytics/data-quality',
      ]) {
        const csv = await t.http.get(path).query({ format: 'csv' }).expect(200);
        expect(csv.headers['content-type'], path).toMatch(/^text\/csv/);
        expect(csv.text.split('\r\n').length, path).toBeGreaterThan(2);
      }
      const json = await t.http.get('/analytics/genres').set('Accept', 'application/json').expect(200);
      expect(json.headers['content-type']).toMatch(/^application\/json/);
    });

    it('serves flat paged tables for BI tools, in TMDB id order', async () => {
      const first = await t.http.get('/analytics/tables/movies?pageSize=10').expect(200);
      expect(first.body).toMatchObject({ table: 'movies', page: 1, pageSize: 10, total: ANALYTICS_MOVIES.length, nextPage: 2 });
      expect(first.body.columns.map((c: { id: string }) => c.id)).toContain('releaseDate');
      const all: { tmdbId: number; updatedAt: string }[] = [];
      for (let page = 1; page !== null;) {
        const res = await t.http.get(`/analytics/tables/movies?pageSize=10&page=${page}`).expect(200);
        all.push(...res.body.rows);
        page = res.body.nextPage;
      }
      expect(all.map((r) => r.tmdbId).sort()).toEqual(ANALYTICS_MOVIES.map((m) => m.tmdbId).sort());
      const ids = all.map((r) => r.tmdbId);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      const oscar = all.find((r) => r.tmdbId === 116)!;
      const juliet = all.find((r) => r.tmdbId === 111)!;
      // Unknown money (TMDB's 0) is null, as in the BI replica.
      expect(oscar).toMatchObject({
        title: 'Oscar',
        originalLanguage: null,
        releaseDate: '2015-01-01',
        releaseYear: 2015,
        budget: null,
        revenue: null,
        profit: null,
        voteCount: 0,
      });
      expect(juliet).toMatchObject({ releaseDate: null, releaseYear: null, budget: 2_000_000, revenue: 2_500_000, profit: 500_000 });
      expect(new Date(oscar.updatedAt).toISOString()).toBe(oscar.updatedAt);

      const newest = all
        .map((r) => r.updatedAt)
        .sort()
        .at(-1)!;
      const since = await t.http.get(`/analytics/tables/movies?updatedSince=${encodeURIComponent(newest)}`).expect(200);
      // Exactly the movies changed at or after it; total counts those changed in or after its second.
      expect(since.body.rows.map((r: { tmdbId: number }) => r.tmdbId)).toEqual(all.filter((r) => r.updatedAt >= newest).map((r) => r.tmdbId));
      expect(since.body.total).toBe(all.filter((r) => r.updatedAt.slice(0, 19) >= newest.slice(0, 19)).length);
      expect((await t.http.get('/analytics/tables/movies?updatedSince=2999-01-01').expect(200)).body.total).toBe(0);

      // One row per distinct (movie, genre): a genre listed twice on a movie is one row.
      const genreRows = ANALYTICS_MOVIES.reduce((s, m) => s + new Set(m.genres).size, 0);
      const genres = await t.http.get('/analytics/tables/movie-genres?pageSize=5000').expect(200);
      expect(genres.body).toMatchObject({ table: 'movie-genres', total: genreRows, nextPage: null });
      expect(genres.body.rows).toContainEqual({ tmdbId: 118, genreId: 27, genre: 'Horror' });
      const page2 = await t.http.get('/analytics/tables/movie-genres?pageSize=7&page=2').expect(200);
      expect(page2.body.rows).toEqual(genres.body.rows.slice(7, 14));

      // The whole-table exports are the pages' CSV in one streamed response.
      for (const table of ['movies', 'movie-genres']) {
        const exported = await t.http.get(`/analytics/tables/${table}/export`).expect(200);
        expect(exported.headers['content-type']).toMatch(/^text\/csv/);
        expect(exported.text).toBe((await t.http.get(`/analytics/tables/${table}?format=csv&pageSize=5000`).expect(200)).text);
      }
      const oscarLine = (await t.http.get('/analytics/tables/movies/export').expect(200)).text.split('\r\n').find((l) => l.startsWith('116,'));
      expect(oscarLine).toMatch(/^116,Oscar,[^,]*,,,2015-01-01,2015,,,,/);
      const sinceExport = await t.http.get(`/analytics/tables/movies/export?updatedSince=${encodeURIComponent(newest)}`).expect(200);
      expect(sinceExport.text.split('\r\n').length - 2).toBe(since.body.rows.length);

      const languages = await t.http.get('/analytics/tables/languages').expect(200);
      expect(languages.body.rows.map((r: { language: string }) => r.language)).toEqual(
        expectedLanguages(ANALYTICS_MOVIES, 100, 5).items.map((i) => i.language),
      );
      const years = await t.http.get('/analytics/tables/top-rated-years').expect(200);
      expect(years.body.rows).toEqual(expectedTopRatedYears(ANALYTICS_MOVIES, 7, 100, null, null).items);
      const genreTable = await t.http.get('/analytics/tables/genres').expect(200);
      expect(genreTable.body.rows.map((r: { genre: string; movies: number }) => ({ genre: r.genre, movies: r.movies }))).toEqual(
        expectedGenres(ANALYTICS_MOVIES, 0).items,
      );
      const revenue = await t.http.get('/analytics/tables/top-revenue-per-year?pageSize=3&page=1').expect(200);
      expect(revenue.body.rows.slice(0, 3).map((r: { tmdbId: number; rank: number }) => [r.tmdbId, r.rank])).toEqual([
        [101, 1],
        [102, 2],
        [128, 3],
      ]);
      const points = await t.http.get('/analytics/tables/revenue-budget-points').expect(200);
      expect(points.body.total).toBe(ranked(ANALYTICS_MOVIES, 'profit', 'desc', 1000, 1000).length);
      expect(points.body.columns.map((c: { id: string; type: string }) => `${c.id}:${c.type}`)).toEqual([
        'tmdbId:int',
        'title:string',
        'year:int',
        'budget:int',
        'revenue:int',
      ]);
    });

    it('sends an ETag, answers 304 to If-None-Match, and moves on when more data arrives', async () => {
      const first = await t.http.get('/analytics/genres?minVotes=0').expect(200);
      const etag = first.headers['etag'];
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers['cache-control']).toBe('no-cache');
      const notModified = await t.http.get('/analytics/genres?minVotes=0').set('If-None-Match', etag).expect(304);
      expect(notModified.text).toBe('');
      // Only what revalidation needs: no page policies or rate-limit counters on a body-less answer.
      expect(notModified.headers['content-security-policy']).toBeUndefined();
      expect(notModified.headers['etag']).toBe(etag);
      // The default equals minVotes=0: same parameters after defaults, same ETag; CSV has its own.
      expect((await t.http.get('/analytics/genres').expect(200)).headers['etag']).toBe(etag);
      expect((await t.http.get('/analytics/genres?format=csv').expect(200)).headers['etag']).not.toBe(etag);
      expect((await t.http.get('/analytics/genres?minVotes=1').expect(200)).headers['etag']).not.toBe(etag);
      const tableEtag = (await t.http.get('/analytics/tables/movies').expect(200)).headers['etag'];
      await t.http.get('/analytics/tables/movies').set('If-None-Match', tableEtag).expect(304);
      const indexEtag = (await t.http.get('/analytics').expect(200)).headers['etag'];
      await t.http.get('/analytics').set('If-None-Match', indexEtag).expect(304);

      const versionBefore = first.body.dataVersion;
      const newestBefore = (await t.http.get('/analytics/tables/movies?pageSize=5000').expect(200)).body.rows
        .map((r: { updatedAt: string }) => r.updatedAt)
        .sort()
        .at(-1);
      const dramaBefore = first.body.items.find((i: { genre: string }) => i.genre === 'Drama').movies;
      await publish([LATE_MOVIE]);
      await waitForMovies(ANALYTICS_MOVIES.length + 1);
      const after = await expectEventually(async () => {
        const res = await t.http.get('/analytics/genres?minVotes=0').set('If-None-Match', etag).expect(200);
        expect(res.body.dataVersion).not.toBe(versionBefore);
        return res;
      });
      expect(after.headers['etag']).not.toBe(etag);
      expect(after.body.items.find((i: { genre: string }) => i.genre === 'Drama').movies).toBe(dramaBefore + 1);
      expect(after.body.items).toEqual(expectedGenres([...ANALYTICS_MOVIES, LATE_MOVIE], 0).items.map((i) => ({ ...i, genreId: expect.any(Number) })));
      // The client holding the current ETag gets a 304, on every poll.
      await t.http.get('/analytics/genres?minVotes=0').set('If-None-Match', after.headers['etag']).expect(304);
      const since = await t.http
        .get(`/analytics/tables/movies?updatedSince=${encodeURIComponent(new Date(Date.parse(newestBefore) + 1).toISOString())}`)
        .expect(200);
      expect(since.body.rows.map((r: { tmdbId: number }) => r.tmdbId)).toEqual([LATE_MOVIE.tmdbId]);
    });

    it('documents every endpoint in the index and in OpenAPI', async () => {
      const index = await t.http.get('/analytics').expect(200);
      const paths = [...index.body.endpoints, ...index.body.tables].map((e: { path: string }) => e.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/analytics/languages',
          '/analytics/top-rated/years',
          '/analytics/genres',
          '/analytics/movies/extremes',
          '/analytics/movies/top',
          '/analytics/revenue/top-per-year',
          '/analytics/revenue-vs-budget',
          '/analytics/data-quality',
          '/analytics/tables/movies',
          '/analytics/tables/movie-genres',
          '/analytics/tables/revenue-budget-points',
        ]),
      );
      const top = index.body.endpoints.find((e: { path: string }) => e.path === '/analytics/movies/top');
      expect(top.params).toContainEqual(expect.objectContaining({ name: 'limit', default: 20, minimum: 1, maximum: 100 }));
      expect(top.definition).toMatch(/TMDB id/);
      const docs = (await t.http.get('/docs-json').expect(200)).body;
      for (const path of paths) expect(docs.paths[path], path).toBeDefined();
      const limit = docs.paths['/analytics/movies/top'].get.parameters.find((p: { name: string }) => p.name === 'limit');
      expect(limit.schema).toMatchObject({ default: 20, minimum: 1, maximum: 100 });
      expect(Object.keys(docs.paths['/analytics/languages'].get.responses['200'].content)).toEqual(['application/json', 'text/csv']);
      // The freshness contract is stated in the OpenAPI description, as in every answer.
      expect(docs.info.description).toContain((await t.http.get('/analytics/genres').expect(200)).body.freshness);
    });
  });

  // Every 400 (each parameter's wrong types, bounds, unknown and reserved keys) is asserted word for word by the
  // controller specs (src/analytics/analytics.controller.spec.ts); this suite keeps the scenarios with data.
});

describe('The freshness contract', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const publish = (movies: FixtureMovie[]) =>
    t.kafka.publishRaw(
      t.config.kafka.topics.movies,
      movies.map((m) => ({ key: String(m.tmdbId), value: JSON.stringify(movieMessage(m)) })),
    );

  it('includes every movie stored before asOf, and an upsert moves the answers to the new values only', async () => {
    await publish(ANALYTICS_MOVIES);
    await expectEventually(async () => expect(await t.db.collection('movies').countDocuments()).toBe(ANALYTICS_MOVIES.length), { timeoutMs: 60_000 });
    const stored = Date.now();
    const answer = await expectEventually(async () => {
      const res = await t.http.get('/analytics/languages?minVotes=0&minMovies=1').expect(200);
      expect(Date.parse(res.body.asOf)).toBeGreaterThanOrEqual(stored);
      return res.body;
    });
    expect(answer.considered).toBe(expectedLanguages(ANALYTICS_MOVIES, 0, 1).considered);

    // The same movie again, newer, in another language with other votes: it leaves its old language.
    const moved = ANALYTICS_MOVIES.find((m) => m.language === 'sv') ?? ANALYTICS_MOVIES[0]!;
    const upsert: FixtureMovie = { ...moved, language: 'ko', votes: moved.votes + 7 };
    await publish([upsert]);
    const after = [...ANALYTICS_MOVIES.filter((m) => m.tmdbId !== moved.tmdbId), upsert];
    await expectEventually(async () => {
      const res = await t.http.get('/analytics/languages?minVotes=0&minMovies=1').expect(200);
      expect(res.body.items.map(({ name: _n, ...rest }: { name: string }) => rest)).toEqual(expectedLanguages(after, 0, 1).items);
    });
  });

  it('is not settled while an ingest holds its lease, and is again once it lapses', async () => {
    const leases = t.db.collection<{ _id: string; holder: string; jobId: string | null; expiresAt: Date }>('leases');
    await expectEventually(async () => expect((await t.http.get('/analytics/genres').expect(200)).body.settled).toBe(true));
    await leases.insertOne({ _id: 'ingest:file', holder: 'elsewhere', jobId: null, expiresAt: new Date(Date.now() + 60_000) });
    await expectEventually(async () => expect((await t.http.get('/analytics/genres').expect(200)).body.settled).toBe(false));
    await leases.updateOne({ _id: 'ingest:file' }, { $set: { expiresAt: new Date(Date.now() - 1) } });
    await expectEventually(async () => expect((await t.http.get('/analytics/genres').expect(200)).body.settled).toBe(true));
  });

  it('reports the compute time of answers and the read model in /metrics and /health', async () => {
    const count = (text: string) => Number(/^analytics_compute_seconds_count\{[^}]*answer="dataQuality"[^}]*\} (\d+)$/m.exec(text)?.[1] ?? 0);
    const before = count((await t.http.get('/metrics').expect(200)).text);
    await publish([LATE_MOVIE]);
    await expectEventually(async () => expect((await t.http.get('/analytics/data-quality').expect(200)).body.total).toBe(ANALYTICS_MOVIES.length + 1));
    expect(count((await t.http.get('/metrics').expect(200)).text)).toBeGreaterThan(before);
    // The gauges are taken at each read of the feed's end.
    await expectEventually(async () => {
      const metrics = (await t.http.get('/metrics').expect(200)).text;
      expect(metrics).toMatch(new RegExp(`^read_model_movies ${ANALYTICS_MOVIES.length + 1}$`, 'm'));
      expect(metrics).toMatch(/^read_model_feed_up 1$/m);
    });
    const health = (await t.http.get('/health').expect(200)).body.details.readModel;
    expect(health).toMatchObject({ status: 'up', state: 'ready', movies: ANALYTICS_MOVIES.length + 1, feed: { up: true } });
    expect(health.bytesPerMovie).toBeGreaterThan(0);
    // Settled once the late movie is in: nothing left to wait for.
    await expectEventually(async () =>
      expect((await t.http.get('/health').expect(200)).body.details.readModel).toMatchObject({ settled: true, waitingFor: null }),
    );
  });
});
