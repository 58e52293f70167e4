import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The environment the service sees: the process environment wins over `.env.local`
 * (secrets, git-ignored), which wins over `.env` (safe local defaults, committed).
 */
export function readEnvironment(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const fromFiles: Record<string, string | undefined> = {};
  for (const file of ['.env', '.env.local']) {
    const path = resolve(cwd, file);
    if (existsSync(path)) Object.assign(fromFiles, parseEnv(readFileSync(path, 'utf8')));
  }
  return { ...fromFiles, ...env };
}
