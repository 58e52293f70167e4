// Cases on the read side: L (repeated answers against a constant route, 304 bytes), I (reads during an
// ingest), S (staleness, with sentinels), F (answers with fresh parameters by size) and B (the read model
// ready after boot, its bytes per movie and the API replica's RSS).
import { setTimeout as sleep } from 'node:timers/promises';
import { URLSearchParams } from 'node:url';
import { consumerCount, freshNames, metricSum, readMetrics, readModelStatus, startApp } from '../lib/app-process.mjs';
import { dropState, mongoClient } from '../lib/fresh-state.mjs';
import { cannon, get, probe } from '../lib/http-load.mjs';
import { median, percentile } from '../lib/stats.mjs';
import { round } from '../lib/proc-stats.mjs';
import { publishSentinel, SENTINEL_QUESTION, sentinelsAround, summarise } from '../lib/sentinel.mjs';
import { fill, ingestOnce, waitForConsumer } from './ingest-cases.mjs';

export const KNOWN_ENDPOINTS = [
  '/analytics/languages',
  '/analytics/top-rated/years',
  '/analytics/genres',
  '/analytics/movies/extremes',
  '/analytics/movies/top',
  '/analytics/revenue/top-per-year',
  '/analytics/revenue-vs-budget',
  '/analytics/data-quality',
];
export const CONSTANT_ROUTE = '/health/live';

/** Endpoints that did not answer 200 when listed, with their status: the report names them. */
export const refused = new Map();

/** The question endpoints the index lists (falls back to the list), keeping those that answer 200. */
export async function analyticsEndpoints(base) {
  let paths = KNOWN_ENDPOINTS;
  const index = await get(`${base}/analytics`).catch(() => null);
  if (index?.status === 200) {
    const listed = (JSON.parse(index.body).endpoints ?? []).map((e) => e.path).filter((p) => typeof p === 'string');
    if (listed.length) paths = listed;
  }
  const live = [];
  for (const path of paths) {
    const res = await get(`${base}${path}`);
    if (res.status === 200) live.push(path);
    else refused.set(path, `${res.status} ${res.body.slice(0, 160)}`);
  }
  return live;
}

async function warmUp(app) {
  for (let i = 0; i < 200; i++) await get(`${app.base}${CONSTANT_ROUTE}`);
}

/**
 * L on the app's current data: the same question asked again and again (answered from the memo while
 * the data stands still) under a fixed rate, against the constant route, and the bytes of a 304.
 */
async function latencyOn(app, ctx, endpoints) {
  const { rate, seconds, rounds } = ctx.plan.latency;
  await warmUp(app);
  const routes = {};
  const ratios = Object.fromEntries(endpoints.map((e) => [e, []]));
  for (let r = 0; r < rounds; r++) {
    const before = await cannon(`${app.base}${CONSTANT_ROUTE}`, { rate, seconds });
    const constProbe = await probe(`${app.base}${CONSTANT_ROUTE}`, { rate, seconds });
    for (const e of endpoints) {
      await get(`${app.base}${e}`); // make it warm
      const warm = await cannon(`${app.base}${e}`, { rate, seconds });
      const precise = await probe(`${app.base}${e}`, { rate, seconds });
      routes[e] = { warm, precise };
      ratios[e].push(precise.p99 / constProbe.p99);
    }
    const after = await probe(`${app.base}${CONSTANT_ROUTE}`, { rate, seconds });
    routes[CONSTANT_ROUTE] = { warm: before, precise: constProbe, preciseAfter: after };
  }
  const bytes = {};
  for (const e of endpoints) {
    const full = await get(`${app.base}${e}`);
    const again = await get(`${app.base}${e}`, { 'if-none-match': full.headers.etag ?? '' });
    bytes[e] = { full: full.wireBytes, notModified: again.status === 304 ? again.wireBytes : null, status: again.status };
  }
  const perEndpoint = endpoints.map((e) => ({
    path: e,
    warmP50Ms: routes[e].precise.p50 && round(routes[e].precise.p50, 2),
    warmP99Ms: routes[e].precise.p99 && round(routes[e].precise.p99, 2),
    autocannonP50Ms: routes[e].warm.p50,
    autocannonP99Ms: routes[e].warm.p99,
    warmP99OverConstant: round(median(ratios[e]), 2),
    bytes304OverFull: bytes[e].notModified ? round(bytes[e].notModified / bytes[e].full, 4) : null,
    fullBytes: bytes[e].full,
  }));
  const constant = routes[CONSTANT_ROUTE];
  return {
    rate,
    seconds,
    constant: {
      p50Ms: round(constant.precise.p50, 3),
      p99Ms: round(constant.precise.p99, 3),
      autocannonP99Ms: constant.warm.p99,
      p99AfterMs: round(constant.preciseAfter.p99, 3),
    },
    endpoints: perEndpoint,
    serverHistogram: ctx.serverHistogram,
  };
}

