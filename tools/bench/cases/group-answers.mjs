// G (group-answers): the issue-18 answers — /analytics/genre-language, /analytics/budget-bands and /analytics/explore
// (one-way cuts, and two-way cuts with medians) — with fresh random parameters on every request (never asked before,
// so no answer comes from the memo), one request at a time, client-side hrtime: first idle, then while an ingest
// runs through Kafka into the same process (APP_ROLE=all), reported apart. p99 per route.
import { URLSearchParams } from 'node:url';
import { freshNames, readModelStatus, startApp } from '../lib/app-process.mjs';
import { dropState } from '../lib/fresh-state.mjs';
import { get } from '../lib/http-load.mjs';
import { percentile } from '../lib/stats.mjs';
import { round } from '../lib/proc-stats.mjs';
import { fill, ingestOnce, waitForConsumer } from './ingest-cases.mjs';

const int = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
const pick = (values) => values[Math.floor(Math.random() * values.length)];
const some = (values, min, max) => {
  const shuffled = [...values].sort(() => Math.random() - 0.5);
  return shuffled.slice(0, int(min, Math.min(max, values.length)));
};

const DIMENSIONS = ['language', 'genre', 'year', 'decade', 'budgetBand'];
const MEASURES = ['count', 'meanRating', 'weightedRating', 'medianRevenue', 'medianProfit', 'medianRoi', 'shareProfitable'];
const MEDIANS = ['medianRevenue', 'medianProfit', 'medianRoi'];
const GL_MEASURES = ['movies', 'meanRating', 'weightedRating', 'medianRevenue', 'medianProfit', 'shareProfitable'];
// Values the generator draws (tools/bench/tmdb-5000-profile.mjs), and one it never does.
const GENRES = ['Drama', 'Comedy', 'Thriller', 'Action', 'Romance', 'Adventure', 'Crime', 'Horror', 'Animation', 'Western'];
const LANGUAGES = ['en', 'fr', 'es', 'de', 'ja', 'zh', 'hi', 'it'];

const floors = (q) => {
  q.set('minBudget', String(pick([0, 1000, int(1000, 5_000_000)])));
  q.set('minRevenue', String(pick([0, 1000, int(1000, 5_000_000)])));
};
const edges = () => {
  const list = new Set();
  const n = int(1, 8);
  while (list.size < n) list.add(int(1, 300) * 1_000_000 + int(0, 999_999));
  return [...list].sort((a, b) => a - b).join(',');
};
const bandsOrEdges = (q) => {
  if (Math.random() < 0.3) q.set('edges', edges());
  else q.set('bands', String(int(2, 100)));
};

/** Each route: a label, its path, and a fresh query. */
export const GROUP_ROUTES = [
  {
    label: 'genre-language',
    path: '/analytics/genre-language',
    query: () => {
      const q = new URLSearchParams();
      q.set('minVotes', String(int(0, 2000)));
      q.set('minMovies', String(int(1, 50)));
      q.set('measure', pick(GL_MEASURES));
      if (Math.random() < 0.5) q.set('genre', pick(GENRES));
      if (Math.random() < 0.5) q.set('language', pick(LANGUAGES));
      floors(q);
      return q;
    },
  },
  {
    label: 'budget-bands',
    path: '/analytics/budget-bands',
    query: () => {
      const q = new URLSearchParams();
      bandsOrEdges(q);
      q.set('targetProfit', String(int(-10, 500) * 1_000_000 + int(0, 999_999)));
      floors(q);
      return q;
    },
  },
  {
    label: 'explore, one-way',
    path: '/analytics/explore',
    query: () => {
      const q = new URLSearchParams();
      q.set('groupBy', pick(DIMENSIONS));
      const measures = some(MEASURES, 1, 4);
      q.set('measure', measures.join(','));
      q.set('sort', pick(measures));
      q.set('order', pick(['desc', 'asc']));
      q.set('limit', String(int(1, 1000)));
      q.set('minVotes', String(int(0, 1000)));
      q.set('minMovies', String(int(1, 20)));
      if (Math.random() < 0.3) {
        const from = int(1920, 2015);
        q.set('from', String(from));
        q.set('to', String(int(from, 2020)));
      }
      if (Math.random() < 0.2) q.set('genre', pick(GENRES));
      if (Math.random() < 0.2) q.set('language', pick(LANGUAGES));
      if (q.get('groupBy') === 'budgetBand') bandsOrEdges(q);
      floors(q);
      return q;
    },
  },
  {
    label: 'explore, two-way with medians',
    path: '/analytics/explore',
    query: () => {
      const q = new URLSearchParams();
      q.set('groupBy', some(DIMENSIONS, 2, 2).join(','));
      // At least one median, often all three.
      const measures = [...new Set([pick(MEDIANS), ...(Math.random() < 0.5 ? MEDIANS : some(MEASURES, 0, 3))])];
      q.set('measure', measures.join(','));
      q.set('sort', pick(measures));
      q.set('limit', String(int(1, 1000)));
      q.set('minVotes', String(int(0, 500)));
      if (Math.random() < 0.2) {
        const from = int(1920, 2015);
        q.set('from', String(from));
        q.set('to', String(int(from, 2020)));
      }
      if (q.get('groupBy').includes('budgetBand')) bandsOrEdges(q);
      floors(q);
      return q;
    },
  },
];

