#!/usr/bin/env node
// `node tools/bench/profile.mjs [--movies 20k]`: where the app's CPU goes during a file ingest.
// Runs the app with --cpu-prof, ingests a generated file through Kafka, stops the app (the
// profile is written at exit), and prints self time by package and by function. The profile
// lands in bench-results/profiles/ (open it in Chrome DevTools for the flame chart).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBuild } from '../ensure-build.mjs';
import { servicesUp } from '../services/services.mjs';
import { parseCount, writeDataset } from './generate.mjs';
import { freshNames, startApp } from './lib/app-process.mjs';
import { closeClients, dropState } from './lib/fresh-state.mjs';
import { ingestOnce } from './cases/ingest-cases.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const at = args.indexOf('--movies');
const movies = parseCount(at >= 0 ? (args[at + 1] ?? '') : '20k');

await servicesUp();
ensureBuild();
const dir = join(root, 'bench-results', 'profiles');
mkdirSync(dir, { recursive: true });
const file = join(root, '.local', 'load', `movies-${movies}-seed42.csv`);
if (!existsSync(file)) {
  mkdirSync(join(root, '.local', 'load'), { recursive: true });
  await writeDataset(`${file}.part`, { count: movies, seed: 42, format: 'csv' });
  renameSync(`${file}.part`, file);
}
const before = new Set(readdirSync(dir));
const names = freshNames('profile');
const app = await startApp({ root, names, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`], log: (m) => process.stdout.write(`${m}\n`) });
let result;
try {
  result = await ingestOnce(app, file);
} finally {
  await app.stop();
  await dropState(names);
  await closeClients();
}
const written = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
if (written.length === 0) throw new Error('the app wrote no profile (did it exit cleanly?)');
const path = join(dir, written[0]);
const profile = JSON.parse(readFileSync(path, 'utf8'));

// Self time per node: samples × the mean interval.
const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
const hits = new Map();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
const byPackage = new Map();
const byFunction = new Map();
let total = 0;
for (const node of profile.nodes) {
  const ms = ((hits.get(node.id) ?? 0) * interval) / 1000;
  if (ms === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)' || functionName === '(program)') continue;
  total += ms;
  const pkg = packageOf(url, functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
  const fn = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
}

function packageOf(url, functionName) {
  if (functionName === '(garbage collector)') return '(garbage collector)';
  if (!url) return '(native / V8)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/dist/')) return 'app (dist/)';
  return url;
}

function shortUrl(url) {
  return url.replace(/^file:\/\//, '').replace(`${root}/`, '');
}

const top = (map, n) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `| ${k} | ${ms.toFixed(0)} | ${((100 * ms) / total).toFixed(1)} % |`)
    .join('\n');
process.stdout.write(
  [
    '',
    `Profile of the app during a ${result.produced.toLocaleString('en')}-movie file ingest (${result.wallS} s wall): ${total.toFixed(0)} ms on CPU, ${((1000 * total) / result.produced).toFixed(0)} µs a movie`,
    `(${path})`,
    '',
    '| package | self ms | share |',
    '|---|---|---|',
    top(byPackage, 15),
    '',
    '| function | self ms | share |',
    '|---|---|---|',
    top(byFunction, 20),
    '',
  ].join('\n'),
);
