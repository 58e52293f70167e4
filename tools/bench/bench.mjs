#!/usr/bin/env node
// `npm run bench [-- --quick] [--sizes 10k,100k,1M] [--cases A,P,N,R,U,L,I,K,M] [--rounds 5]`
// Brings up the services, builds the app, runs the benchmark cases on fresh state per variant
// with interleaved rounds, and writes bench-results/<timestamp>.json and .md. See the README, "Benchmark".
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBuild } from '../ensure-build.mjs';
import { servicesStatus, servicesUp } from '../services/services.mjs';
import { parseCount, writeDataset } from './generate.mjs';
import { caseA, caseN, caseP, caseU } from './cases/ingest-cases.mjs';
import { caseI, caseK, caseL, refused } from './cases/analytics-cases.mjs';
import { closeClients } from './lib/fresh-state.mjs';
import { APP_NODE_ARGS } from './lib/app-process.mjs';
import { markdown, medianVariant, targetRows } from './lib/report.mjs';
import { serializationFloor } from './lib/serialization-floor.mjs';
import { median, spread } from './lib/stats.mjs';
import { round } from './lib/proc-stats.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const ALL_CASES = ['A', 'P', 'N', 'R', 'U', 'L', 'I', 'K', 'M'];
const SPREAD_LIMIT = 0.25;

function options(argv) {
  const o = { quick: false, sizes: null, cases: ALL_CASES, rounds: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--sizes')
      o.sizes = argv[++i]
        .split(',')
        .map(parseCount)
        .sort((x, y) => x - y);
    else if (a === '--cases') o.cases = argv[++i].split(',').map((c) => c.trim().toUpperCase());
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else throw new Error(`unknown option ${a}; usage: bench.mjs [--quick] [--sizes 10k,100k,1M] [--cases A,P,N,R,U,L,I,K,M] [--rounds 5]`);
  }
  for (const c of o.cases) if (!ALL_CASES.includes(c)) throw new Error(`unknown case ${c} (cases: ${ALL_CASES.join(', ')})`);
  return o;
}

/** What the run does at which sizes; --quick shrinks everything to stay under ~3 minutes. */
function plan(o) {
  const sizes = o.sizes ?? (o.quick ? [1000] : [10_000, 100_000]);
  const largest = sizes.at(-1);
  const compare = [...sizes].reverse().find((n) => n <= 100_000) ?? sizes[0];
  const ladder = o.quick ? [500, 1000, 2000, 4000] : [10_000, 30_000, 100_000, 300_000, 1_000_000].filter((n) => n <= Math.max(largest, 100_000));
  return {
    sizes,
    compare,
    rounds: o.rounds ?? (o.quick ? 2 : 5),
    naive: Math.min(compare, o.quick ? 1000 : 10_000),
    upsert: o.quick ? { small: 500, large: 5000, movies: 500 } : { small: 10_000, large: 100_000, movies: 10_000 },
    ingestReads: o.quick ? 5000 : 100_000,
    ladder: ladder.length >= 4 ? ladder : [largest / 8, largest / 4, largest / 2, largest].map(Math.round),
    // Cold samples per endpoint: the median of 5 up to 100k movies; past that one cold answer takes
    // tens of seconds on the local server (it scans), so fewer samples keep the run within hours.
    latency: o.quick
      ? { rate: 50, seconds: 1, rounds: 1, coldSamples: () => 2 }
      : { rate: 50, seconds: 5, rounds: 3, coldSamples: (n) => (n <= 100_000 ? 5 : n <= 300_000 ? 2 : 1) },
    latencyAtLargest: !o.quick,
  };
}

const log = (msg) => process.stdout.write(`${msg}\n`);

