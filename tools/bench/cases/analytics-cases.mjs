// Cases on the read side: L (latency cold/warm against a constant route, 304 bytes), K (scaling of
// cold times with size), I (reads during an ingest, and staleness after it).
import { setTimeout as sleep } from 'node:timers/promises';
import { consumerCount, freshNames, metricSum, readMetrics, startApp } from '../lib/app-process.mjs';
import { dropState, mongoClient } from '../lib/fresh-state.mjs';
import { cannon, get, probe } from '../lib/http-load.mjs';
import { median, percentile, powerFit } from '../lib/stats.mjs';
import { round } from '../lib/proc-stats.mjs';
import { fill, ingestOnce } from './ingest-cases.mjs';

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

/**
 * Cold ms per endpoint: `samples` requests each, median, against an app with ANALYTICS_CACHE=false
 * on the same database (every answer computed from the current data on request, the version read
 * every time). The same app with its cache on serves the warm numbers.
 */
async function coldTimes(coldApp, endpoints, samples) {
  const times = Object.fromEntries(endpoints.map((e) => [e, []]));
  for (let i = 0; i < samples; i++)
    for (const e of endpoints) {
      const res = await get(`${coldApp.base}${e}`);
      // Only answers count: a 503 after the database went away is quick, and is not a cold time.
      if (res.status === 200) times[e].push(res.ms);
      else refused.set(`${e} (cold, ${samples} samples)`, `${res.status} ${res.body.slice(0, 160)}`);
    }
  return Object.fromEntries(endpoints.map((e) => [e, times[e].length ? round(median(times[e]), 2) : null]));
}

/**
 * One untimed pass over every stored movie, straight through the driver, after a fill: the first scan
 * after a bulk write pays the store's own warm-up (run 5: languages, first in line, took 36 s at 1M
 * where top-rated/years, the same $match + $group shape, took 2.8 s). "Cold" means no answer cache,
 * not a cold database, so every route is timed on the same footing.
 */
async function primeStore(db) {
  await (
    await mongoClient()
  )
    .db(db)
    .collection('movies')
    .aggregate([{ $group: { _id: null, n: { $sum: 1 } } }])
    .toArray();
}

/** A second app in API role on the same database, its analytics cache off: what "cold" means here. */
function startColdApp(ctx, names) {
  return startApp({ root: ctx.root, names, env: { APP_ROLE: 'api', ANALYTICS_CACHE: 'false' }, log: ctx.log });
}

async function coldTimesOn(ctx, names, endpoints, movies) {
  const coldApp = await startColdApp(ctx, names);
  try {
    await warmUp(coldApp);
    return await coldTimes(coldApp, endpoints, ctx.plan.latency.coldSamples(movies));
  } finally {
    await coldApp.stop();
  }
}

async function warmUp(app) {
  for (let i = 0; i < 200; i++) await get(`${app.base}${CONSTANT_ROUTE}`);
}

/** L on the app's current data: cold, warm under a fixed rate, the constant route, and 304 bytes. */
async function latencyOn(app, ctx, endpoints, { movies, cold: measured } = {}) {
  const { rate, seconds, rounds } = ctx.plan.latency;
  await warmUp(app);
  const cold = measured ?? (await coldTimesOn(ctx, app.names, endpoints, movies));
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
    coldMs: cold[e],
    warmP50Ms: routes[e].precise.p50 && round(routes[e].precise.p50, 2),
    warmP99Ms: routes[e].precise.p99 && round(routes[e].precise.p99, 2),
    autocannonP50Ms: routes[e].warm.p50,
    autocannonP99Ms: routes[e].warm.p99,
    warmP99OverConstant: round(median(ratios[e]), 2),
    coldOverWarmP50: cold[e] == null ? null : round(cold[e] / routes[e].precise.p50, 1),
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
    return { label, movies, ...(await latencyOn(app, ctx, endpoints, { movies })) };
  } finally {
    await app.stop();
    await dropState(names);
  }
}

/** K: one database grown through the sizes; each aggregation's cold time at each; the power fit. L runs at the largest size too. */
export async function caseK(ctx, sizes, { latencyAtLargest = false } = {}) {
  const names = freshNames('K');
  // K measures cold times only: its app runs with the cache off (see coldTimes).
  const app = await startApp({ root: ctx.root, names, env: { APP_ROLE: 'api' }, log: ctx.log });
  const coldApp = await startColdApp(ctx, names);
  try {
    let stored = 0;
    const points = [];
    let endpoints;
    for (const n of sizes) {
      await fill(ctx, names.db, { count: n - stored, seed: 1000 + n, firstId: stored + 1 });
      stored = n;
      endpoints ??= await analyticsEndpoints(app.base);
      if (endpoints.length === 0) return { skipped: 'no analytics endpoint answered 200' };
      await warmUp(coldApp);
      await primeStore(names.db);
      const samples = ctx.plan.latency.coldSamples(n);
      points.push({ n, samples, coldMs: await coldTimes(coldApp, endpoints, samples) });
      ctx.log(`  K: ${n} movies stored, cold times measured`);
    }
    const fits = endpoints.map((e) => {
      const fit = powerFit(points.map((p) => [p.n, p.coldMs[e]]));
      return { path: e, k: round(fit.k, 3), r2: round(fit.r2, 3), msBySize: Object.fromEntries(points.map((p) => [p.n, p.coldMs[e]])) };
    });
    // The cold times K just measured at the largest size are L's cold times there too.
    const latency = latencyAtLargest
      ? { label: `${stored}`, movies: stored, ...(await latencyOn(app, ctx, endpoints, { movies: stored, cold: points.at(-1).coldMs })) }
      : null;
    return { sizes, fits, latency };
  } finally {
    await coldApp.stop();
    await app.stop();
    await dropState(names);
  }
}

