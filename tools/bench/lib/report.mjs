// The results table: each target ratio with its first bar, goal and the value measured in this run.
import { median } from './stats.mjs';
import { round } from './proc-stats.mjs';

const fmt = (x, digits = 2) => (x == null || Number.isNaN(x) ? '–' : typeof x === 'number' ? String(round(x, digits)) : String(x));

/** [ratio, first bar, goal, measured text, verdict, how] */
export function targetRows(s) {
  const rows = [];
  const check = (value, bar, goal, higherIsBetter) => {
    if (value == null || Number.isNaN(value)) return 'not measured';
    const meets = (t) => (higherIsBetter ? value >= t : value <= t);
    return goal != null && meets(goal) ? 'goal met' : bar != null && meets(bar) ? 'first bar met' : bar == null ? 'reported' : 'missed';
  };
  const ap = s.ratios?.pOverA;
  rows.push([
    'P ÷ A',
    '≥ 0.5',
    '≥ 0.8',
    ap ? `${fmt(ap.median)} (spread ${fmt(ap.spread * 100, 0)} %, ${ap.rounds} rounds, ${ap.movies} movies)` : '–',
    check(ap?.median, 0.5, 0.8, true),
  ]);
  const pn = s.ratios?.pOverN;
  rows.push([
    'P ÷ N',
    '≥ 20×',
    '≥ 50×',
    pn ? `${fmt(pn.median, 1)}× (spread ${fmt(pn.spread * 100, 0)} %, ${pn.rounds} rounds, ${pn.movies} movies)` : '–',
    check(pn?.median, 20, 50, true),
  ]);
  const rp = s.ratios?.rOverP;
  rows.push([
    'R ÷ P, duplicates',
    '≥ 0.5, 0',
    '≥ 1.0, 0',
    rp ? `${fmt(rp.median)}, ${rp.duplicates} (spread ${fmt(rp.spread * 100, 0)} %)` : '–',
    rp && rp.duplicates > 0 ? 'missed (duplicates)' : check(rp?.median, 0.5, 1.0, true),
  ]);
  const u = s.ratios?.u;
  rows.push([
    'U',
    'report',
    '≥ 0.8',
    u ? `${fmt(u.median)} (${u.large} ÷ ${u.small} stored, ${u.movies} new, spread ${fmt(u.spread * 100, 0)} %)` : '–',
    check(u?.median, null, 0.8, true),
  ]);
  const l = s.latency;
  rows.push([
    'warm p99 ÷ constant-route p99',
    '≤ 2.0',
    '≤ 1.3 (and ≤ 20 ms)',
    l
      ? `worst ${fmt(l.worstWarmOverConstant)} (${l.worstPath}), median ${fmt(l.medianWarmOverConstant)}; worst warm p99 ${fmt(l.worstWarmP99Ms)} ms at ${l.at}`
      : '–',
    l && l.worstWarmP99Ms > 20 ? 'missed (> 20 ms)' : check(l?.worstWarmOverConstant, 2.0, 1.3, false),
  ]);
  const c = s.coldOverWarm;
  rows.push([
    `cold p50 ÷ warm p50 at ${c?.at ?? 'largest'}`,
    'report',
    '≥ 200×',
    c ? `median ${fmt(c.median, 0)}×, lowest ${fmt(c.min, 0)}× (${c.minPath})` : '–',
    check(c?.min, null, 200, true),
  ]);
  rows.push([
    '304 bytes ÷ full response bytes',
    '≤ 0.1',
    '≤ 0.05',
    l?.worst304 != null ? `worst ${fmt(l.worst304, 3)} (${l.worst304Path})` : '–',
    check(l?.worst304, 0.1, 0.05, false),
  ]);
  const i = s.ingestReads;
  rows.push([
    'p99 during ingest ÷ idle p99',
    '≤ 3',
    '≤ 2',
    i && !i.skipped ? `${fmt(i.busyOverIdleP99)} (${fmt(i.busyP99Ms)} ÷ ${fmt(i.idleP99Ms)} ms, ${i.ingested} movies; ${ingestTail(i)})` : '–',
    check(i?.busyOverIdleP99, 3, 2, false),
  ]);
  const split = s.ingestReadsSplit;
  if (split && !split.skipped)
    rows.push([
      'p99 during ingest ÷ idle p99, roles split',
      '≤ 3',
      '≤ 2',
      `${fmt(split.busyOverIdleP99)} (${fmt(split.busyP99Ms)} ÷ ${fmt(split.idleP99Ms)} ms, ${split.ingested} movies; reads on an API replica that runs no ingest; ${ingestTail(split)})`,
      check(split.busyOverIdleP99, 3, 2, false),
    ]);
  rows.push([
    'staleness after ingest',
    '≤ 5 s',
    '≤ 1 s',
    [i, split]
      .filter((v) => v && !v.skipped)
      .map((v) => {
        const value = v.stalenessS != null ? `${fmt(v.stalenessS, 3)} s` : (v.stalenessInvalid ?? 'not reached in 60 s');
        const c = v.stalenessComputations;
        const parts = c ? `; ${c.count} data-quality computation(s): ${fmt(c.waitS, 2)} s waiting for a slot, ${fmt(c.runS, 2)} s computing` : '';
        return `${v === split ? 'roles split: ' : ''}${value}${parts}`;
      })
      .join('; ') || '–',
    // The verdict takes the worse of the two layouts.
    check(
      i?.stalenessS == null ? null : split && !split.skipped && split.stalenessS == null ? Infinity : Math.max(i.stalenessS, split?.stalenessS ?? 0),
      5,
      1,
      false,
    ),
  ]);
  const k = s.scaling;
  rows.push([
    'k (time ∝ n^k)',
    '≤ 1.2',
    '≤ 1.1',
    k?.fits ? `worst ${fmt(k.worstK, 3)} (${k.worstPath}, R² ${fmt(k.worstR2, 3)}) over ${k.sizes.join(', ')}` : '–',
    check(k?.worstK, 1.2, 1.1, false),
  ]);
  const m = s.memory;
  rows.push([
    'peak RSS at the largest ingest, and ÷ the next size',
    '< 400 MB',
    '< 300 MB, ≤ 1.25',
    m ? `${fmt(m.peakMb, 0)} MB at ${m.at}${m.ratio != null ? `, ${fmt(m.ratio)} (÷ ${m.smallerAt})` : ''}` : '–',
    m ? (m.peakMb < 300 && (m.ratio == null || m.ratio <= 1.25) ? 'goal met' : m.peakMb < 400 ? 'first bar met' : 'missed') : 'not measured',
  ]);
  const f = s.cpuPerMovie;
  rows.push([
    'app CPU per movie ÷ serialization floor',
    '≤ 6',
    '≤ 3',
    f ? `${fmt(f.ratio, 1)} (${fmt(f.appMicros, 0)} µs ÷ ${fmt(f.floorMicros, 1)} µs${f.movies ? `, ingest of ${f.movies}` : ''})` : '–',
    check(f?.ratio, 6, 3, false),
  ]);
  return rows;
}

