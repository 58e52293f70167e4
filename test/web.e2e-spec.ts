import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MovieMessage } from '../src/stream/movie-message.dto.js';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { expectEventually } from './support/expect-eventually.js';
import { openWithSimulator, simulatorData, simulatorSchema, simulatorState, type WdcRow } from './support/tableau-simulator.js';
import { isolatedEnv, startTestApp, type TestApp } from './support/test-app.js';

const ARTIFACTS = 'test-artifacts';
const READ_KEY = 'e2e-read-key-0123456789';
const M = 1_000_000;
const CHART_IDS = [
  'languages',
  'top-rated-years',
  'genres',
  'top-profit',
  'top-budget',
  'revenue-per-year',
  'revenue-vs-budget',
  'genre-language',
  'budget-bands',
];
const WDC_TABLES: Record<string, string> = {
  movies: '/analytics/tables/movies',
  movie_genres: '/analytics/tables/movie-genres',
  languages: '/analytics/tables/languages',
  genres: '/analytics/tables/genres',
  top_rated_years: '/analytics/tables/top-rated-years',
  top_revenue_per_year: '/analytics/tables/top-revenue-per-year',
  revenue_budget_points: '/analytics/tables/revenue-budget-points',
};

// ---- fixture: 18 movies in three languages, with unknown money, a missing date and few-vote movies ----
type Spec = [
  id: number,
  title: string,
  language: string,
  date: string | null,
  genres: string[],
  budget: number,
  revenue: number,
  rating: number,
  votes: number,
];
const GENRE_IDS: Record<string, number> = { Action: 28, Animation: 16, Comedy: 35, Drama: 18, Horror: 27, Romance: 10749 };
const SPECS: Spec[] = [
  [1, 'Alpha', 'en', '2001-05-01', ['Drama', 'Action'], 100 * M, 300 * M, 8.1, 5000],
  [2, 'Bravo', 'en', '2001-07-04', ['Action'], 200 * M, 150 * M, 6.5, 3000],
  [3, 'Charlie', 'en', '2002-03-10', ['Drama'], 10 * M, 80 * M, 7.4, 800],
  [4, 'Delta', 'en', '2003-09-01', ['Comedy'], 0, 0, 7.9, 1200],
  [5, 'Echo', 'en', '2003-11-20', ['Comedy', 'Drama'], 50 * M, 60 * M, 5.2, 400],
  [6, 'Foxtrot', 'en', '2004-06-15', ['Action'], 150 * M, 900 * M, 7.8, 9000],
  [7, 'Golf', 'en', '2004-10-31', ['Horror'], 5 * M, 40 * M, 6.1, 90],
  [8, 'Hotel', 'en', null, ['Drama'], 0, 1 * M, 7.0, 150],
  [9, 'India', 'fr', '2001-02-14', ['Drama'], 8 * M, 20 * M, 7.6, 600],
  [10, 'Juliet', 'fr', '2002-08-08', ['Comedy'], 12 * M, 9 * M, 6.8, 300],
  [11, 'Kilo', 'fr', '2002-12-24', ['Drama', 'Romance'], 3 * M, 15 * M, 7.2, 200],
  [12, 'Lima', 'fr', '2003-04-01', ['Romance'], 20 * M, 25 * M, 6.0, 1500],
  [13, 'Mike', 'fr', '2004-01-30', ['Drama'], 0, 0, 8.3, 2500],
  [14, 'November', 'ja', '2002-07-20', ['Animation'], 15 * M, 200 * M, 8.5, 4000],
  [15, 'Oscar', 'ja', '2003-07-19', ['Animation', 'Action'], 30 * M, 100 * M, 7.7, 1100],
  [16, 'Papa', 'ja', '2004-03-03', ['Drama'], 1 * M, 2 * M, 6.9, 120],
  [17, 'Quebec', 'ja', '2001-12-01', ['Animation'], 25 * M, 70 * M, 7.1, 700],
  [18, 'Romeo', 'ja', '2002-02-02', ['Drama'], 4 * M, 4_500_000, 6.4, 350],
];

