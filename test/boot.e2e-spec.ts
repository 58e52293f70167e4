import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = resolve(import.meta.dirname, '..', 'dist', 'main.js');

/** Runs the built app as a real process with only the given settings (no .env files read from a temp cwd). */
function boot(env: Record<string, string>) {
  return spawnSync(process.execPath, [MAIN], {
    cwd: resolve(import.meta.dirname, 'support'),
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('boot with a bad setting', () => {
  it.each([
    ['KAFKA_BROKERS', 'not a broker'],
    ['PORT', 'eighty'],
    ['MONGODB_URI', 'http://example.com/db'],
    ['APP_ROLE', 'worker'],
    ['TMDB_REQUESTS_PER_SECOND', '0'],
  ])('stops with one line naming %s and exit code 78', (name, value) => {
    const run = boot({ [name]: value });
    expect(run.status).toBe(78);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Configuration error: ${name}\\b`));
    expect(run.stdout).toBe('');
  });

  it('never echoes a secret it refuses', () => {
    const run = boot({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'user', KAFKA_SASL_PASSWORD: 'x', ADMIN_API_KEY: 'short-secret' });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('ADMIN_API_KEY');
    expect(run.stderr).not.toContain('short-secret');
  });
});
