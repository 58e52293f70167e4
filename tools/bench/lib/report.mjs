// The results table: each issue-14 target with its first bar, goal and the value measured in this run.
import { median } from './stats.mjs';
import { round } from './proc-stats.mjs';

const fmt = (x, digits = 2) => (x == null || Number.isNaN(x) ? '–' : typeof x === 'number' ? String(round(x, digits)) : String(x));

const RVB = '/analytics/revenue-vs-budget';
const sizeLabel = (n) => (n >= 1_000_000 ? `${+(n / 1_000_000).toFixed(2)}M` : n >= 1000 ? `${+(n / 1000).toFixed(1)}k` : String(n));

/** [target, first bar, goal, measured text, verdict]: the issue-14 targets first, then what the run also measured. */
export function targetRows(s) {
  const rows = [];
  const check = (value, bar, goal, higherIsBetter) => {
    if (value == null || Number.isNaN(value)) return 'not measured';
    const meets = (t) => (higherIsBetter ? value >= t : value <= t);
    return goal != null && meets(goal) ? 'goal met' : bar != null && meets(bar) ? 'first bar met' : bar == null ? 'reported' : 'missed';
  };

  // Staleness: every layout and size measured; the verdict on the worst sentinel.
  for (const st of s.staleness ?? [])
    rows.push([
      `staleness (consumer's write → first answer including it), ${st.layout}, ${sizeLabel(st.movies)} ingest`,
      '≤ 2 s',
      '≤ 1 s',
      `median ${fmt(st.medianMs, 0)} ms, max ${fmt(st.maxMs, 0)} ms over ${st.measured} sentinels (${st.duringIngest} during the ingest; from the ${st.anchor ?? 'updatedAt'})${st.notInAnswer ? `, ${st.notInAnswer} stored but in no answer within 60 s` : ''}${st.notStored ? `, ${st.notStored} not stored in time (${st.errors?.[0] ?? ''})` : ''}${st.maxFromStampMs != null ? `; from updatedAt (stamped before the chunk's read and write): median ${fmt(st.medianFromStampMs, 0)}, max ${fmt(st.maxFromStampMs, 0)} ms` : ''}; from first seen in MongoDB: median ${fmt(st.medianAfterSeenMs, 0)}, max ${fmt(st.maxAfterSeenMs, 0)} ms${st.maxFeedLagAtWrite != null ? `; the reader's feed lag at a write up to ${st.maxFeedLagAtWrite} changes` : ''}`,
      st.notInAnswer || (st.failed && st.notInAnswer === undefined)
        ? 'missed (a stored sentinel never answered)'
        : check(st.maxMs == null ? null : st.maxMs / 1000, 2, 1, false),
    ]);
  if (!s.staleness?.length) rows.push(['staleness', '≤ 2 s', '≤ 1 s', '–', 'not measured']);

  // Fresh parameters per size: the worst route besides revenue-vs-budget, revenue-vs-budget, and the ratio at 100k or below.
  for (const f of (s.fresh ?? []).filter((x) => x.routes)) {
    const others = f.routes.filter((r) => r.path !== RVB);
    const worst = [...others].sort((a, b) => b.p99Ms - a.p99Ms)[0];
    const rvb = f.routes.find((r) => r.path === RVB);
    const big = f.movies > 100_000;
    const limit = big ? 50 : 20;
    rows.push([
      `fresh parameters, p99 per route except revenue-vs-budget, ${sizeLabel(f.movies)}`,
      `≤ ${limit} ms`,
      `≤ ${limit} ms`,
      worst ? `worst ${fmt(worst.p99Ms, 1)} ms (${worst.path}); ${others.length} routes, ≥ ${Math.min(...f.routes.map((r) => r.requests))} requests each` : '–',
      worst ? (worst.p99Ms <= limit ? 'met' : 'missed') : 'not measured',
    ]);
    if (rvb)
      rows.push([
        `fresh parameters, revenue-vs-budget p99 (exact Spearman), ${sizeLabel(f.movies)}`,
        big ? '≤ 1.5 s' : '≤ 200 ms',
        big ? '≤ 1.5 s' : '≤ 200 ms',
        `${fmt(rvb.p99Ms, 1)} ms (p50 ${fmt(rvb.p50Ms, 1)} ms, ${rvb.requests} requests)`,
        rvb.p99Ms <= (big ? 1500 : 200) ? 'met' : 'missed',
      ]);
    if (!big && worst) {
      const worstRatio = [...others].sort((a, b) => b.overConstantP99 - a.overConstantP99)[0];
      rows.push([
        `fresh parameters p99 ÷ constant-route p99, ${sizeLabel(f.movies)}, every route but revenue-vs-budget`,
        '≤ 3×',
        '≤ 3×',
        `worst ${fmt(worstRatio.overConstantP99)}× (${worstRatio.path}: ${fmt(worstRatio.p99Ms, 2)} ÷ ${fmt(f.constant.p99Ms, 3)} ms)`,
        worstRatio.overConstantP99 <= 3 ? 'met' : 'missed',
      ]);
    }
  }
  if (!(s.fresh ?? []).some((x) => x.routes)) rows.push(['fresh parameters p99 per route', '≤ 20 ms at 100k, ≤ 50 ms at 1M', '', '–', 'not measured']);

  const i = s.ingestReads;
  rows.push([
    `p99 during a ${i?.ingested ? sizeLabel(i.ingested) : '100k'} ingest ÷ idle p99, one process`,
    '≤ 3',
    '≤ 2',
    i && !i.skipped ? `${fmt(i.busyOverIdleP99)} (${fmt(i.busyP99Ms)} ÷ ${fmt(i.idleP99Ms)} ms, ${i.ingested} movies; ${ingestTail(i)})` : '–',
    check(i?.busyOverIdleP99, 3, 2, false),
  ]);
  const split = s.ingestReadsSplit;
  rows.push([
    `p99 during a ${split?.ingested ? sizeLabel(split.ingested) : '100k'} ingest ÷ idle p99, roles split`,
    '≤ 2',
    '≤ 2',
    split && !split.skipped
      ? `${fmt(split.busyOverIdleP99)} (${fmt(split.busyP99Ms)} ÷ ${fmt(split.idleP99Ms)} ms, ${split.ingested} movies; reads on an API replica that runs no ingest; ${ingestTail(split)})`
      : '–',
    check(split?.busyOverIdleP99, 2, 2, false),
  ]);

  for (const f of s.fresh ?? []) {
    rows.push([
      `model ready after boot (spawn → /health readModel ready), ${sizeLabel(f.movies)} stored`,
      '≤ 60 s',
      '≤ 60 s',
      `${fmt(f.boot.readyS, 1)} s (the app's read_model_boot_seconds ${fmt(f.boot.appBootSeconds, 1)} s; ${f.boot.movies} movies held; direct fill, replica started after it${f.boot.driverScanS != null ? `; the same snapshot read with the driver alone: ${fmt(f.boot.driverScanS, 1)} s` : ''})`,
      check(f.boot.readyS, 60, 60, false),
    ]);
    rows.push([
      `read model bytes per movie, ${sizeLabel(f.movies)}`,
      '≤ 64 B',
      '≤ 64 B',
      `${fmt(f.boot.bytesPerMovie, 1)} B`,
      check(f.boot.bytesPerMovie, 64, 64, false),
    ]);
    rows.push([
      `peak RSS of an API replica holding ${sizeLabel(f.movies)} movies`,
      '< 300 MB',
      '< 300 MB',
      `${fmt(f.boot.peakAtReadyMb ?? f.boot.peakRssMb, 0)} MB peak through boot and snapshot (VmHWM once ready), ${fmt(f.boot.rssAfterReadyMb, 0)} MB resident then${f.routes ? `; ${fmt(f.boot.peakRssMb, 0)} MB peak after the fresh-parameter requests` : ''}`,
      f.boot.peakRssMb == null ? 'not measured' : Math.max(f.boot.peakRssMb, f.boot.peakAtReadyMb ?? 0) < 300 ? 'met' : 'missed',
    ]);
  }
  const m = s.memory;
  rows.push([
    `peak RSS of the all-in-one process during a ${m ? sizeLabel(m.at) : '1M'} ingest`,
    '< 400 MB',
    '< 400 MB',
    m
      ? `${fmt(m.peakMb, 0)} MB${
          Object.keys(m.peaks).length > 1
            ? ` (${Object.entries(m.peaks)
                .map(([n, mb]) => `${sizeLabel(Number(n))}: ${fmt(mb, 0)} MB`)
                .join(', ')})`
            : ''
        }`
      : '–',
    m ? (m.peakMb < 400 ? 'met' : 'missed') : 'not measured',
  ]);

  const ap = s.ratios?.pOverA;
  rows.push([
    'P ÷ A',
    '≥ 0.65',
    '≥ 0.65',
    ap ? `${fmt(ap.median)} (spread ${fmt(ap.spread * 100, 0)} %, ${ap.rounds} rounds, ${ap.movies} movies)` : '–',
    check(ap?.median, 0.65, 0.65, true),
  ]);
  const rp = s.ratios?.rOverP;
  rows.push([
    'R ÷ P, duplicates',
    '≥ 1.0, 0',
    '≥ 1.0, 0',
    rp ? `${fmt(rp.median)}, ${rp.duplicates} (spread ${fmt(rp.spread * 100, 0)} %)` : '–',
    rp && rp.duplicates > 0 ? 'missed (duplicates)' : check(rp?.median, 1.0, 1.0, true),
  ]);
  const fd = s.feed;
  rows.push([
    "the feed's cost per movie",
    'report',
    'report',
    fd
      ? `${fmt(fd.microsPerMovie, 1)} µs publishing (feed_publish_seconds sum ÷ movies; ${fmt(fd.shareOfWall * 100, 1)} % of the ingest's wall time), ${fmt(fd.bytesPerMovie, 0)} B, ${fmt(fd.messagesPerMovie, 2)} messages per movie (${sizeLabel(fd.movies)} ingest)`
      : '–',
    fd ? 'reported' : 'not measured',
  ]);

  // Also measured, not issue-14 targets.
  const pn = s.ratios?.pOverN;
  if (pn)
    rows.push([
      'P ÷ N',
      '≥ 20×',
      '≥ 50×',
      `${fmt(pn.median, 1)}× (spread ${fmt(pn.spread * 100, 0)} %, ${pn.rounds} rounds, ${pn.movies} movies)`,
      check(pn?.median, 20, 50, true),
    ]);
  const u = s.ratios?.u;
  if (u)
    rows.push([
      'U',
      'report',
      '≥ 0.8',
      `${fmt(u.median)} (${u.large} ÷ ${u.small} stored, ${u.movies} new, spread ${fmt(u.spread * 100, 0)} %)`,
      check(u?.median, null, 0.8, true),
    ]);
  const l = s.latency;
  if (l) {
    rows.push([
      'repeated answer p99 ÷ constant-route p99',
      'report',
      'report',
      `worst ${fmt(l.worstWarmOverConstant)} (${l.worstPath}); worst p99 ${fmt(l.worstWarmP99Ms)} ms`,
      'reported',
    ]);
    rows.push([
      '304 bytes ÷ full response bytes',
      '≤ 0.1',
      '≤ 0.05',
      l.worst304 != null ? `worst ${fmt(l.worst304, 3)} (${l.worst304Path})` : '–',
      check(l.worst304, 0.1, 0.05, false),
    ]);
  }
  const f = s.cpuPerMovie;
  if (f)
    rows.push([
      'app CPU per movie ÷ serialization floor',
      'report',
      'report',
      `${fmt(f.ratio, 1)} (${fmt(f.appMicros, 0)} µs ÷ ${fmt(f.floorMicros, 1)} µs${f.movies ? `, ingest of ${f.movies}` : ''})`,
      'reported',
    ]);
  if (s.bi) {
    const worstLag = Math.max(...s.bi.lagAfterEndS);
    rows.push([
      `BI replica: ingest rate with the replica on ÷ off, ${sizeLabel(s.bi.movies)} (interleaved rounds)`,
      '≥ 0.8',
      '≥ 0.8',
      `${fmt(s.bi.onOverOff.median)} (rounds ${s.bi.onOverOff.perRound.map((x) => fmt(x)).join(', ')})`,
      check(s.bi.onOverOff.median, 0.8, 0.8, true),
    ]);
    rows.push([
      `BI replica: PostgreSQL holds the whole ingest, seconds after the job ends, ${sizeLabel(s.bi.movies)}`,
      '≤ 2 s',
      '≤ 2 s',
      `worst ${fmt(worstLag)} s (each round: ${s.bi.lagAfterEndS.map((x) => fmt(x)).join(', ')})`,
      check(worstLag, 2, 2, false),
    ]);
  }
  for (const v of s.biViews?.views ?? []) {
    const limit = v.view === 'answer_revenue_vs_budget' ? 5000 : 1000;
    rows.push([
      `BI view ${v.view} over ${sizeLabel(s.biViews.movies)} movies, p99 of ${v.runs} runs`,
      `≤ ${limit / 1000} s`,
      `≤ ${limit / 1000} s`,
      `p99 ${fmt(v.p99Ms, 0)} ms (p50 ${fmt(v.p50Ms, 0)} ms)`,
      check(v.p99Ms, limit, limit, false),
    ]);
  }
  return rows;
}

export function markdown(summary, meta) {
  const lines = [
    `# Benchmark ${meta.startedAt}`,
    '',
    `Command: \`${meta.command}\``,
    '',
    `App: ${meta.app}. Machine: ${meta.machine}. Data: ${meta.data}. Wall ${meta.wallMinutes} min.${meta.localMongo ? ` Local MongoDB: ${meta.localMongo}.` : ''}`,
    '',
  ];
  lines.push('| target | first bar | goal | measured | verdict |', '|---|---|---|---|---|');
  for (const r of targetRows(summary)) lines.push(`| ${r.join(' | ')} |`);
  lines.push(
    '',
    '## Variants (median of rounds): wall time and CPU seconds per process',
    '',
    '| variant | movies | wall s | movies/s | CPU s app/client | CPU s Kafka | CPU s MongoDB | rounds |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const v of summary.variants ?? []) {
    lines.push(
      `| ${v.name} | ${v.movies} | ${fmt(v.wallS)} | ${fmt(v.movies / v.wallS, 0)} | ${fmt(v.cpu.app ?? v.cpu.client)} | ${fmt(v.cpu.kafka)} | ${fmt(v.cpu.mongo)} | ${v.rounds} |`,
    );
  }
  for (const f of (summary.fresh ?? []).filter((x) => x.routes)) {
    lines.push(
      '',
      `## Fresh parameters at ${f.movies} movies (ms, client-side hrtime, one request at a time; ${f.distinctQueries} distinct queries)`,
      '',
      '| route | requests | p50 | p99 | max | p99 ÷ constant | tmdbIds in the body: median / slowest 2 % | body bytes: median / slowest 2 % | fresh by |',
      '|---|---|---|---|---|---|---|---|---|',
      `| /health/live (constant) | ${f.constant.requests} | ${fmt(f.constant.p50Ms, 3)} | ${fmt(f.constant.p99Ms, 3)} | ${fmt(f.constant.maxMs, 3)} | 1 | – | – | – |`,
    );
    for (const r of f.routes)
      lines.push(
        `| ${r.path} | ${r.requests} | ${fmt(r.p50Ms, 2)} | ${fmt(r.p99Ms, 2)} | ${fmt(r.maxMs, 2)} | ${fmt(r.overConstantP99)} | ${fmt(r.namedMedian, 0)} / ${fmt(r.namedSlowest, 0)} | ${fmt(r.bytesMedian, 0)} / ${fmt(r.bytesSlowest, 0)} | ${r.freshBy} |`,
      );
    if (f.titles)
      lines.push(
        '',
        `Titles straight from MongoDB by _id (the bench, median of 5): 100 random movies ${fmt(f.titles.for100Ms, 1)} ms, 1,000 ${fmt(f.titles.for1000Ms, 1)} ms.`,
      );
  }
  for (const g of summary.groupAnswers ?? []) {
    lines.push(
      '',
      `## Group answers (issue 18) at ${g.movies} movies: fresh parameters on every request, idle and during a ${g.ingested}-movie ingest (${fmt(g.ingestWallS, 0)} s) in the same process (ms; ${g.distinctQueries} distinct queries)`,
      '',
      '| route | idle requests | idle p50 | idle p99 | idle max | ingest requests | ingest p50 | ingest p99 | ingest max |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const r of g.routes)
      lines.push(
        `| ${r.route} | ${r.idle.requests} | ${fmt(r.idle.p50Ms, 2)} | ${fmt(r.idle.p99Ms, 2)} | ${fmt(r.idle.maxMs, 2)} | ${r.busy.requests} | ${fmt(r.busy.p50Ms, 2)} | ${fmt(r.busy.p99Ms, 2)} | ${fmt(r.busy.maxMs, 2)} |`,
      );
  }
  for (const e of summary.groupEngine ?? []) {
    lines.push(
      '',
      `## Group engine (issue 18) in process at ${e.movies} movies: fresh parameters, ${e.perRoute} requests per route in each phase (ms; the query validated and answered in process, no HTTP)`,
      '',
      ...(e.layoutMs != null
        ? [
            e.layoutsMs != null
              ? `The genre layouts took ${Object.entries(e.layoutsMs)
                  .map(([by, ms]) => `${fmt(ms, 0)} ms (by ${by})`)
                  .join(', ')} to make, ROI's run included (each once per pause of an ingest that its cut was asked after, off the request path).`
              : `The genre × language layout took ${fmt(e.layoutMs, 0)} ms to make (once per pause of an ingest, off the request path).`,
            '',
          ]
        : []),
      '| route | idle p50 | idle p99 | idle max | after a change p50 | after a change p99 | after a change max |',
      '|---|---|---|---|---|---|---|',
    );
    for (const r of e.routes)
      lines.push(
        `| ${r.route} | ${fmt(r.idle.p50Ms, 2)} | ${fmt(r.idle.p99Ms, 2)} | ${fmt(r.idle.maxMs, 2)} | ${fmt(r.changed.p50Ms, 2)} | ${fmt(r.changed.p99Ms, 2)} | ${fmt(r.changed.maxMs, 2)} |`,
      );
  }
  if (summary.latencyTables?.length) {
    for (const t of summary.latencyTables) {
      lines.push(
        '',
        `## Repeated answers at ${t.label} movies (offered ${t.rate}/s; ms; precise = hrtime per request)`,
        '',
        '| route | p50 | p99 | autocannon p99 | p99 ÷ constant | 304 ÷ full bytes | full bytes |',
        '|---|---|---|---|---|---|---|',
      );
      lines.push(
        `| ${'/health/live'} (constant) | ${fmt(t.constant.p50Ms, 3)} | ${fmt(t.constant.p99Ms, 3)} | ${fmt(t.constant.autocannonP99Ms)} | 1 | – | – |`,
      );
      for (const e of t.endpoints)
        lines.push(
          `| ${e.path} | ${fmt(e.warmP50Ms, 3)} | ${fmt(e.warmP99Ms, 3)} | ${fmt(e.autocannonP99Ms)} | ${fmt(e.warmP99OverConstant)} | ${fmt(e.bytes304OverFull, 3)} | ${e.fullBytes} |`,
        );
    }
  }
  if (summary.notes?.length) lines.push('', '## Notes', '', ...summary.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

export function medianVariant(name, runs) {
  const ok = runs.filter(Boolean);
  if (!ok.length) return null;
  const cpuKeys = [...new Set(ok.flatMap((r) => Object.keys(r.cpu ?? {})))];
  return {
    name,
    movies: ok[0].movies,
    wallS: median(ok.map((r) => r.wallS)),
    cpu: Object.fromEntries(cpuKeys.map((k) => [k, median(ok.map((r) => r.cpu?.[k]))])),
    rounds: ok.length,
  };
}

/** The rest of an I figure: the slowest read during the ingest, errors, and the first reads after it. */
function ingestTail(i) {
  const parts = [`slowest ${fmt(i.busyMaxMs)} ms of ${i.busyRequests} reads`];
  if (i.busyErrors) parts.push(`${i.busyErrors} errors`);
  if (i.afterP99Ms != null) parts.push(`after the ingest p99 ${fmt(i.afterP99Ms)} ms`);
  return parts.join(', ');
}
