// `npm start`: everything a newcomer needs, in the foreground. Installs packages when
// missing, brings up the local Kafka, MongoDB-compatible server and PostgreSQL (unless external
// ones are configured, or BI_ENABLED=false for PostgreSQL), builds, and runs the app until Ctrl-C.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const role = args.includes('--consumer') ? 'consumer' : undefined;

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  process.stdout.write('Installing packages (npm ci)...\n');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

const { servicesUp } = await import('./services/services.mjs');
const { ensureBuild } = await import('./ensure-build.mjs');
await servicesUp();
ensureBuild();

const env = { ...process.env, ...(role ? { APP_ROLE: role } : {}) };
// In a terminal, concise human logs (one line per request) unless LOG_PRETTY is set somewhere; piped or
// in a container, JSON lines stay the default.
const { readEnvironment } = await import(pathToFileURL(join(root, 'dist', 'tools.entry.js')).href);
if (process.stdout.isTTY && readEnvironment(root, process.env).LOG_PRETTY === undefined) env.LOG_PRETTY = 'true';
const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist', 'main.js')], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  if (signal) process.stdout.write(`App stopped (${signal}). The local services keep running: npm run services:down stops them.\n`);
  process.exit(code ?? 0);
});
