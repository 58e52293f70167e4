import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Pinned: a new release may generate other cases or check more, and CI must not change under us. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** One virtualenv per version, kept between runs: made once (about a minute), reused afterwards. */
export const SCHEMATHESIS_HOME = join(homedir(), '.cache', 'movie-analytics', `schemathesis-${SCHEMATHESIS_VERSION}`);

/** Written last, after the install and a check that `st` runs: a venv without it is half-made and is made again. */
const READY_MARKER = '.ready';

export type SchemathesisInstall = { ok: true; st: string } | { ok: false; reason: string };

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  /** Set when the program could not be started at all (ENOENT and the like). */
  spawnError?: Error;
}

/** Runs a program without blocking the event loop (the app under test answers from this very process). */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number; log?: string; cwd?: string }): Promise<Run> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const log = options.log ? createWriteStream(options.log) : undefined;
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      chunks.push(chunk);
      log?.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      collect(Buffer.from(`\n[killed: still running after ${options.timeoutMs} ms]\n`));
      child.kill('SIGKILL');
    }, options.timeoutMs);
    const finish = (result: Omit<Run, 'output'>) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString('utf8');
      if (log) log.end(() => resolve({ ...result, output }));
      else resolve({ ...result, output });
    };
    child.once('error', (error) => finish({ code: null, signal: null, spawnError: error }));
    child.once('close', (code, signal) => finish({ code, signal }));
  });
}

const tail = (text: string, lines = 15) => text.trim().split('\n').slice(-lines).join('\n');

/**
 * Makes (or reuses) the virtualenv holding schemathesis. Nothing but PyPI is reached, through pip.
 * Answers why not when python3, its venv module or pip cannot be had; the caller decides to fail or skip.
 */
export async function ensureSchemathesis(log: (line: string) => void = () => {}): Promise<SchemathesisInstall> {
  const st = join(SCHEMATHESIS_HOME, 'bin', 'st');
  if (await ready(st)) return { ok: true, st };
  mkdirSync(dirname(SCHEMATHESIS_HOME), { recursive: true });
  const release = await lock(`${SCHEMATHESIS_HOME}.lock`);
  try {
    // Another run may have made it while this one waited for the lock.
    if (await ready(st)) return { ok: true, st };
    return await makeVenv(SCHEMATHESIS_HOME, st, log);
  } finally {
    release();
  }
}

async function ready(st: string): Promise<boolean> {
  return existsSync(join(SCHEMATHESIS_HOME, READY_MARKER)) && (await works(st));
}

async function makeVenv(venv: string, st: string, log: (line: string) => void): Promise<SchemathesisInstall> {
  // Half-made (an install killed midway), or broken (its base Python went away): start over.
  rmSync(venv, { recursive: true, force: true });
  log(`[fuzz] making a virtualenv with schemathesis ${SCHEMATHESIS_VERSION} in ${venv} (once; reused afterwards)`);
  const fail = (reason: string): SchemathesisInstall => {
    rmSync(venv, { recursive: true, force: true });
    return { ok: false, reason };
  };

  const made = await run('python3', ['-m', 'venv', venv], { timeoutMs: 60_000 });
  if (made.spawnError) return fail(`python3 is not on PATH (${made.spawnError.message}); install Python 3.9+ with its venv module`);
  if (made.code !== 0) return fail(`python3 -m venv failed (on Debian: apt-get install python3-venv):\n${tail(made.output)}`);
  const installed = await run(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`], {
    env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' },
    timeoutMs: 150_000,
  });
  if (installed.code !== 0) return fail(`pip install schemathesis==${SCHEMATHESIS_VERSION} failed (is PyPI reachable?):\n${tail(installed.output)}`);
  if (!(await works(st))) return fail(`schemathesis ${SCHEMATHESIS_VERSION} was installed but \`st --version\` does not name it`);
  writeFileSync(join(venv, READY_MARKER), `${SCHEMATHESIS_VERSION}\n`);
  return { ok: true, st };
}

/** A directory as a lock between test runs on one machine (mkdir is atomic); one left by a killed run expires. */
async function lock(path: string, staleMs = 5 * 60_000): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(path);
      return () => rmSync(path, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleMs) rmSync(path, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function works(st: string): Promise<boolean> {
  if (!existsSync(st)) return false;
  const version = await run(st, ['--version'], { timeoutMs: 60_000 });
  return version.code === 0 && version.output.includes(SCHEMATHESIS_VERSION);
}

export interface FuzzSummary {
  operations: number;
  testCases: number;
  failures: number;
  errors: number;
  skipped: number;
}

/**
 * The figures of a run, read from its JUnit report: one <testcase> per API operation (and one for
 * the stateful phase), with a <failure> per distinct failure and an <error> when an operation could
 * not be tested. The number of generated test cases comes from the CLI's own summary.
 */
export function summarize(junitPath: string, output: string): FuzzSummary {
  const xml = existsSync(junitPath) ? readFileSync(junitPath, 'utf8') : '';
  const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  const count = (tag: string) => cases.reduce((n, c) => n + (c.match(new RegExp(`<${tag}\\b`, 'g'))?.length ?? 0), 0);
  const operations = cases.filter((c) => /^<testcase name="(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) /.test(c) && !/<skipped\b/.test(c));
  return {
    operations: operations.length,
    testCases: generatedCases(output),
    failures: count('failure'),
    errors: count('error'),
    skipped: cases.filter((c) => /<skipped\b/.test(c)).length,
  };
}

/** `Test cases:` is followed by e.g. `  1234 generated, 1234 passed` in schemathesis 4's summary (run with --no-color). */
function generatedCases(output: string): number {
  const match = /Test cases:\s*\n\s*(\d+) generated/.exec(output);
  return match ? Number(match[1]) : NaN;
}

export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
