// Latency under a fixed offered rate: autocannon (whole milliseconds) and a sub-millisecond
// client-side probe (hrtime around each request on a keep-alive connection), plus byte counts.
import autocannon from 'autocannon';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from './stats.mjs';

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** One GET: status, wall ms (float), and bytes on the wire (status line + headers + body). */
export function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(url, { agent, headers }, (res) => {
      let bytes = 0;
      const chunks = [];
      res.on('data', (c) => {
        bytes += c.length;
        chunks.push(c);
      });
      res.on('end', () => {
        const head =
          `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n` + res.rawHeaders.reduce((s, v, i) => s + (i % 2 ? `${v}\r\n` : `${v}: `), '') + '\r\n';
        resolve({
          status: res.statusCode,
          ms: performance.now() - t0,
          bodyBytes: bytes,
          wireBytes: Buffer.byteLength(head) + bytes,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Requests at `rate` a second for `seconds`, measured one by one with hrtime. */
export async function probe(url, { rate = 20, seconds = 3, headers = {} } = {}) {
  const interval = 1000 / rate;
  const start = performance.now();
  const pending = [];
  for (let i = 0; performance.now() - start < seconds * 1000; i++) {
    pending.push(get(url, headers).catch(() => ({ status: 0, ms: NaN })));
    const next = start + (i + 1) * interval;
    await sleep(Math.max(0, next - performance.now()));
  }
  const results = await Promise.all(pending);
  const ok = results
    .filter((r) => r.status >= 200 && r.status < 400)
    .map((r) => r.ms)
    .sort((a, b) => a - b);
  const summary = { requests: results.length, errors: results.length - ok.length, p50: percentile(ok, 50), p99: percentile(ok, 99), max: ok.at(-1) ?? null };
  // What the failures were: an HTTP status, or 0 when the request itself failed.
  if (summary.errors > 0) summary.errorStatuses = [...new Set(results.filter((r) => !(r.status >= 200 && r.status < 400)).map((r) => r.status))];
  // The sorted latencies, for pooling probes; not enumerable, so reports stay small.
  return Object.defineProperty(summary, 'samples', { value: ok, enumerable: false });
}

/** autocannon at a fixed offered rate (overallRate), a few connections. */
export async function cannon(url, { rate = 50, seconds = 3, connections = 4, headers = {} } = {}) {
  const result = await autocannon({ url, connections, overallRate: rate, duration: seconds, headers });
  const l = result.latency;
  return {
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: l.p50,
    p99: l.p99,
    max: l.max,
    rps: result.requests.average,
  };
}