/** L at a given dataset: a fresh database filled straight, the app in API role. */
export async function caseL(ctx, { file, count, label }) {
  const names = freshNames(`L${label}`);
  await fill(ctx, names.db, { file, count });
  const app = await startApp({ root: ctx.root, names, env: { APP_ROLE: 'api' }, log: ctx.log });
  try {
    const endpoints = await analyticsEndpoints(app.base);
    if (endpoints.length === 0) return { label, skipped: 'no analytics endpoint answered 200' };
    const movies = await (await mongoClient()).db(names.db).collection('movies').estimatedDocumentCount();
    return { label, movies, ...(await latencyOn(app, ctx, endpoints)) };
  } finally {
    await app.stop();
    await dropState(names);
  }
}

/** Starts the processes of one layout on `names`: `split` runs the roles as scaled-out replicas do. */
async function layout(ctx, names, split, started) {
  const start = async (role) => {
    const app = await startApp({ root: ctx.root, names, env: { APP_ROLE: role }, log: ctx.log });
    started.push(app);
    return app;
  };
  const reader = await start(split ? 'api' : 'all');
  const writer = split ? await start('api') : reader;
  const counter = split ? await start('consumer') : reader;
  await waitForConsumer(names.group);
  return { reader, writer, counter };
}

/**
 * I: analytics p99 while an ingest runs ÷ idle p99. `split` runs the roles as scaled-out replicas do:
 * reads on one API replica, the ingest job on another, the consumer alone; otherwise one process
 * (APP_ROLE=all) does everything. The baseline (TMDB 5000) is filled straight into MongoDB before
 * any app starts, so each read model loads it from its snapshot; the ingest comes through Kafka and the feed.
 */
export async function caseI(ctx, file, { baseline, split = false }) {
  const names = freshNames(split ? 'I-split' : 'I');
  await fill(ctx, names.db, { file: baseline });
  const started = [];
  const path = '/analytics/genres';
  const { rate } = ctx.plan.latency;
  try {
    const { reader, writer, counter } = await layout(ctx, names, split, started);
    if ((await get(`${reader.base}${path}`)).status !== 200) return { skipped: `${path} does not answer 200` };
    await warmUp(reader);
    await get(`${reader.base}${path}`);
    const idleBefore = await probe(`${reader.base}${path}`, { rate, seconds: ctx.plan.latency.seconds * 2 });
    const before = await consumerCount(counter.base);
    const computeBefore = await computeTotals(reader.base, 'genres');
    const ingest = ingestOnce(writer, file, { counter, stallMs: ctx.stallMs });
    const busy = [];
    let done = false;
    ingest.finally(() => (done = true)).catch(() => undefined);
    const t0 = performance.now();
    while (!done) {
      const atS = round((performance.now() - t0) / 1000, 1);
      // A property added, not a spread: the probe's latencies (not enumerable) stay with it.
      busy.push(Object.assign(await probe(`${reader.base}${path}`, { rate, seconds: 1 }), { atS }));
    }
    const result = await ingest;
    const computed = delta(await computeTotals(reader.base, 'genres'), computeBefore);
    const after = await probe(`${reader.base}${path}`, { rate, seconds: ctx.plan.latency.seconds * 2 });
    // p99 over every read during the ingest (pooled, not a median of per-second p99s, which would hide a stall).
    const busyP99 = percentile(
      busy.flatMap((b) => b.samples).sort((a, b) => a - b),
      99,
    );
    // Seconds into the ingest where a read took over a second, or failed: where to look when the p99 is high.
    const slowSlices = busy
      .filter((b) => (b.max ?? 0) > 1000 || b.errors > 0)
      .map(({ atS, requests, errors, max, errorStatuses }) => ({ atS, requests, errors, maxMs: round(max, 0), errorStatuses }));
    const idleP99 = idleBefore.p99;
    const processes = Object.fromEntries(started.map((a, i) => [`${a.role}${i}`, round(a.memory().peakMb, 1)]));
    return {
      path,
      rate,
      roles: split ? 'api (reads) + api (ingest job) + consumer' : 'all in one process',
      ingested: (await consumerCount(counter.base)) - before,
      ingestWallS: result.wallS,
      idleP99Ms: round(idleP99, 2),
      busyP99Ms: round(busyP99, 2),
      busyP50Ms: round(
        percentile(
          busy.flatMap((b) => b.samples).sort((a, b) => a - b),
          50,
        ),
        2,
      ),
      busyRequests: busy.reduce((n, b) => n + b.requests, 0),
      busyErrors: busy.reduce((n, b) => n + b.errors, 0),
      busyMaxMs: round(Math.max(...busy.map((b) => b.max ?? 0)), 2),
      busySlices: busy.length,
      busyOverIdleP99: round(busyP99 / idleP99, 2),
      slowSlices,
      afterP99Ms: round(after.p99, 2),
      afterMaxMs: round(after.max, 2),
      // The genres answers the reader computed during the ingest (each change to the model makes the next one a fresh computation).
      computations: computed,
      peakRssMb: processes,
    };
  } finally {
    for (const app of started.reverse()) await app.stop();
    await dropState(names);
  }
}

