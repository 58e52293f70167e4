#!/usr/bin/env node
// `npm run verify:answers [-- --url http://127.0.0.1:3000 --url http://127.0.0.1:3001] [--timeout 120]`
// Asks each running serving process for its answers (its read model, at its feed position) and the
// same answers computed by MongoDB aggregations, through its admin endpoint GET /admin/verify-answers,
// and reports every difference. It waits (up to --timeout seconds) until the process is settled and
// its position stood still during the comparison, so an ingest in progress is not taken for a fault.
// Exit 0: every answer of every process equals MongoDB's; 1: a difference, or never comparable; 2: usage.
// The admin key comes from ADMIN_API_KEY (environment, .env.local or .env).
import { pathToFileURL } from 'node:url';
import { loadEnv } from './services/lib/config.mjs';

const RETRY_MS = 1000;

/** Verifies one process; resolves to { url, ok, comparable, answers, error }. */
export async function verifyProcess(url, { adminKey, timeoutMs = 120_000, log = () => {} } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(new URL('/admin/verify-answers', url), { headers: { 'x-api-key': adminKey ?? '' } });
      const body = await res.json().catch(() => ({}));
      if (res.status === 401 || res.status === 403)
        return { url, ok: false, error: `${res.status}: ${body.message ?? 'admin key refused'} (set ADMIN_API_KEY)` };
      if (res.ok) {
        last = body;
        if (body.comparable) {
          const differing = body.answers.filter((a) => a.differences.length > 0);
          return {
            url,
            ok: differing.length === 0,
            comparable: true,
            answers: body.answers,
            notVerified: body.notVerified ?? [],
            position: body.after.dataVersion,
            movies: body.after.movies,
          };
        }
        log(
          `${url}: not comparable yet (settled ${body.before.settled}/${body.after.settled}, position ${body.before.dataVersion} → ${body.after.dataVersion}); attempt ${attempt}`,
        );
      } else log(`${url}: ${res.status} ${body.message ?? ''}; attempt ${attempt}`);
    } catch (error) {
      log(`${url}: ${error.message}; attempt ${attempt}`);
    }
    if (Date.now() + RETRY_MS > deadline)
      return { url, ok: false, comparable: false, answers: last?.answers ?? [], error: `not settled and still within ${timeoutMs / 1000} s` };
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/** Verifies every process; the report lists each answer's differences. */
export async function verifyAnswers(urls, options = {}) {
  const results = [];
  for (const url of urls) results.push(await verifyProcess(url, options));
  return { ok: results.every((r) => r.ok), results };
}

function parseArgs(argv) {
  const o = { urls: [], timeout: 120 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (flag === '--url' && value) o.urls.push(value);
    else if (flag === '--timeout' && Number(value) > 0) o.timeout = Number(value);
    else throw new Error(`unknown or incomplete option ${flag}; usage: verify-answers.mjs [--url URL]... [--timeout SECONDS]`);
  }
  return o;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const env = loadEnv();
  const urls = args.urls.length > 0 ? args.urls : [`http://127.0.0.1:${env.PORT ?? 3000}`];
  const report = await verifyAnswers(urls, { adminKey: env.ADMIN_API_KEY, timeoutMs: args.timeout * 1000, log: (m) => process.stderr.write(`${m}\n`) });
  for (const r of report.results) {
    process.stdout.write(
      `${r.url}: ${r.ok ? 'every answer equals MongoDB' : r.error ? `FAILED: ${r.error}` : 'DIFFERENCES'}${r.position ? ` (position ${r.position}, ${r.movies} movies)` : ''}\n`,
    );
    for (const a of r.answers ?? []) {
      process.stdout.write(`  ${a.differences.length === 0 ? 'ok  ' : 'DIFF'} ${a.answer}\n`);
      for (const d of a.differences) process.stdout.write(`       ${d}\n`);
    }
    for (const n of r.notVerified ?? []) process.stdout.write(`  --   ${n.answer}: not compared (${n.reason})\n`);
  }
  process.exit(report.ok ? 0 : 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
