import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { expectEventually } from './expect-eventually.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = resolve(ROOT, 'test-artifacts');

/** The built app as a real OS process, for faults a test cannot inflict in-process (SIGTERM, SIGKILL). */
export class AppProcess {
  private child?: ChildProcess;
  private exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly http: TestAgent;

  private constructor(
    readonly name: string,
    readonly env: Record<string, string>,
    readonly port: number,
  ) {
    this.http = request(`http://127.0.0.1:${port}`);
  }

  static async start(name: string, env: Record<string, string>): Promise<AppProcess> {
    const app = new AppProcess(name, env, await freePort());
    await app.start();
    return app;
  }

  /** The last lines this process logged (for a failure message: CI keeps the console, not test-artifacts/). */
  logTail(lines = 40): string {
    try {
      return readFileSync(resolve(ARTIFACTS, `${this.name}.log`), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch (error) {
      return `(no log: ${(error as Error).message})`;
    }
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts (again) with the same settings and waits until it answers. */
  async start(): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const log = createWriteStream(resolve(ARTIFACTS, `${this.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [resolve(ROOT, 'dist', 'main.js')], {
      // A cwd without .env files: the process sees exactly the settings given here.
      cwd: ARTIFACTS,
      env: { PATH: process.env['PATH'] ?? '', TZ: 'UTC', ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    await expectEventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}; see test-artifacts/${this.name}.log`);
        const res = await this.http.get('/health/live');
        if (res.status !== 200) throw new Error(`${this.name} answered ${res.status}`);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  }

  /** Waits for the process to end by itself (a crash it inflicted on itself, say); throws after the timeout. */
  async waitForExit(timeoutMs = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`${this.name} still running after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited!, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends the signal and waits for the exit (SIGKILL: a crash; SIGTERM: a clean stop). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null)
      return { code: this.child?.exitCode ?? null, signal: this.child?.signalCode ?? null };
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited!;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A loopback port free right now (nothing listens on it until someone binds it). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
