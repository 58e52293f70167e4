// E (group-engine): what the group answers' engine costs per request at sizes the HTTP case G cannot fill quickly.
// In this process, no HTTP and no services: N generated movies (seed 42, the app's own mappers) applied to the read
// model's MovieStore, then each route's answer computed as the API computes it (`answerOf` in dist/tools.entry.js:
// the question's DTO, validation and defaults, then its compute) for fresh random queries drawn exactly as G draws
// them (never the same twice), one at a time, routes interleaved:
//   idle: the model unchanged between requests and for longer than the engine's quiet period before them
//   (LAYOUT_QUIET_MS), as on a quiet server: the money orders and the genre layouts (by language, year, decade) made
//   once; after a change: one movie changed before each request, so every request brings the orders it needs up to
//   date and the genre cuts are answered by the general passes (the worst case of a server following an ingest).
// p50/p99/max per route in each phase. G gives the same routes over HTTP, the server's whole cost.
import { setImmediate } from 'node:timers';
import { URLSearchParams } from 'node:url';
import { round } from '../lib/proc-stats.mjs';
import { percentile } from '../lib/stats.mjs';
import { generatedChanges, toolsEntry } from '../lib/generated-changes.mjs';
import { GROUP_ROUTES } from './group-answers.mjs';

function stat(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { requests: sorted.length, p50Ms: round(percentile(sorted, 50), 2), p99Ms: round(percentile(sorted, 99), 2), maxMs: round(sorted.at(-1), 2) };
}

/** How long E waits for the quiet period and the layout before it gives up (generous: 1M movies on a busy machine). */
const LAYOUT_WAIT_MS = 60_000;

export async function caseE(ctx, movies, { perRoute }) {
  const { MovieStore, answerOf, LAYOUT_QUIET_MS, layOut, layoutAnswers } = await toolsEntry(ctx.root);
  const store = new MovieStore(movies);
  const t0 = performance.now();
  let last = null;
  for await (const change of generatedChanges(ctx.root, { count: movies })) store.apply((last = change));
  const buildS = round((performance.now() - t0) / 1000, 1);
  ctx.log(`  E: ${store.size} movies in the store (${buildS} s to generate and apply)`);
  const routes = GROUP_ROUTES.map((route) => ({
    route,
    call: (s, q) => answerOf(route.path.replace('/analytics/', ''), Object.fromEntries(q), s),
    idle: [],
    changed: [],
  }));
  const asked = new Set();
  const freshQuery = (route) => {
    let q;
    do q = route.query();
    while (asked.has(`${route.path}?${q}`));
    asked.add(`${route.path}?${q}`);
    return q;
  };
  // Each request in a turn of the event loop of its own, as a server takes them: work the engine schedules off the
  // request (the genre × language layout, a run it lacked) happens between requests, as it would there.
  const time = async (r, q) => {
    await new Promise((resolve) => setImmediate(resolve));
    const t = performance.now();
    r.call(store, q);
    return performance.now() - t;
  };
  // The first call builds the orders and primes the engine: not a request anyone waits on twice. A genre cut asked
  // schedules its layout, made off the request once the model has been still for the quiet period, and a measure
  // whose run a layout lacks (ROI) schedules that run: a quiet server that has been asked these cuts before has made
  // them before the idle requests come. So each genre cut is asked until its layout, with every run, answers.
  for (const r of routes) await time(r, freshQuery(r.route));
  const explore = routes.find((r) => r.route.path.endsWith('/explore'));
  const warm = ['genre,language', 'genre,year', 'decade,genre'].map(
    (groupBy) => new URLSearchParams({ groupBy, measure: 'medianRevenue,medianProfit,medianRoi' }),
  );
  const waitFrom = performance.now();
  for (;;) {
    const before = layoutAnswers.count;
    for (const q of warm) await time(explore, q);
    if (layoutAnswers.count - before === warm.length) break;
    if (performance.now() - waitFrom > LAYOUT_WAIT_MS) throw new Error(`E: the genre layouts were not made within ${LAYOUT_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // What making each costs the process (once per pause of an ingest that its cut was asked after), measured on its own.
  const layoutsMs = {};
  for (const by of ['language', 'year', 'decade']) {
    const t1 = performance.now();
    layOut(store, by).run('roi');
    layoutsMs[by] = round(performance.now() - t1, 0);
  }
  const layoutMs = layoutsMs.language;
  ctx.log(
    `  E: the genre layouts made in ${Object.entries(layoutsMs)
      .map(([by, ms]) => `${ms} ms (${by})`)
      .join(', ')} (waited ${round(performance.now() - waitFrom, 0)} ms for the ${LAYOUT_QUIET_MS} ms quiet period and them)`,
  );
  for (let i = 0; i < perRoute; i++) for (const r of routes) r.idle.push(await time(r, freshQuery(r.route)));
  let version = last.observedAt;
  for (let i = 0; i < perRoute; i++)
    for (const r of routes) {
      store.apply({ ...last, observedAt: ++version, voteCount: last.voteCount + (version % 2) });
      r.changed.push(await time(r, freshQuery(r.route)));
    }
  const result = routes.map((r) => ({ route: r.route.label, idle: stat(r.idle), changed: stat(r.changed) }));
  for (const r of result)
    ctx.log(`  ${r.route}: idle p50 ${r.idle.p50Ms} ms p99 ${r.idle.p99Ms} ms; after a change p50 ${r.changed.p50Ms} ms p99 ${r.changed.p99Ms} ms`);
  return { movies: store.size, buildS, layoutMs, layoutsMs, perRoute, routes: result };
}