/** Runs `variants` in A B B A order over `rounds`; a round's ratio is ratio(resultsOfThatRound). */
async function interleaved(rounds, variants, ratio) {
  const runs = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const ratios = [];
  const names = Object.keys(variants);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    const got = {};
    for (const name of order) {
      log(`  round ${r + 1}/${rounds}: ${name}`);
      got[name] = await variants[name]();
      runs[name].push(got[name]);
    }
    ratios.push(ratio(got));
  }
  return { runs, ratios };
}

/** Interleaved rounds, rerun once when the ratios spread more than 25 %. */
async function compared(rounds, variants, ratio, label, notes) {
  let result = await interleaved(rounds, variants, ratio);
  if (rounds >= 3 && spread(result.ratios) > SPREAD_LIMIT) {
    notes.push(
      `${label}: ratios spread ${Math.round(spread(result.ratios) * 100)} % (> 25 %) in the first ${rounds} rounds (${result.ratios.map((x) => round(x, 2)).join(', ')}); rerun, the rerun is reported.`,
    );
    log(`  ${label}: spread ${Math.round(spread(result.ratios) * 100)} % > 25 %, rerunning`);
    result = await interleaved(rounds, variants, ratio);
  }
  return { ...result, median: median(result.ratios), spread: spread(result.ratios), rounds: result.ratios.length };
}