export function markdown(summary, meta) {
  const lines = [
    `# Benchmark ${meta.startedAt}`,
    '',
    `Command: \`${meta.command}\``,
    '',
    `Machine: ${meta.machine}. Data: ${meta.data}. Wall ${meta.wallMinutes} min.${meta.localMongo ? ` Local MongoDB: ${meta.localMongo}.` : ''}`,
    '',
  ];
  lines.push('| ratio | first bar | goal | measured | verdict |', '|---|---|---|---|---|');
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
  if (summary.latencyTables?.length) {
    for (const t of summary.latencyTables) {
      lines.push(
        '',
        `## Analytics latency at ${t.label} movies (offered ${t.rate}/s; ms; precise = hrtime per request)`,
        '',
        '| route | cold | warm p50 | warm p99 | autocannon p99 | p99 ÷ constant | cold ÷ warm p50 | 304 ÷ full bytes | full bytes |',
        '|---|---|---|---|---|---|---|---|---|',
      );
      lines.push(
        `| ${'/health/live'} (constant) | – | ${fmt(t.constant.p50Ms, 3)} | ${fmt(t.constant.p99Ms, 3)} | ${fmt(t.constant.autocannonP99Ms)} | 1 | – | – | – |`,
      );
      for (const e of t.endpoints)
        lines.push(
          `| ${e.path} | ${fmt(e.coldMs)} | ${fmt(e.warmP50Ms, 3)} | ${fmt(e.warmP99Ms, 3)} | ${fmt(e.autocannonP99Ms)} | ${fmt(e.warmP99OverConstant)} | ${fmt(e.coldOverWarmP50, 0)} | ${fmt(e.bytes304OverFull, 3)} | ${e.fullBytes} |`,
        );
    }
  }
  if (summary.scaling?.fits) {
    lines.push(
      '',
      `## Scaling: cold ms by stored movies`,
      '',
      `| route | ${summary.scaling.sizes.join(' | ')} | k | R² |`,
      `|---|${summary.scaling.sizes.map(() => '---|').join('')}---|---|`,
    );
    for (const f of summary.scaling.fits)
      lines.push(`| ${f.path} | ${summary.scaling.sizes.map((n) => fmt(f.msBySize[n], 1)).join(' | ')} | ${fmt(f.k, 3)} | ${fmt(f.r2, 3)} |`);
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