function movieMessage([tmdbId, title, language, date, genres, budget, revenue, rating, votes]: Spec, observedAt = new Date()): MovieMessage {
  return {
    schemaVersion: 1,
    tmdbId,
    title,
    originalTitle: title,
    originalLanguage: language,
    releaseDate: date,
    genres: genres.map((name) => ({ id: GENRE_IDS[name], name })),
    budget,
    revenue,
    runtime: 100,
    voteAverage: rating,
    voteCount: votes,
    popularity: 10,
    status: 'Released',
    spokenLanguages: [language],
    source: 'file',
    observedAt: observedAt.toISOString(),
  };
}

/** Publishes through Kafka (keyed by TMDB id) and waits until the consumer stored every movie. */
async function ingest(t: TestApp, movies: MovieMessage[]): Promise<void> {
  await t.kafka.publishRaw(
    t.config.kafka.topics.movies,
    movies.map((m) => ({ key: String(m.tmdbId), value: JSON.stringify(m) })),
  );
  await expectEventually(async () => {
    const stored = await t.db
      .collection('movies')
      .find({ tmdbId: { $in: movies.map((m) => m.tmdbId) } }, { projection: { tmdbId: 1, voteCount: 1 } })
      .toArray();
    expect(stored.map((d) => [d['tmdbId'], d['voteCount']]).sort((a, b) => a[0] - b[0])).toEqual(
      movies.map((m) => [m.tmdbId, m.voteCount]).sort((a, b) => a[0] - b[0]),
    );
  });
}

// ---- browser helpers ----
interface ChartSnapshot {
  type: string;
  labels: unknown[];
  datasets: { label: string; data: unknown[] }[];
}
type ChartWindow = { Chart: { getChart(canvas: HTMLCanvasElement): { config: { type: string }; data: ChartSnapshot } | undefined } };

function chartOf(page: Page, id: string): Promise<ChartSnapshot | null> {
  return page.evaluate((chartId) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-chart="${chartId}"] canvas`);
    const chart = canvas && (window as unknown as ChartWindow).Chart.getChart(canvas);
    if (!chart) return null;
    return {
      type: chart.config.type,
      labels: [...(chart.data.labels ?? [])],
      datasets: chart.data.datasets.map((d) => ({ label: d.label, data: JSON.parse(JSON.stringify(d.data)) as unknown[] })),
    };
  }, id);
}

/** Share of the canvas's pixels that are not background: 0 for a blank chart. */
function inkOf(page: Page, id: string): Promise<number> {
  return page.evaluate((chartId) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-chart="${chartId}"] canvas`)!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) ink += 1;
    return ink / (data.length / 4);
  }, id);
}

async function waitForRender(page: Page, generation: number): Promise<void> {
  await page.waitForSelector(`body[data-state="ready"][data-generation="${generation}"]`, { timeout: 30_000 });
}

function cardState(page: Page, id: string): Promise<{ state: string | null; message: string }> {
  return page.$eval(`[data-chart="${id}"]`, (card) => ({ state: card.getAttribute('data-state'), message: card.querySelector('.message')?.textContent ?? '' }));
}