/** One request with a query never sent before; its time in ms. */
async function fresh(base, route, asked) {
  let url;
  do url = `${base}${route.path}?${route.query().toString()}`;
  while (asked.has(url));
  asked.add(url);
  const res = await get(url);
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${res.body.slice(0, 300)}`);
  return res.ms;
}

function stat(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return { requests: 0, p50Ms: null, p99Ms: null, maxMs: null };
  return { requests: sorted.length, p50Ms: round(percentile(sorted, 50), 2), p99Ms: round(percentile(sorted, 99), 2), maxMs: round(sorted.at(-1), 2) };
}

/**
 * G at `movies` stored (generated, seed 42, filled straight into MongoDB), one process (APP_ROLE=all): `perRoute`
 * fresh requests per route idle (routes interleaved), then fresh requests round the routes for as long as an ingest of
 * `ingestFile` through Kafka runs. Returns p50/p99/max per route for each phase.
 */
export async function caseG(ctx, movies, ingestFile, { perRoute }) {
  const names = freshNames(`G${movies}`);
  const started = [];
  try {
    ctx.log(`  filling ${movies} movies straight into MongoDB`);
    await fill(ctx, names.db, { count: movies, seed: 42, firstId: 1 });
    const app = await startApp({ root: ctx.root, names, env: { APP_ROLE: 'all' }, log: ctx.log });
    started.push(app);
    await waitForConsumer(names.group);
    const held = (await readModelStatus(app.base)).movies;
    for (let i = 0; i < 200; i++) await get(`${app.base}/health/live`);
    const asked = new Set();
    const idle = Object.fromEntries(GROUP_ROUTES.map((r) => [r.label, []]));
    for (let i = 0; i < perRoute; i++) for (const route of GROUP_ROUTES) idle[route.label].push(await fresh(app.base, route, asked));
    ctx.log(`  G at ${movies}: idle done (${perRoute} per route)`);

    const busy = Object.fromEntries(GROUP_ROUTES.map((r) => [r.label, []]));
    let done = false;
    const ingest = ingestOnce(app, ingestFile, { stallMs: ctx.stallMs });
    ingest.finally(() => (done = true)).catch(() => undefined);
    while (!done) for (const route of GROUP_ROUTES) if (!done) busy[route.label].push(await fresh(app.base, route, asked));
    const result = await ingest;
    const after = (await readModelStatus(app.base)).movies;
    const routes = GROUP_ROUTES.map((r) => ({ route: r.label, path: r.path, idle: stat(idle[r.label]), busy: stat(busy[r.label]) }));
    for (const r of routes)
      ctx.log(
        `  ${r.route}: idle ${r.idle.requests} req p50 ${r.idle.p50Ms} ms p99 ${r.idle.p99Ms} ms max ${r.idle.maxMs} ms; during the ingest ${r.busy.requests} req p50 ${r.busy.p50Ms} ms p99 ${r.busy.p99Ms} ms max ${r.busy.maxMs} ms`,
      );
    return { movies: held, moviesAfter: after, ingested: result.produced, ingestWallS: result.wallS, distinctQueries: asked.size, routes };
  } finally {
    for (const app of started.reverse()) await app.stop();
    await dropState(names);
  }
}