/**
 * S: staleness, from the persisting consumer's write to the first answer that includes it, measured
 * with sentinels (lib/sentinel.mjs) during and after an ingest through Kafka into an empty database,
 * one process (APP_ROLE=all) or roles split (the reader is an API replica that neither ingests nor consumes).
 */
export async function caseS(ctx, file, { split = false }) {
  const names = freshNames(split ? 'S-split' : 'S');
  const started = [];
  try {
    const { reader, writer, counter } = await layout(ctx, names, split, started);
    let sent = 0;
    let done = false;
    const ingest = ingestOnce(writer, file, { counter, stallMs: ctx.stallMs, uncounted: () => sent });
    ingest.finally(() => (done = true)).catch(() => undefined);
    const samples = await sentinelsAround(ctx.root, names, reader, {
      isDone: () => done,
      everyMs: ctx.plan.sentinels.everyMs,
      after: ctx.plan.sentinels.after,
      minimum: ctx.plan.sentinels.minimum,
      log: ctx.log,
      onPublish: () => sent++,
    });
    const result = await ingest;
    const stored = await (await mongoClient()).db(names.db).collection('movies').estimatedDocumentCount();
    return {
      roles: split ? 'api (reads) + api (ingest job) + consumer' : 'all in one process',
      movies: result.produced,
      stored,
      ingestWallS: result.wallS,
      question: SENTINEL_QUESTION,
      ...summarise(samples),
      samples,
    };
  } finally {
    for (const app of started.reverse()) await app.stop();
    await dropState(names);
  }
}

/** The analytics_compute_seconds totals of one answer in a process: count and seconds. */
async function computeTotals(base, answer) {
  const text = await readMetrics(base);
  return {
    count: metricSum(text, 'analytics_compute_seconds_count', `answer="${answer}"`),
    seconds: metricSum(text, 'analytics_compute_seconds_sum', `answer="${answer}"`),
  };
}

function delta(after, before) {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, round(v - before[k], k === 'count' ? 0 : 3)]));
}

// ---- F (fresh parameters) and B (model ready after boot) ----

const int = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
/**
 * Realistic ranges for the parameters the routes take, inside their DTO bounds (src/analytics/dto):
 * an extreme value (minVotes = 10⁹) would filter every movie out and time an empty scan.
 */
const PARAM_RANGES = {
  minVotes: () => int(0, 3000),
  minMovies: () => int(1, 50),
  minRating: () => (int(0, 900) / 100).toFixed(2),
  minBudget: () => int(0, 50_000_000),
  minRevenue: () => int(0, 50_000_000),
  limit: () => int(1, 100),
  n: () => int(1, 100),
};
const pick = (values) => values[Math.floor(Math.random() * values.length)];

