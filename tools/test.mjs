// `npm test`: brings up the local services the e2e suites run against, builds the app
// (some suites start it as a real process), then runs every test suite.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { servicesUp } from './services/services.mjs';
import { ensureBuild } from './ensure-build.mjs';

const root = resolve(import.meta.dirname, '..');
await servicesUp();
ensureBuild();
const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TZ: 'UTC' },
});
process.exit(result.status ?? 1);