/** Every problem the page reports: script errors, failed requests' console errors, CSP violations. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (400|500)/.test(message.text())) problems.push(`console: ${message.text()} ${message.location().url}`);
  });
  return problems;
}

describe.skipIf(browserSkipReason !== undefined)('dashboard and Tableau connector in Debian chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  const api = async (path: string, query: Record<string, string | number> = {}) =>
    (await t.http.get(path).query(query).expect(200)).body as Record<string, unknown> & { items: Record<string, unknown>[] };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The browser first: without one (a failure in CI, see support/browser.ts) no app is left running.
    browser = await launchChromium();
    t = await startTestApp();
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await ingest(
      t,
      SPECS.map((s) => movieMessage(s)),
    );
    await expectEventually(async () => expect((await api('/analytics/tables/movies', { pageSize: 1 }))['total']).toBe(SPECS.length));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  describe('dashboard', () => {
    let context: BrowserContext;
    let page: Page;
    let problems: string[];

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
      page = await context.newPage();
      problems = watchProblems(page);
      await page.goto(`${base}/dashboard`);
      await waitForRender(page, 1);
    });
    afterAll(async () => context?.close());

    it('draws every chart with the API numbers and the extremes as headline figures', async () => {
      for (const id of CHART_IDS) {
        expect(await cardState(page, id)).toEqual({ state: 'ready', message: '' });
        const chart = await chartOf(page, id);
        expect(chart?.datasets[0].data.length, id).toBeGreaterThan(0);
        expect(await inkOf(page, id), `${id} canvas has ink`).toBeGreaterThan(0.01);
      }
      const languages = await api('/analytics/languages');
      expect(await chartOf(page, 'languages')).toMatchObject({
        type: 'bar',
        labels: languages.items.map((l) => l['name'] ?? l['language']),
        datasets: [{ data: languages.items.map((l) => l['averageRating']) }],
      });
      // Worked out from the fixture: every movie counts once per genre (genres' default minVotes is 0).
      const perGenre = new Map<string, number>();
      for (const s of SPECS) for (const g of s[4]) perGenre.set(g, (perGenre.get(g) ?? 0) + 1);
      const genres = await chartOf(page, 'genres');
      expect(Object.fromEntries(genres!.labels.map((g, i) => [g, genres!.datasets[0].data[i]]))).toEqual(Object.fromEntries(perGenre));
      // Top by profit: known budget and revenue only, highest first.
      const byProfit = SPECS.filter((s) => s[5] > 0 && s[6] > 0)
        .map((s) => ({ id: s[0], profit: s[6] - s[5] }))
        .sort((a, b) => b.profit - a.profit || a.id - b.id);
      expect((await chartOf(page, 'top-profit'))!.datasets[0].data).toEqual(byProfit.map((m) => m.profit));
      const topBudget = await api('/analytics/movies/top', { by: 'budget', limit: 20, order: 'desc' });
      expect((await chartOf(page, 'top-budget'))!.datasets[0].data).toEqual(topBudget.items.map((m) => m['budget']));
      const perYear = await api('/analytics/revenue/top-per-year', { n: 5 });
      const lastYear = perYear.items[perYear.items.length - 1] as { year: number; movies: { revenue: number }[] };
      expect((await chartOf(page, 'revenue-per-year'))!.datasets[0].data).toEqual(lastYear.movies.map((m) => m.revenue));
      const relation = await api('/analytics/revenue-vs-budget');
      const scatter = await chartOf(page, 'revenue-vs-budget');
      expect(scatter!.datasets[0].data).toHaveLength((relation['points'] as unknown[]).length);
      expect(scatter!.datasets[1].label).toContain(Number(relation['pearson']).toFixed(3));
      const figures = await page.$$eval('#extremes figure', (nodes) => nodes.map((n) => [n.getAttribute('data-extreme'), n.textContent]));
      expect(figures).toEqual([
        ['highestProfit', expect.stringContaining('Foxtrot')],
        ['lowestProfit', expect.stringContaining('Bravo')],
        ['highestBudget', expect.stringContaining('Bravo')],
        ['lowestBudget', expect.stringContaining('Papa')],
      ]);
      await page.screenshot({ path: `${ARTIFACTS}/dashboard.png`, fullPage: true });
      expect(problems).toEqual([]);
    });

    it('re-renders with the new API numbers when the controls change', async () => {
      const before = await chartOf(page, 'top-rated-years');
      await page.fill('input[name=minVotes]', '500');
      await page.fill('input[name=minRating]', '8');
      await page.fill('input[name=from]', '2001');
      await page.fill('input[name=to]', '2003');
      await page.click('#controls button[type=submit]');
      await waitForRender(page, 2);

      const years = await api('/analytics/top-rated/years', { minRating: 8, minVotes: 500, from: 2001, to: 2003 });
      const after = await chartOf(page, 'top-rated-years');
      expect(after!.labels).toEqual(years.items.map((y) => String(y['year'])));
      expect(after!.datasets[0].data).toEqual(years.items.map((y) => y['count']));
      expect(after).not.toEqual(before);
      // Worked out: rating ≥ 8, votes ≥ 500, 2001–2003 → Alpha (2001) and November (2002).
      expect(Object.fromEntries(after!.labels.map((y, i) => [y, after!.datasets[0].data[i]]))).toEqual({ '2001': 1, '2002': 1 });
      const languages = await api('/analytics/languages', { minVotes: 500 });
      expect((await chartOf(page, 'languages'))!.datasets[0].data).toEqual(languages.items.map((l) => l['averageRating']));
      const genres = await api('/analytics/genres', { minVotes: 500 });
      expect((await chartOf(page, 'genres'))!.datasets[0].data).toEqual(genres.items.map((g) => g['movies']));
      const perYear = await api('/analytics/revenue/top-per-year', { n: 5, from: 2001, to: 2003 });
      expect(await page.$$eval('[data-chart="revenue-per-year"] option', (o) => o.map((x) => x.textContent))).toEqual(
        perYear.items.map((y) => String(y['year'])),
      );
      await page.selectOption('[data-chart="revenue-per-year"] select', '2001');
      const y2001 = perYear.items.find((y) => y['year'] === 2001) as { movies: { revenue: number }[] };
      expect((await chartOf(page, 'revenue-per-year'))!.datasets[0].data).toEqual(y2001.movies.map((m) => m.revenue));
    });

    it('downloads a chart as PNG and its data as the endpoint CSV', async () => {
      const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-chart="languages"] button:text("PNG")')]);
      expect(png.suggestedFilename()).toBe('languages.png');
      expect(readFileSync((await png.path())!).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-chart="genres"] button:text("CSV")')]);
      expect(csv.suggestedFilename()).toBe('genres.csv');
      const expected = await t.http.get('/analytics/genres').query({ minVotes: 500, format: 'csv' }).expect(200);
      expect(readFileSync((await csv.path())!, 'utf8')).toBe(expected.text);
    });

    it('shows the API error message instead of a chart', async () => {
      await page.fill('input[name=minRating]', '');
      await page.fill('input[name=from]', '2004');
      await page.fill('input[name=to]', '2001');
      await page.route('**/analytics/genres?*', (route) => route.fulfill({ status: 500, json: { statusCode: 500, message: 'Internal server error' } }));
      await page.click('#controls button[type=submit]');
      await waitForRender(page, 3);
      await page.unroute('**/analytics/genres?*');

      const rejected = await t.http.get('/analytics/top-rated/years').query({ minVotes: 500, from: 2004, to: 2001 }).expect(400);
      const reason = [rejected.body.message].flat().join('; ');
      for (const id of ['top-rated-years', 'revenue-per-year']) {
        const card = await cardState(page, id);
        expect(card.state, id).toBe('error');
        expect(card.message).toContain('The API answered 400');
      }
      expect((await cardState(page, 'top-rated-years')).message).toContain(reason);
      expect(await cardState(page, 'genres')).toEqual({ state: 'error', message: 'The API answered 500: Internal server error' });
      expect(await chartOf(page, 'genres')).toBeNull();
      expect(await cardState(page, 'languages')).toMatchObject({ state: 'ready' });
    });

    it('stays readable on a phone: one column, no sideways scrolling', async () => {
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      try {
        const small = await phone.newPage();
        await small.goto(`${base}/dashboard`);
        await waitForRender(small, 1);
        const layout = await small.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          width: window.innerWidth,
          columns: getComputedStyle(document.getElementById('charts')!).gridTemplateColumns.split(' ').length,
        }));
        expect(layout.scroll).toBeLessThanOrEqual(layout.width);
        expect(layout.columns).toBe(1);
        expect(await inkOf(small, 'languages')).toBeGreaterThan(0.01);
        await small.screenshot({ path: `${ARTIFACTS}/dashboard-phone.png`, fullPage: true });
      } finally {
        await phone.close();
      }
    });

    it('draws the genre × language heatmap (small cells greyed, n on hover) and the budget-band chart, with PNG and CSV', async () => {
      const context2 = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
      try {
        const page2 = await context2.newPage();
        const problems2 = watchProblems(page2);
        await page2.goto(`${base}/dashboard`);
        await waitForRender(page2, 1);
        type HeatCell = { x: string; y: string; n: number; greyed: boolean; value: number | null };
        const heat = async () => (await chartOf(page2, 'genre-language'))!.datasets[0]!.data as HeatCell[];
        // Worked out from the fixture: a movie is in one cell per genre; no cell reaches the default 10 movies, so all are grey.
        const perCell = new Map<string, number>();
        for (const s of SPECS) for (const g of s[4]) perCell.set(`${g}/${s[2]}`, (perCell.get(`${g}/${s[2]}`) ?? 0) + 1);
        const cells = await heat();
        expect(Object.fromEntries(cells.map((c) => [`${c.y}/${c.x}`, c.n]))).toEqual(Object.fromEntries(perCell));
        expect(cells.every((c) => c.greyed)).toBe(true);
        expect(await inkOf(page2, 'genre-language')).toBeGreaterThan(0.01);

        await page2.fill('input[name=minMovies]', '3');
        await page2.click('#controls button[type=submit]');
        await waitForRender(page2, 2);
        const coloured = (await heat()).filter((c) => !c.greyed).map((c) => `${c.y}/${c.x}`);
        expect(coloured.sort()).toEqual(
          [...perCell]
            .filter(([, n]) => n >= 3)
            .map(([key]) => key)
            .sort(),
        );
        // The API's vote-weighted rating is what each coloured cell shows.
        const matrix = await api('/analytics/genre-language', { minMovies: 1 });
        for (const c of await heat()) {
          const item = matrix.items.find((i) => i['genre'] === c.y && i['language'] === c.x)!;
          expect(c.value).toBe(item['weightedRating']);
        }
        // Hovering a grey cell shows its n.
        const grey = (await heat()).find((c) => c.greyed)!;
        await page2.locator('[data-chart="genre-language"] canvas').scrollIntoViewIfNeeded();
        const point = await page2.evaluate(
          ({ x, y }) => {
            const canvas = document.querySelector<HTMLCanvasElement>('[data-chart="genre-language"] canvas')!;
            type Scale = { getPixelForValue(v: number): number; getLabels(): string[] };
            const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { scales: Record<string, Scale> } } }).Chart.getChart(canvas)!;
            const box = canvas.getBoundingClientRect();
            return {
              x: box.left + chart.scales['x']!.getPixelForValue(chart.scales['x']!.getLabels().indexOf(x)),
              y: box.top + chart.scales['y']!.getPixelForValue(chart.scales['y']!.getLabels().indexOf(y)),
            };
          },
          { x: grey.x, y: grey.y },
        );
        await page2.mouse.move(point.x, point.y);
        const tooltipText = () =>
          page2.evaluate(() => {
            const canvas = document.querySelector<HTMLCanvasElement>('[data-chart="genre-language"] canvas')!;
            type Tooltip = { body?: { lines: string[] }[] };
            const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { tooltip: Tooltip } } }).Chart.getChart(canvas)!;
            return (chart.tooltip.body ?? []).flatMap((b) => b.lines).join(' ');
          });
        await expectEventually(async () => expect(await tooltipText()).toContain(`n = ${grey.n}: too few movies (under 3)`));

        // Budget bands: the p10–p90 range, the median and the share profitable per band, as the API answers.
        const bands = await api('/analytics/budget-bands');
        const chart = (await chartOf(page2, 'budget-bands'))!;
        expect(chart.datasets.map((d) => d.label)).toEqual(['profit p10–p90', 'median profit', 'share profitable']);
        expect(chart.datasets[0]!.data).toEqual(bands.items.map((b) => [b['p10Profit'], b['p90Profit']]));
        expect(chart.datasets[1]!.data).toEqual(bands.items.map((b) => b['medianProfit']));
        expect(chart.datasets[2]!.data).toEqual(bands.items.map((b) => (b['shareProfitable'] as number) * 100));
        expect(chart.labels).toHaveLength(bands.items.length);
        expect(await inkOf(page2, 'budget-bands')).toBeGreaterThan(0.01);

        for (const [id, endpoint, query] of [
          ['genre-language', '/analytics/genre-language', { minMovies: 1 }],
          ['budget-bands', '/analytics/budget-bands', {}],
        ] as const) {
          const [png] = await Promise.all([page2.waitForEvent('download'), page2.click(`[data-chart="${id}"] button:text("PNG")`)]);
          expect(png.suggestedFilename()).toBe(`${id}.png`);
          expect(readFileSync((await png.path())!).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
          const [csv] = await Promise.all([page2.waitForEvent('download'), page2.click(`[data-chart="${id}"] button:text("CSV")`)]);
          expect(csv.suggestedFilename()).toBe(`${id}.csv`);
          const expected = await t.http
            .get(endpoint)
            .query({ ...query, format: 'csv' })
            .expect(200);
          expect(readFileSync((await csv.path())!, 'utf8')).toBe(expected.text);
        }
        await page2.screenshot({ path: `${ARTIFACTS}/dashboard-groups.png`, fullPage: true });
        expect(problems2).toEqual([]);
      } finally {
        await context2.close();
      }
    });

    it('says "no movies yet — run an ingest" on an empty database', async () => {
      const empty = await startTestApp();
      const context2 = await browser.newContext();
      try {
        const page2 = await context2.newPage();
        const problems2 = watchProblems(page2);
        await page2.goto(`${(await empty.app.getUrl()).replace('[::1]', '127.0.0.1')}/dashboard`);
        await waitForRender(page2, 1);
        expect(await page2.textContent('#banner')).toBe('No movies yet — run an ingest.');
        expect(await page2.isVisible('#banner')).toBe(true);
        for (const id of CHART_IDS) {
          expect(await cardState(page2, id), id).toEqual({ state: 'empty', message: 'No movies yet — run an ingest.' });
          expect(await chartOf(page2, id)).toBeNull();
        }
        expect(await page2.$$eval('#extremes figure strong', (n) => n.map((x) => x.textContent))).toEqual(['—', '—', '—', '—']);
        expect(problems2).toEqual([]);
      } finally {
        await context2.close();
        await empty.close();
      }
    });
  });

  it('with READ_API_KEY set, the typed key goes out as x-api-key from the dashboard and as tableau.password from the WDC', async () => {
    const locked = await startTestApp(isolatedEnv({ READ_API_KEY: READ_KEY }));
    const context = await browser.newContext();
    try {
      const url = (await locked.app.getUrl()).replace('[::1]', '127.0.0.1');
      const page = await context.newPage();
      await page.goto(`${url}/dashboard`);
      await waitForRender(page, 1);
      expect(await cardState(page, 'languages')).toEqual({ state: 'error', message: expect.stringContaining('The API answered 401') });
      await page.fill('input[name=apiKey]', READ_KEY);
      await page.click('#controls button[type=submit]');
      await waitForRender(page, 2);
      expect(await cardState(page, 'languages')).toEqual({ state: 'empty', message: 'No movies yet — run an ingest.' });
      expect(await page.evaluate(() => sessionStorage.getItem('movieAnalytics.apiKey'))).toBe(READ_KEY);

      const wdc = await context.newPage();
      await openWithSimulator(wdc, `${url}/wdc`, { phase: 'interactive' });
      await wdc.fill('input[name=apiKey]', READ_KEY);
      await wdc.click('#connect button[type=submit]');
      const handedOver = await simulatorState(wdc);
      expect(handedOver).toMatchObject({ submitted: true, password: READ_KEY, authType: 'custom' });

      const gather = await context.newPage();
      await openWithSimulator(gather, `${url}/wdc`, { phase: 'gatherData', connectionData: handedOver.connectionData, password: READ_KEY });
      expect((await simulatorSchema(gather)).tables).toHaveLength(Object.keys(WDC_TABLES).length);
      expect((await simulatorData(gather, 'movies')).rows).toEqual([]);
      const keyless = await context.newPage();
      await openWithSimulator(keyless, `${url}/wdc`, { phase: 'gatherData', connectionData: handedOver.connectionData });
      await expect(simulatorSchema(keyless)).rejects.toThrow(/abortWithError: Could not read the table definitions: .* answered 401/);
    } finally {
      await context.close();
      await locked.close();
    }
  });

  describe('Tableau Web Data Connector (WDC 2.x) under a simulated tableau object', () => {
    let context: BrowserContext;
    let schemaColumns: Record<string, { id: string; dataType: string }[]>;
    let moviesMaxUpdated = '';

    beforeAll(async () => {
      context = await browser.newContext();
    });
    afterAll(async () => context?.close());

    const gatherPage = async (connectionData: string) => {
      const page = await context.newPage();
      await openWithSimulator(page, `${base}/wdc`, { phase: 'gatherData', connectionData });
      return page;
    };

    it('interactive phase: the form hands the page size to Tableau and submits', async () => {
      const page = await context.newPage();
      await openWithSimulator(page, `${base}/wdc`, { phase: 'interactive' });
      await page.fill('input[name=pageSize]', '4');
      await page.click('#connect button[type=submit]');
      const state = await simulatorState(page);
      expect(state).toMatchObject({ registered: true, initialized: true, submitted: true, connectionName: 'Movie analytics', password: '', errors: [] });
      expect(JSON.parse(state.connectionData)).toEqual({ pageSize: 4 });
      await page.close();
    });

    it('getSchema declares every table with the API columns, typed and aliased, and movies refreshable by updatedAt', async () => {
      const page = await gatherPage(JSON.stringify({ pageSize: 4 }));
      const schema = await simulatorSchema(page);
      expect(schema.tables.map((table) => table.id)).toEqual(Object.keys(WDC_TABLES));
      schemaColumns = {};
      for (const table of schema.tables) {
        const first = await api(WDC_TABLES[table.id], { pageSize: 1 });
        const columns = first['columns'] as { id: string; type: string }[];
        expect(
          table.columns.map((c) => [c.id, c.dataType]),
          table.id,
        ).toEqual(columns.map((c) => [c.id, c.type]));
        for (const column of table.columns) expect(column.alias, `${table.id}.${column.id}`).toMatch(/^[A-Z]/);
        expect(table.alias).toBeTruthy();
        schemaColumns[table.id] = table.columns;
      }
      expect(schema.tables.find((table) => table.id === 'movies')!.incrementColumnId).toBe('updatedAt');
      expect(schema.standardConnections).toEqual([
        expect.objectContaining({
          joins: [{ left: { tableAlias: 'Movies', columnId: 'tmdbId' }, right: { tableAlias: 'Movie genres', columnId: 'tmdbId' }, joinType: 'left' }],
        }),
      ]);
      expect((await simulatorState(page)).errors).toEqual([]);
      await page.close();
    });

    it('getData delivers every row of every table, page by page, as the API holds them', async () => {
      const page = await gatherPage(JSON.stringify({ pageSize: 4 }));
      await simulatorSchema(page);
      for (const [table, path] of Object.entries(WDC_TABLES)) {
        const all = await api(path, { pageSize: 5000 });
        const total = all['total'] as number;
        const columns = all['columns'] as { id: string; type: string }[];
        const data = await simulatorData(page, table);
        expect(data.rows, table).toHaveLength(total);
        expect(data.appendCalls, `${table} is read 4 rows a request`).toBe(Math.max(1, Math.ceil(total / 4)));
        expect(data.rows).toEqual((all['rows'] as unknown[]).map((row) => asTableauRow(columns, row)));
        if (table === 'movies') {
          expect(total).toBe(SPECS.length);
          moviesMaxUpdated = data.rows
            .map((r) => String(r['updatedAt']))
            .sort()
            .at(-1)!;
        }
      }
      const state = await simulatorState(page);
      expect(state.errors).toEqual([]);
      expect(state.progress.some((p) => p.startsWith('movies: 18 rows'))).toBe(true);
      await page.close();
    });

    it('incremental refresh returns only the movies changed after the last incrementValue', async () => {
      expect(moviesMaxUpdated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
      const newcomer: Spec = [19, 'Sierra', 'en', '2005-05-05', ['Drama'], 70 * M, 210 * M, 7.5, 640];
      const changed: Spec = [...SPECS[2]];
      changed[8] = 999; // Charlie gets more votes
      await ingest(t, [movieMessage(newcomer), movieMessage(changed)]);
      await expectEventually(async () => expect((await api('/analytics/tables/movies', { pageSize: 1 }))['total']).toBe(SPECS.length + 1));

      const page = await gatherPage(JSON.stringify({ pageSize: 1 }));
      await simulatorSchema(page);
      const data = await simulatorData(page, 'movies', moviesMaxUpdated);
      expect(data.rows.map((r) => [r['tmdbId'], r['voteCount']]).sort()).toEqual(
        [
          [19, 640],
          [3, 999],
        ].sort(),
      );
      for (const row of data.rows) expect(String(row['updatedAt']) > moviesMaxUpdated).toBe(true);
      expect((await simulatorState(page)).errors).toEqual([]);
      await page.close();
    });

    it('waits out a 429 from the rate limit (Retry-After) and reads the same page again', async () => {
      const page = await gatherPage(JSON.stringify({ pageSize: 2 }));
      await simulatorSchema(page);
      let limited = 0;
      await page.route('**/analytics/tables/genres?page=2&*', async (route) => {
        if (limited++ > 0) return route.continue();
        await route.fulfill({ status: 429, headers: { 'Retry-After': '1' }, json: { statusCode: 429, message: 'too many requests' } });
      });
      const all = await api('/analytics/tables/genres', { pageSize: 5000 });
      const data = await simulatorData(page, 'genres');
      expect(limited).toBe(2);
      expect(data.rows).toHaveLength(all['total'] as number);
      const state = await simulatorState(page);
      expect(state.progress).toContain('genres: rate limited, waiting 1 s');
      expect(state.errors).toEqual([]);
      await page.close();
    });

    it('without a tableau host the page says it could not load the WDC library', async () => {
      const page = await context.newPage();
      await page.route('https://connectors.tableau.com/**', (route) => route.abort());
      await page.goto(`${base}/wdc`);
      await expectEventually(async () =>
        expect(await page.textContent('#status')).toContain('Could not load https://connectors.tableau.com/libs/tableauwdc-2.3.latest.js'),
      );
      await page.close();
    });
  });
});

if (browserSkipReason) console.warn(`${browserSkipReason} (in CI they fail instead)`);

/** What Tableau should receive for one API row: datetimes as "YYYY-MM-DD HH:MM:SS.sss" UTC, dates as YYYY-MM-DD. */
function asTableauRow(columns: { id: string; type: string }[], row: unknown): WdcRow {
  const out: WdcRow = {};
  columns.forEach((column, index) => {
    let value = (Array.isArray(row) ? row[index] : (row as Record<string, unknown>)[column.id]) ?? null;
    if (column.type === 'datetime' && value !== null) value = new Date(String(value)).toISOString().replace('T', ' ').replace('Z', '');
    if (column.type === 'date' && typeof value === 'string') value = value.slice(0, 10);
    out[column.id] = value;
  });
  return out;
}