/** A query string for `path` built from its documented parameters (the /analytics index), each drawn afresh. */
function freshQuery(params) {
  const q = new URLSearchParams();
  const names = new Set(params.map((p) => p.name));
  for (const p of params) {
    if (p.name === 'format' || p.name === 'from' || p.name === 'to') continue;
    if (PARAM_RANGES[p.name]) q.set(p.name, String(PARAM_RANGES[p.name]()));
    else if (p.enum) q.set(p.name, pick(p.enum));
    else if (p.type === 'integer' || p.type === 'number') q.set(p.name, String(int(p.minimum ?? 0, Math.min(p.maximum ?? 1000, 1000))));
  }
  if (names.has('from') && names.has('to')) {
    const from = int(1900, 2025);
    q.set('from', String(from));
    q.set('to', String(int(from, 2030)));
  }
  return q.toString();
}

/** The documented parameters of each endpoint, from the /analytics index. */
async function paramsByPath(base) {
  const res = await get(`${base}/analytics`);
  if (res.status !== 200) return {};
  return Object.fromEntries((JSON.parse(res.body).endpoints ?? []).map((e) => [e.path, e.params ?? []]));
}

/** The fields the read model's snapshot reads (src/movies/movie.repository.ts, CHANGE_PROJECTION), in its batch size. */
const SNAPSHOT_PROJECTION = {
  observedAt: 1,
  contentHash: 1,
  updatedAt: 1,
  originalLanguage: 1,
  genres: 1,
  releaseYear: 1,
  budget: 1,
  revenue: 1,
  voteAverage: 1,
  voteCount: 1,
};

async function driverScanSeconds(db) {
  const t0 = performance.now();
  const cursor = (await mongoClient()).db(db).collection('movies').find({}, { projection: SNAPSHOT_PROJECTION, batchSize: 5000 });
  while (await cursor.hasNext()) await cursor.next();
  return round((performance.now() - t0) / 1000, 2);
}