async function main() {
  const o = options(process.argv.slice(2));
  const p = plan(o);
  const want = new Set(o.cases);
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const outDir = join(root, 'bench-results');
  const dataDir = join(outDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const notes = [];

  log(`Services and build...`);
  const large = Math.max(...p.sizes, p.ladder.at(-1)) > 300_000;
  // The local MongoDB server holds what it aggregates in its Java heap: past 300k movies its default
  // 2 GB cap ran out during K's fill to 1M, and 8 GB during the cold aggregations at 1M; 16 GB with a
  // 1 GB page cache completed (run 5 in the README). Applied only when this run starts the server.
  if (large && !process.env.LOCAL_MONGO_HEAP) process.env.LOCAL_MONGO_HEAP = '16g';
  // Full runs also get a 1 GB page cache at every size: 100k movies (about 150 MB of documents) overflow the
  // 64 MB default, and every scan then reads its pages back from the file, as a MongoDB sized below its
  // working set would; in run 12 (README) that made one data-quality answer at 100k take 10-17 s instead of 2.5-3.
  if ((large || !o.quick) && !process.env.MONGO_CACHE_MB) process.env.MONGO_CACHE_MB = '1024';
  const wasRunning = (await servicesStatus()).some((s) => s.name === 'mongo' && s.pid);
  await servicesUp({ smoke: false, log: () => {} });
  if (wasRunning && (large || !o.quick))
    notes.push(
      `The local MongoDB server was already running, so its heap cap and page cache are whatever it was started with; full runs want a 1 GB page cache, and sizes past 300k a 16 GB heap (\`npm run services:down\`, then rerun, or set LOCAL_MONGO_HEAP and MONGO_CACHE_MB).`,
    );
  const localMongo = wasRunning
    ? 'already running (heap and page cache as started)'
    : `started by this run: heap cap ${process.env.LOCAL_MONGO_HEAP ?? '2g'}, page cache ${process.env.MONGO_CACHE_MB ?? '64'} MB`;
  const pids = Object.fromEntries((await servicesStatus()).filter((s) => s.pid).map((s) => [s.name, s.pid]));
  ensureBuild({ quiet: true });
  const ctx = {
    root,
    log,
    servicePids: pids,
    plan: p,
    stallMs: o.quick ? 15_000 : 60_000,
    serverHistogram:
      'none: the app exposes no HTTP latency histogram on /metrics; the precise figures are client-side hrtime per request over a keep-alive connection',
  };

  const tmdb5000 = resolve(root, '..', 'shared', 'data', 'tmdb-5000', 'tmdb_5000_movies.csv');
  const haveTmdb = existsSync(tmdb5000);
  if (!haveTmdb) notes.push(`TMDB 5000 CSV not found at ${tmdb5000}: the generator's 5,000 movies stand in for it.`);
  const dataset = async (count, seed = 42, firstId = 1) => {
    const path = join(dataDir, `movies-${count}-s${seed}-id${firstId}.csv`);
    if (!existsSync(path) || statSync(path).size === 0) {
      log(`Generating ${count} movies → ${path}`);
      // Written aside and renamed, so an interrupted run never leaves a short file behind.
      await writeDataset(`${path}.tmp`, { count, seed, firstId, format: 'csv' });
      renameSync(`${path}.tmp`, path);
    }
    return path;
  };
  const floor = await serializationFloor(root);
  log(`Serialization floor: ${floor.microsPerMovie} µs a movie (JSON stringify + parse + BSON, ${floor.bytesPerMessage} B messages)`);

  const summary = { plan: p, floor, ratios: {}, variants: [], notes };
  const raw = {};
  const guard = async (label, fn) => {
    try {
      return await fn();
    } catch (error) {
      const msg = `${label} failed: ${error.message.replace(/\s+/g, ' ').slice(0, 400)}`;
      notes.push(msg);
      log(`  ${msg}`);
      return null;
    }
  };

  // A, P (+R), N at the compared size, interleaved.
  const compareFile = await dataset(p.compare);
  if (want.has('P') || want.has('A') || want.has('N') || want.has('R')) {
    log(`\nA / P${want.has('R') ? ' + R' : ''}${want.has('N') ? ' / N' : ''} at ${p.compare} movies, ${p.rounds} rounds`);
    const variants = {};
    if (want.has('A')) variants.A = () => caseA(ctx, compareFile);
    if (want.has('P') || want.has('R') || want.has('M')) variants.P = () => caseP(ctx, compareFile, { replay: want.has('R') });
    const naiveFile = await dataset(p.naive);
    if (want.has('N')) variants.N = () => (p.naive === p.compare ? caseN(ctx, compareFile) : caseN(ctx, naiveFile));
    const throughput = (r) => r.movies / r.wallS;
    const res = await guard('A/P/N', () =>
      compared(p.rounds, variants, (got) => (got.A && got.P ? throughput(got.P.p) / throughput(got.A) : NaN), 'P ÷ A', notes),
    );
    if (res) {
      raw.apn = res;
      const pRuns = res.runs.P?.map((r) => r.p) ?? [];
      const rAll = res.runs.P?.map((r) => r.r).filter(Boolean) ?? [];
      const rRuns = rAll.filter((r) => !r.error);
      if (rAll.length > rRuns.length)
        notes.push(`R (replay) failed in ${rAll.length - rRuns.length} of ${rAll.length} rounds: ${rAll.find((r) => r.error).error.slice(0, 700)}`);
      for (const [name, runs] of [
        ['A (driver, ceiling)', res.runs.A],
        ['P (pipeline)', pRuns],
        ['R (replay)', rRuns],
        ['N (naive)', res.runs.N],
      ]) {
        const v = runs && medianVariant(name, runs);
        if (v) summary.variants.push(v);
      }
      if (res.runs.A && pRuns.length)
        summary.ratios.pOverA = { median: res.median, spread: res.spread, rounds: res.rounds, movies: p.compare, perRound: res.ratios };
      if (res.runs.N && pRuns.length) {
        const perRound = res.runs.N.map((n, i) => (p.naive === p.compare ? throughput(pRuns[i]) / throughput(n) : throughput(pRuns[i]) / throughput(n)));
        summary.ratios.pOverN = { median: median(perRound), spread: spread(perRound), rounds: perRound.length, movies: p.naive, perRound };
        if (p.naive !== p.compare)
          notes.push(`P ÷ N compares throughputs: P at ${p.compare} movies, N at ${p.naive} (the naive pipeline is too slow for more).`);
      }
      if (rRuns.length) {
        const perRound = res.runs.P.filter((r) => r.r && !r.r.error).map((r) => throughput(r.r) / throughput(r.p));
        summary.ratios.rOverP = {
          median: median(perRound),
          spread: spread(perRound),
          rounds: perRound.length,
          duplicates: Math.max(...rRuns.map((r) => r.duplicates)),
          perRound,
        };
      }
      if (pRuns.length) {
        const appCpu = median(pRuns.map((r) => r.cpu.app / r.movies));
        summary.cpuPerMovie = { appMicros: appCpu * 1e6, floorMicros: floor.microsPerMovie, ratio: (appCpu * 1e6) / floor.microsPerMovie, movies: p.compare };
      }
    }
  }

  // M: peak RSS of the app during the ingest at every size (one run each beyond the compared size).
  if (want.has('M')) {
    const peaks = {};
    const cmp = raw.apn?.runs.P;
    if (cmp?.length) peaks[p.compare] = Math.max(...cmp.map((r) => r.p.rssPeakMb));
    // The compared size's peak comes from P's rounds when they ran; otherwise it is measured here too.
    for (const n of p.sizes.filter((s) => s !== p.compare || peaks[s] === undefined)) {
      log(`\nM: one ingest of ${n} movies`);
      const r = await guard(`M at ${n}`, async () => caseP(ctx, await dataset(n), { label: `M${n}` }));
      if (r) {
        peaks[n] = r.p.rssPeakMb;
        summary.variants.push(medianVariant(`P (pipeline) at ${n}`, [r.p]));
        // Without P's rounds, CPU per movie comes from the largest ingest here.
        if (!raw.apn?.runs.P?.length && n === Math.max(...p.sizes)) {
          const appMicros = (r.p.cpu.app / r.p.movies) * 1e6;
          summary.cpuPerMovie = { appMicros, floorMicros: floor.microsPerMovie, ratio: appMicros / floor.microsPerMovie, movies: n };
        }
      }
    }
    const measured = Object.keys(peaks)
      .map(Number)
      .sort((a, b) => a - b);
    if (measured.length) {
      const at = measured.at(-1);
      const smallerAt = measured.at(-2);
      summary.memory = { at, peakMb: peaks[at], smallerAt, ratio: smallerAt ? peaks[at] / peaks[smallerAt] : null, peaks };
    }
  }

  if (want.has('U')) {
    const { small, large, movies } = p.upsert;
    log(`\nU: ${movies} new movies into ${small} vs ${large} stored, ${p.rounds} rounds`);
    const file = await dataset(movies, 77, 1);
    const res = await guard('U', () =>
      compared(p.rounds, { small: () => caseU(ctx, file, small), large: () => caseU(ctx, file, large) }, (g) => g.small.wallS / g.large.wallS, 'U', notes),
    );
    if (res) {
      raw.u = res;
      summary.ratios.u = { median: res.median, spread: res.spread, rounds: res.rounds, small, large, movies };
      summary.variants.push(medianVariant(`U: ${movies} into ${small}`, res.runs.small), medianVariant(`U: ${movies} into ${large}`, res.runs.large));
    }
  }

  summary.latencyTables = [];
  if (want.has('L')) {
    log(`\nL at ${haveTmdb ? 'TMDB 5000' : '5000 generated movies'}`);
    const l = await guard('L', () => caseL(ctx, haveTmdb ? { file: tmdb5000, label: 'TMDB 5000' } : { count: 5000, label: '5000' }));
    if (l?.skipped) notes.push(`L: ${l.skipped}`);
    else if (l) summary.latencyTables.push({ ...l, label: l.movies });
  }

  if (want.has('K') || (want.has('L') && p.latencyAtLargest)) {
    log(`\nK: cold times at ${p.ladder.join(', ')} movies${p.latencyAtLargest && want.has('L') ? ' (and L at the largest)' : ''}`);
    const k = await guard('K', () => caseK(ctx, p.ladder, { latencyAtLargest: p.latencyAtLargest && want.has('L') }));
    if (k?.skipped) notes.push(`K: ${k.skipped}`);
    else if (k) {
      const worst = [...k.fits].sort((a, b) => (b.k ?? 0) - (a.k ?? 0))[0];
      summary.scaling = { sizes: k.sizes, fits: k.fits, worstK: worst?.k, worstPath: worst?.path, worstR2: worst?.r2 };
      if (k.latency) summary.latencyTables.push(k.latency);
    }
  }
  const lt = summary.latencyTables;
  if (lt.length) {
    const all = lt.flatMap((t) => t.endpoints.map((e) => ({ ...e, at: t.label })));
    const worstWarm = [...all].sort((a, b) => b.warmP99OverConstant - a.warmP99OverConstant)[0];
    const worst304 = [...all].sort((a, b) => (b.bytes304OverFull ?? 0) - (a.bytes304OverFull ?? 0))[0];
    summary.latency = {
      worstWarmOverConstant: worstWarm.warmP99OverConstant,
      worstPath: `${worstWarm.path} at ${worstWarm.at}`,
      medianWarmOverConstant: median(all.map((e) => e.warmP99OverConstant)),
      worstWarmP99Ms: Math.max(...all.map((e) => e.warmP99Ms ?? 0)),
      at: lt.map((t) => t.label).join(' and '),
      worst304: worst304.bytes304OverFull,
      worst304Path: worst304.path,
    };
    const largest = lt.at(-1);
    const cw = largest.endpoints.map((e) => [e.path, e.coldOverWarmP50]).filter(([, x]) => Number.isFinite(x));
    const min = [...cw].sort((a, b) => a[1] - b[1])[0];
    summary.coldOverWarm = { at: largest.label, median: median(cw.map(([, x]) => x)), min: min?.[1], minPath: min?.[0] };
    if (!p.latencyAtLargest) notes.push(`L ran only at ${lt.map((t) => t.label).join(', ')} movies (--quick); the full run adds the largest K size.`);
  }

  if (want.has('I')) {
    const ingestFile = await dataset(p.ingestReads, 55, 5_000_000);
    const baseline = haveTmdb ? tmdb5000 : await dataset(5000);
    log(`\nI: reads during a ${p.ingestReads}-movie ingest, one process`);
    const i = await guard('I', () => caseI(ctx, ingestFile, { baseline }));
    if (i?.skipped) notes.push(`I: ${i.skipped}`);
    else if (i) summary.ingestReads = i;
    // Three more app processes: left out of --quick, which must stay under 3 minutes in CI.
    if (!o.quick || want.size === 1) {
      log(`\nI: reads during a ${p.ingestReads}-movie ingest, roles split (reads on their own API replica)`);
      const split = await guard('I (split)', () => caseI(ctx, ingestFile, { baseline, split: true }));
      if (split?.skipped) notes.push(`I (split): ${split.skipped}`);
      else if (split) summary.ingestReadsSplit = split;
    }
  }

  for (const [path, why] of refused) notes.push(`${path} was left out: it answered ${why}`);
  await closeClients();
  const meta = {
    startedAt: startedAt.toISOString(),
    command: `${APP_NODE_ARGS.length ? `BENCH_APP_NODE_ARGS='${APP_NODE_ARGS.join(' ')}' ` : ''}npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, shared with other work`,
    data: `${haveTmdb ? 'TMDB 5000 CSV (L, I baseline) and ' : ''}generated TMDB-shaped CSV at ${[...new Set([p.compare, ...p.sizes])].join(', ')} (seed 42)`,
    wallMinutes: round((Date.now() - startedAt.getTime()) / 60_000, 1),
    localMongo,
  };
  const md = markdown(summary, meta);
  writeFileSync(join(outDir, `${stamp}.json`), JSON.stringify({ meta, summary, raw }, null, 2));
  writeFileSync(join(outDir, `${stamp}.md`), md);
  log(`\n${md}`);
  log(`Written: bench-results/${stamp}.json and .md`);
  return targetRows(summary);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
