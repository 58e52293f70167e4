// `npm run ingest -- ...`: the command-line ingest. Builds if needed and runs dist/cli/ingest.cli.js.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureBuild } from './ensure-build.mjs';

const root = resolve(import.meta.dirname, '..');
ensureBuild({ quiet: true });
// npm runs scripts in the package root; a relative --file means the caller's directory.
const callerDir = process.env.INIT_CWD ?? process.cwd();
const args = process.argv.slice(2).map((arg, i, all) => (all[i - 1] === '--file' ? resolve(callerDir, arg) : arg));
const result = spawnSync(process.execPath, ['--enable-source-maps', join(root, 'dist', 'cli', 'ingest.cli.js'), ...args], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