/** One timed request; `named` counts the movies the answer names (each needs a title), `bytes` its body. */
async function timed(url, named) {
  const res = await get(url);
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${res.body.slice(0, 200)}`);
  named?.push({ ms: res.ms, movies: (res.body.match(/"tmdbId":/g) ?? []).length, bytes: res.bodyBytes });
  return res.ms;
}

/** What fetching titles by _id from MongoDB costs, as an answer naming `count` uncached movies does: median ms of a few. */
async function titleFetchMs(db, movies, count, samples = 5) {
  const coll = (await mongoClient()).db(db).collection('movies');
  const times = [];
  for (let i = 0; i < samples; i++) {
    const ids = Array.from({ length: count }, () => 1 + Math.floor(Math.random() * movies));
    const t0 = performance.now();
    await coll.find({ _id: { $in: ids } }, { projection: { title: 1, observedAt: 1 } }).toArray();
    times.push(performance.now() - t0);
  }
  return round(median(times), 1);
}

/**
 * F at `movies` stored (and B, the model ready after boot, on the same data): the movies filled
 * straight into MongoDB (generated, seed 42), then a consumer (for data-quality, below) and an API
 * replica started, the replica timed from spawn to /health readModel.state 'ready'. F then asks every
 * analytics route `perRoute` times, each time with parameters never asked before (drawn afresh, checked
 * against every query already sent), one request at a time, interleaved in rounds with the constant
 * route (/health/live) asked as often. data-quality takes no parameters: its fresh answers are the first
 * after a change, so before each one a sentinel movie goes through Kafka and the consumer, and the
 * replica's model is waited for until it holds it (not timed). p99 per route, client-side hrtime.
 */
export async function caseF(ctx, movies, { fresh = true } = {}) {
  const names = freshNames(`F${movies}`);
  const started = [];
  try {
    ctx.log(`  filling ${movies} movies straight into MongoDB`);
    const filled = await fill(ctx, names.db, { count: movies, seed: 42, firstId: 1 });
    const consumer = fresh ? await startApp({ root: ctx.root, names, env: { APP_ROLE: 'consumer' }, log: ctx.log }) : null;
    if (consumer) started.push(consumer);
    const api = await startApp({ root: ctx.root, names, env: { APP_ROLE: 'api' }, log: ctx.log });
    started.push(api);
    const rm = await readModelStatus(api.base);
    const metricsText = await readMetrics(api.base);
    const boot = {
      movies: rm.movies,
      filled: filled.upserted + filled.matched,
      readyS: round(api.readyMs / 1000, 2),
      appBootSeconds: round(metricSum(metricsText, 'read_model_boot_seconds'), 2),
      bytesPerMovie: rm.bytesPerMovie ?? metricSum(metricsText, 'read_model_bytes_per_movie'),
      rssAfterReadyMb: round(api.memory().rssMb, 1),
      peakAtReadyMb: round(api.memory().peakMb, 1),
      fill: 'straight into MongoDB with the driver, before the API replica started (its model loaded the snapshot)',
    };
    // What bounds the boot: the same snapshot read straight with the driver (the read model's projection and batch size), nothing applied.
    boot.driverScanS = await driverScanSeconds(names.db);
    ctx.log(`  the same snapshot read straight with the driver: ${boot.driverScanS} s`);
    if (!fresh) return { movies, boot: { ...boot, peakRssMb: round(api.memory().peakMb, 1) } };
    await waitForConsumer(names.group);
    const docs = await paramsByPath(api.base);
    const endpoints = await analyticsEndpoints(api.base);
    await warmUp(api);
    const asked = new Set();
    const samples = Object.fromEntries([CONSTANT_ROUTE, ...endpoints].map((e) => [e, []]));
    const named = Object.fromEntries(endpoints.map((e) => [e, []]));
    const { perRoute, rounds } = ctx.plan.fresh;
    const perRound = Math.ceil(perRoute / rounds);
    const withoutParams = endpoints.filter((e) => !(docs[e] ?? []).some((p) => p.name !== 'format'));
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? [CONSTANT_ROUTE, ...endpoints] : [...endpoints, CONSTANT_ROUTE].reverse();
      for (const e of order) {
        for (let i = 0; i < perRound; i++) {
          if (e === CONSTANT_ROUTE) samples[e].push(await timed(`${api.base}${e}`));
          else if (withoutParams.includes(e)) {
            // A new movie through Kafka, stored by the consumer, applied by the replica: the next answer is computed afresh.
            const held = (await readModelStatus(api.base)).movies;
            await publishSentinel(ctx.root, names);
            for (let t = 0; (await readModelStatus(api.base)).movies === held; t++) {
              if (t > 3000) throw new Error(`F: the API replica did not apply a sentinel within 30 s (${e})`);
              await sleep(10);
            }
            samples[e].push(await timed(`${api.base}${e}`, named[e]));
          } else {
            let query;
            do query = freshQuery(docs[e] ?? []);
            while (asked.has(`${e}?${query}`));
            asked.add(`${e}?${query}`);
            samples[e].push(await timed(`${api.base}${e}?${query}`, named[e]));
          }
          await sleep(5);
        }
      }
      ctx.log(`  F at ${movies}: round ${r + 1}/${rounds} done`);
    }
    const stat = (v) => {
      const sorted = [...v].sort((a, b) => a - b);
      return { requests: v.length, p50Ms: round(percentile(sorted, 50), 3), p99Ms: round(percentile(sorted, 99), 3), maxMs: round(sorted.at(-1), 3) };
    };
    const constant = stat(samples[CONSTANT_ROUTE]);
    const routes = endpoints.map((e) => {
      const s = stat(samples[e]);
      // The slowest 1 % of the requests: how many movies they named (titles) and how big they were, against the median request.
      const bySpeed = [...named[e]].sort((a, b) => a.ms - b.ms);
      const slow = bySpeed.slice(Math.floor(bySpeed.length * 0.98));
      return {
        namedMedian: median(bySpeed.map((x) => x.movies)),
        namedSlowest: Math.max(...slow.map((x) => x.movies)),
        bytesMedian: median(bySpeed.map((x) => x.bytes)),
        bytesSlowest: Math.max(...slow.map((x) => x.bytes)),
        path: e,
        ...s,
        overConstantP99: round(s.p99Ms / constant.p99Ms, 2),
        freshBy: withoutParams.includes(e) ? 'a new movie before each request (no parameters)' : 'new parameters on every request',
      };
    });
    // The titles' share: an answer naming movies fetches the titles it has not kept from MongoDB by _id.
    const titles = { for100Ms: await titleFetchMs(names.db, movies, 100), for1000Ms: await titleFetchMs(names.db, movies, 1000) };
    return {
      movies,
      titles,
      boot: { ...boot, peakRssMb: round(api.memory().peakMb, 1), rssEndMb: round(api.memory().rssMb, 1) },
      constant,
      routes,
      distinctQueries: asked.size,
    };
  } finally {
    for (const app of started.reverse()) await app.stop();
    await dropState(names);
  }
}
