// `npm run ingest -- ...`: the command-line ingest. Builds if needed and runs dist/cli/ingest.cli.js.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBuild } from './ensure-build.mjs';

const root = resolve(import.meta.dirname, '..');
ensureBuild({ quiet: true });
// npm runs scripts in the package root; a relative --file means the caller's directory.
const callerDir = process.env.INIT_CWD ?? process.cwd();
let args = process.argv.slice(2).map((arg, i, all) => (all[i - 1] === '--file' ? resolve(callerDir, arg) : arg));

// `--sample <count> [--seed N]`: data without any file of your own. The bench's seeded generator writes that
// many TMDB-shaped movies (the TMDB 5000 CSV's columns; the same seed gives the same movies) to
// .local/samples/ once, and the ingest reads that file.
const sampleAt = args.indexOf('--sample');
if (sampleAt >= 0) {
  const { parseCount, writeDataset } = await import('./bench/generate.mjs');
  const seedAt = args.indexOf('--seed');
  const count = parseCount(args[sampleAt + 1] ?? '');
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 42;
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer (got "${args[seedAt + 1]}")`);
  const dir = join(root, '.local', 'samples');
  const file = join(dir, `sample-${count}-s${seed}.csv`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    process.stdout.write(`Generating ${count} sample movies (seed ${seed}) into ${file}\n`);
    await writeDataset(`${file}.tmp`, { count, seed, firstId: 1, format: 'csv' });
    renameSync(`${file}.tmp`, file);
  }
  args = args.filter((_, i) => i !== sampleAt && i !== sampleAt + 1 && (seedAt < 0 || (i !== seedAt && i !== seedAt + 1)));
  args.push('--file', file, '--format', 'csv');
}
const result = spawnSync(process.execPath, ['--enable-source-maps', join(root, 'dist', 'cli', 'ingest.cli.js'), ...args], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