/**
 * I: analytics p99 while an ingest runs ÷ idle p99, and staleness after it. `split` runs the
 * roles as scaled-out replicas do: reads on one API replica, the ingest job on another, the
 * consumer alone; otherwise one process (APP_ROLE=all) does everything.
 */
export async function caseI(ctx, file, { baseline, split = false }) {
  const names = freshNames(split ? 'I-split' : 'I');
  await fill(ctx, names.db, { file: baseline });
  const started = [];
  const start = async (role) => {
    const app = await startApp({ root: ctx.root, names, env: { APP_ROLE: role }, log: ctx.log });
    started.push(app);
    return app;
  };
  const path = '/analytics/genres';
  const { rate } = ctx.plan.latency;
  try {
    const reader = await start(split ? 'api' : 'all');
    const writer = split ? await start('api') : reader;
    const counter = split ? await start('consumer') : reader;
    if ((await get(`${reader.base}${path}`)).status !== 200) return { skipped: `${path} does not answer 200` };
    await warmUp(reader);
    await get(`${reader.base}${path}`);
    const idleBefore = await probe(`${reader.base}${path}`, { rate, seconds: ctx.plan.latency.seconds * 2 });
    const before = await consumerCount(counter.base);
    // What the staleness check waits for, known before the clock starts (counting 100k documents on the
    // local server takes seconds, which must not be counted as staleness): stored now + inserted by the ingest.
    const storedBefore = await (await mongoClient()).db(names.db).collection('movies').countDocuments();
    const insertedBefore = await insertedCount(counter.base);
    const ingest = ingestOnce(writer, file, { counter });
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
    const expected = storedBefore + (await insertedCount(counter.base)) - insertedBefore;
    const computedBefore = await aggregationTotals(reader.base, 'dataQuality');
    const measured = await stalenessAfter(reader, result.endedAt, expected);
    const computed = delta(await aggregationTotals(reader.base, 'dataQuality'), computedBefore);
    // Checked once the clock has stopped: the count waited for is the count stored.
    const stored = await (await mongoClient()).db(names.db).collection('movies').countDocuments();
    const staleness = stored === expected ? measured : null;
    // What readers judge "more is coming" by: the consumer's backlog, jobs running; and the last write against the ingest's end.
    const atEnd = await movingState(names.db, result.endedAt);
    // After the ingest and the staleness check: the first reads of a question whose answer the ingest made stale.
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
    return {
      path,
      rate,
      roles: split ? 'api (reads) + api (ingest job) + consumer' : 'all in one process',
      ingested: (await consumerCount(counter.base)) - before,
      ingestWallS: result.wallS,
      idleP99Ms: round(idleP99, 2),
      busyP99Ms: round(busyP99, 2),
      busyRequests: busy.reduce((n, b) => n + b.requests, 0),
      busyErrors: busy.reduce((n, b) => n + b.errors, 0),
      busyMaxMs: round(Math.max(...busy.map((b) => b.max ?? 0)), 2),
      busySlices: busy.length,
      busyOverIdleP99: round(busyP99 / idleP99, 2),
      slowSlices,
      afterP99Ms: round(after.p99, 2),
      afterMaxMs: round(after.max, 2),
      stalenessS: staleness,
      ...(stored === expected ? {} : { stalenessInvalid: `waited for ${expected} movies, ${stored} stored` }),
      // The data-quality computations behind the staleness figure: how many, seconds waiting for a slot, seconds computing.
      stalenessComputations: computed,
      atEnd,
    };
  } finally {
    for (const app of started.reverse()) await app.stop();
    await dropState(names);
  }
}

async function movingState(db, endedAt) {
  const client = await mongoClient();
  const endedAtMs = Date.now() - (performance.now() - endedAt);
  const [version, running] = await Promise.all([
    client.db(db).collection('dataset_versions').findOne({ _id: 'movies' }),
    client.db(db).collection('ingest_jobs').countDocuments({ state: 'running' }),
  ]);
  const lastWrite = version?.writtenAt ? round((endedAtMs - version.writtenAt.getTime()) / 1000, 2) : null;
  return { backlog: version?.backlog ?? null, jobsRunning: running, lastWriteBeforeEndS: lastWrite };
}

/** Movies the consumer inserted (new documents), from its own counter. */
async function insertedCount(base) {
  return metricSum(await readMetrics(base), 'movies_persisted_total', 'outcome="inserted"');
}

/** The app's own totals for one answer's computations (analytics_aggregation_* histograms): count, wait and run seconds. */
async function aggregationTotals(base, answer) {
  const text = await readMetrics(base);
  const pick = (name) => metricSum(text, name, `answer="${answer}"`);
  return {
    count: pick('analytics_aggregation_seconds_count'),
    runS: pick('analytics_aggregation_seconds_sum'),
    waitS: pick('analytics_aggregation_wait_seconds_sum'),
  };
}

function delta(after, before) {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, round(v - before[k], k === 'count' ? 0 : 3)]));
}

/** Seconds from the end of the ingest until /analytics/data-quality counts `movies`, every movie stored. */
async function stalenessAfter(app, endedAt, movies) {
  for (;;) {
    const res = await get(`${app.base}/analytics/data-quality`);
    const body = res.status === 200 ? JSON.parse(res.body) : {};
    if (body.considered === movies || body.total === movies) return round(Math.max(0, (performance.now() - endedAt) / 1000), 3);
    if (performance.now() - endedAt > 60_000) return null;
    await sleep(20);
  }
}
