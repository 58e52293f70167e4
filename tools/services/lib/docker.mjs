// SERVICES=docker: delegate to `docker compose` (compose file in the repository root).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './config.mjs';

const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

function run(args, opts = {}) {
  return spawnSync('docker', args, { cwd: ROOT, encoding: 'utf8', ...opts });
}

/** Throws a readable error unless the docker CLI, its compose plugin and an engine are all there. */
export function checkDocker() {
  const cli = run(['--version']);
  if (cli.error) throw new Error('SERVICES=docker, but the `docker` CLI is not installed. Unset SERVICES to run Kafka, MongoDB and PostgreSQL locally.');
  const info = run(['info', '--format', '{{.ServerVersion}}']);
  if (info.status !== 0) {
    const why = (info.stderr || info.stdout).trim().split('\n')[0];
    throw new Error(`SERVICES=docker, but no Docker engine is reachable (${why}). Start Docker, or unset SERVICES to run the services locally.`);
  }
  const compose = run(['compose', 'version']);
  if (compose.status !== 0) throw new Error('SERVICES=docker, but `docker compose` (the Compose v2 plugin) is not available.');
  if (!COMPOSE_FILES.some((f) => existsSync(join(ROOT, f)))) {
    throw new Error(`SERVICES=docker, but there is no ${COMPOSE_FILES.join(' / ')} in ${ROOT}.`);
  }
}

/** `docker compose <verb> <services>`, output passed through; throws on failure. */
export function compose(verb, services, extra = []) {
  checkDocker();
  const r = run(['compose', verb, ...extra, ...services], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`docker compose ${verb} ${services.join(' ')} failed (exit ${r.status})`);
}
