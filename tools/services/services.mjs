#!/usr/bin/env node
// Provision and run the local Kafka, MongoDB and PostgreSQL (BI replica) that the app and its tests use.
//   node tools/services/services.mjs up [kafka|mongo|postgres] [--no-smoke]
//   node tools/services/services.mjs down [kafka|mongo|postgres]
//   node tools/services/services.mjs status [--json]
//   node tools/services/services.mjs logs kafka|mongo|postgres [-n 50] [-f]
// Importable too: servicesUp, servicesDown, servicesStatus, startService, stopService, addresses.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { paths, resolveConfig } from './lib/config.mjs';
import { compose } from './lib/docker.mjs';
import { definitions } from './lib/definitions.mjs';
import * as procs from './lib/procs.mjs';
import { tlsHandshake, tlsReady } from './lib/tls.mjs';

export { addresses, resolveConfig } from './lib/config.mjs';
export const SERVICE_NAMES = Object.keys(definitions);

const defaultLog = (msg) => console.log(msg);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function pick(only) {
  const names = only?.length ? only : SERVICE_NAMES;
  for (const n of names) if (!definitions[n]) throw new Error(`unknown service "${n}" (expected ${SERVICE_NAMES.join(' or ')})`);
  return names;
}

const hideCredentials = (uri) => uri.replace(/\/\/[^@/]*@/, '//***@');

function externalReason(name, cfg) {
  if (name === 'kafka' && cfg.kafka.external) return `KAFKA_BROKERS=${cfg.kafka.brokers.join(',')}`;
  if (name === 'mongo' && cfg.mongo.external) return `MONGODB_URI=${hideCredentials(cfg.mongo.uri)}`;
  if (name === 'postgres' && cfg.postgres.enabled && cfg.postgres.external) return `BI_DATABASE_URL=${hideCredentials(cfg.postgres.url)}`;
  return undefined;
}

/** Services the settings switch off altogether (not started, not stopped, not checked). */
const disabledReason = (name, cfg) => (name === 'postgres' && !cfg.postgres.enabled ? 'BI_ENABLED=false' : undefined);

/** Our live process for a service, from its pid file or (if that is missing/stale) by its marker. */
function findOurs(def) {
  const owns = (pid) => (def.owns ? def.owns(pid) : procs.hasMarker(pid, def.marker));
  const pid = procs.readPid(def.pidFile);
  if (pid && procs.isAlive(pid) && owns(pid)) return pid;
  if (pid) procs.removePid(def.pidFile);
  const [found] = def.discover ? def.discover() : procs.findByMarker(def.marker);
  if (found) procs.writePid(def.pidFile, found);
  return found;
}

/** A signal to the service; to its children too when they are part of it (PostgreSQL's backends). Returns those children. */
const send = (def, pid, sig) => (def.family ? procs.signalFamily(pid, sig) : (procs.signal(pid, sig), []));

function failure(def, message) {
  const logs = [def.outFile, def.logFile].filter((f, i, a) => a.indexOf(f) === i && existsSync(f) && statSync(f).size > 0);
  const tails = logs.map((f) => `--- last lines of ${f} ---\n${procs.tail(f, 30)}`).join('\n');
  // The root cause is often above the last 30 lines (shutdown noise follows it): quote it too.
  const recent = procs.tail(def.logFile, 400).split('\n');
  const i = recent.findLastIndex((l) => /\b(ERROR|FATAL|PANIC|Exception)\b/.test(l) && !/^\s+at /.test(l));
  const cause = i >= 0 ? `\n--- last error in ${def.logFile} ---\n${recent.slice(i, i + 3).join('\n')}` : '';
  return new Error(`${def.name}: ${message}${cause}${tails ? `\n${tails}` : ''}`);
}

async function portConflict(def) {
  for (const port of [def.port, ...def.extraPorts]) {
    if (!(await procs.portOpen(port, def.host, 500))) continue;
    const owner = procs.portOwner(port);
    const who = owner?.pid ? `pid ${owner.pid}: ${owner.command}` : 'an unknown process';
    return `port ${def.host}:${port} is already in use by ${who}, which is not this checkout's ${def.name}. Stop it, or point ${def.setting} at it to use it as an external service.`;
  }
  return undefined;
}

/**
 * Polls until the port answers and def.ready() passes; fails early if the process dies. With `bootstrap`
 * (a local `up`), ready() also makes what the service needs after a start: PostgreSQL's role and database.
 */
async function awaitReady(def, pid, deadline, { bootstrap = false } = {}) {
  let last = 'not started';
  while (Date.now() < deadline) {
    if (pid && !procs.isAlive(pid)) throw failure(def, `process ${pid} exited during startup`);
    if (await procs.portOpen(def.port, def.host, 500)) {
      const r = await def.ready({ bootstrap });
      if (r.ok) return r;
      last = r.detail;
    }
    await procs.sleep(500);
  }
  throw failure(def, `not ready after ${seconds(def.startTimeoutMs)} (last check: ${last})`);
}

/** Serialises concurrent `up`s of one service (say, parallel test workers) with an O_EXCL lock file. */
async function withLock(def, fn) {
  const lock = join(paths.pids, `${def.name}.lock`);
  mkdirSync(paths.pids, { recursive: true });
  const deadline = Date.now() + def.startTimeoutMs + 60_000;
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const holder = procs.readPid(lock);
      // An empty lock file is one being written right now; only a dead holder's lock is stale.
      const stale = holder ? !procs.isAlive(holder) : Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 5000;
      if (stale || Date.now() > deadline) rmSync(lock, { force: true });
      else await procs.sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * A broker restarted over a data directory with many partitions answers before it has recovered them all, and may
 * refuse a new topic for a few seconds (UNKNOWN_TOPIC_OR_PARTITION): the full smoke test is readiness too, so it is
 * tried again this often until the start's deadline (startTimeoutMs) has passed.
 */
const KAFKA_SMOKE_RETRY_MS = 3000;

async function upOne(def, { smoke, log }) {
  return withLock(def, async () => {
    const t0 = Date.now();
    const pid = findOurs(def);
    if (pid) {
      if (procs.processState(pid) === 'T') {
        log(`${def.name}: process ${pid} was paused (SIGSTOP); resuming it`);
        send(def, pid, 'SIGCONT');
      }
      const r = await awaitReady(def, pid, Date.now() + def.startTimeoutMs, { bootstrap: true });
      log(`${def.name}: already running (pid ${pid}) at ${def.address}, ${r.detail.split('\n')[0]} [${seconds(Date.now() - t0)}]`);
      return { name: def.name, state: 'running', pid, address: def.address, started: false, ms: Date.now() - t0 };
    }
    const conflict = await portConflict(def);
    if (conflict) throw new Error(`${def.name}: ${conflict}`);
    const arg = def.prepare({ log });
    const { cmd, args, uid, gid } = def.command(arg);
    const out = { logFile: def.outFile, truncate: def.outFile !== def.logFile };
    const newPid = await procs.spawnDetached(cmd, args, { ...out, cwd: paths.local, env: process.env, uid, gid });
    procs.writePid(def.pidFile, newPid);
    log(`${def.name}: started pid ${newPid}, waiting for it to answer on ${def.address} (log: ${def.logFile})`);
    await awaitReady(def, newPid, Date.now() + def.startTimeoutMs, { bootstrap: true });
    await def.afterStart?.({ log });
    if (def.name === 'kafka' && smoke) {
      const deadline = t0 + def.startTimeoutMs;
      let full = await def.ready({ full: true });
      while (!full.ok && Date.now() + KAFKA_SMOKE_RETRY_MS < deadline) {
        log(`${def.name}: the kafkajs smoke test failed right after start, trying again in ${KAFKA_SMOKE_RETRY_MS} ms:\n${full.detail}`);
        await procs.sleep(KAFKA_SMOKE_RETRY_MS);
        full = await def.ready({ full: true });
      }
      if (!full.ok)
        throw failure(
          def,
          `broker is up but the kafkajs smoke test still failed ${seconds(Date.now() - t0)} after start (broker left running):\n${full.detail}`,
        );
      log(full.detail);
    }
    log(`${def.name}: ready at ${def.address} [${seconds(Date.now() - t0)}]`);
    return { name: def.name, state: 'running', pid: newPid, address: def.address, started: true, ms: Date.now() - t0 };
  });
}

/** Starts what is not running, awaits readiness; resolves to { kafka: {...}, mongo: {...}, postgres: {...} }. */
export async function servicesUp({ only, smoke = true, log = defaultLog } = {}) {
  const names = pick(only);
  const cfg = resolveConfig();
  const results = {};
  const local = [];
  for (const name of names) {
    const reason = externalReason(name, cfg);
    const disabled = disabledReason(name, cfg);
    if (disabled) {
      log(`${name}: disabled (${disabled}); not starting it`);
      results[name] = { name, state: 'disabled' };
    } else if (reason) {
      log(`${name}: external (${reason}); not starting a local one`);
      results[name] = { name, state: 'external' };
    } else local.push(definitions[name]);
  }
  if (cfg.mode === 'docker' && local.length) {
    compose(
      'up',
      local.map((d) => d.name),
      ['-d'],
    );
    for (const def of local)
      results[def.name] = { name: def.name, state: 'running', address: def.address, ...(await awaitReady(def, undefined, Date.now() + def.startTimeoutMs)) };
    return results;
  }
  // Maven runs one at a time (3.8 has no local-repository locking); the servers then start in parallel.
  for (const def of local) if (!findOurs(def)) await def.provision({ log });
  const settled = await Promise.allSettled(local.map((def) => upOne(def, { smoke, log })));
  const errors = [];
  settled.forEach((s, i) => (s.status === 'fulfilled' ? (results[local[i].name] = s.value) : errors.push(s.reason)));
  if (errors.length) throw new AggregateError(errors, errors.map((e) => e.message).join('\n\n'));
  return results;
}

export async function startService(name, opts = {}) {
  return (await servicesUp({ ...opts, only: [name] }))[name];
}

/**
 * SIGTERM (default): graceful stop (PostgreSQL: its fast shutdown), SIGKILL after timeoutMs, pid file removed.
 * SIGKILL: hard kill (crash simulation), pid file removed. Others (SIGSTOP, SIGCONT): just sent.
 * PostgreSQL's signals reach its backends too: they crash or pause with it.
 */
export async function stopService(name, { signal = 'SIGTERM', timeoutMs = 20_000, log = () => {} } = {}) {
  const def = definitions[pick([name])[0]];
  const pid = findOurs(def);
  if (!pid) return { name, state: 'not-running' };
  if (signal !== 'SIGTERM' && signal !== 'SIGKILL') {
    send(def, pid, signal);
    log(`${name}: sent ${signal} to pid ${pid}`);
    return { name, state: signal, pid };
  }
  // Under the start lock, so a concurrent `up` waits for the stop instead of adopting a dying process.
  return withLock(def, async () => {
    let state = signal;
    if (signal === 'SIGTERM') state = await procs.terminate(pid, timeoutMs, { stopSignal: def.stopSignal, family: def.family });
    else {
      const kids = send(def, pid, 'SIGKILL');
      await procs.waitForExit(pid, 5000, { also: kids, reaped: def.family });
    }
    procs.removePid(def.pidFile);
    log(`${name}: ${state === 'SIGKILL' ? 'killed with SIGKILL' : state} (pid ${pid})`);
    return { name, state, pid };
  });
}

/** Stops local services gracefully; data in .local is kept. */
export async function servicesDown({ only, log = defaultLog } = {}) {
  const names = pick(only);
  const cfg = resolveConfig();
  const local = names.filter((n) => !externalReason(n, cfg) && !disabledReason(n, cfg));
  if (cfg.mode === 'docker' && local.length) {
    compose('stop', local);
    return Object.fromEntries(local.map((n) => [n, { name: n, state: 'stopped' }]));
  }
  const res = await Promise.all(local.map((n) => stopService(n, { log })));
  for (const r of res) if (r.state === 'not-running') log(`${r.name}: not running`);
  return Object.fromEntries(res.map((r) => [r.name, r]));
}

/** One entry per service: state running|paused|unhealthy|stopped|port-in-use|external|disabled. */
export async function servicesStatus() {
  const cfg = resolveConfig();
  const out = [];
  for (const [name, def] of Object.entries(definitions)) {
    const base = { name, address: def.address, version: def.version, data: def.dataPath, log: def.logFile };
    const reason = externalReason(name, cfg);
    const disabled = disabledReason(name, cfg);
    if (reason || disabled) {
      out.push({ ...base, state: disabled ? 'disabled' : 'external', address: disabled ?? reason, version: '-' });
      continue;
    }
    const pid = cfg.mode === 'docker' ? undefined : findOurs(def);
    const portOpen = await procs.portOpen(def.port, def.host, 500);
    if (cfg.mode === 'docker') {
      const health = portOpen ? await def.ready() : { ok: false };
      out.push({ ...base, state: health.ok ? 'running' : 'stopped', portOpen, version: 'docker compose' });
      continue;
    }
    let state = 'stopped';
    let health;
    if (pid && procs.processState(pid) === 'T') state = 'paused';
    else if (pid) {
      health = portOpen ? await def.ready() : { ok: false, detail: 'port closed' };
      state = health.ok ? 'running' : 'unhealthy';
    } else if (portOpen) {
      state = 'port-in-use';
      const owner = procs.portOwner(def.port);
      health = { ok: false, detail: `in use by ${owner?.pid ? `pid ${owner.pid}: ${owner.command}` : 'another process'}` };
    }
    const uptimeS = pid ? procs.uptimeSeconds(pid) : undefined;
    const tls = def.tls && state === 'running' ? await (def.tlsStatus ? def.tlsStatus() : tlsStatus(def)) : undefined;
    out.push({ ...base, state, pid, portOpen, uptimeS, health: health && !health.ok ? health.detail.split('\n')[0] : undefined, tls });
  }
  return out;
}

/** The broker's mutual-TLS listener: a handshake with the generated client certificate. */
async function tlsStatus(def) {
  const { tls } = def;
  const [host, port] = [def.host, Number(tls.brokers[0].split(':').pop())];
  const base = { address: `SSL://${tls.brokers[0]}`, clientAuth: 'required', dir: tls.dir, ca: tls.ca, cert: tls.cert, key: tls.key };
  if (!tlsReady(tls.dir)) return { ...base, ok: false, detail: `no certificates in ${tls.dir} (made by \`up\` when it starts the broker)` };
  if (!(await procs.portOpen(port, host, 500)))
    return { ...base, ok: false, detail: 'port closed: the broker was started without the TLS listener; restart it to add it' };
  return { ...base, ...(await tlsHandshake({ host, port, ca: tls.ca, cert: tls.cert, key: tls.key })), sasl: await saslStatus(def) };
}

/** The SASL_SSL listener: a kafkajs connection with the SCRAM user. */
async function saslStatus(def) {
  const { sasl } = def;
  const base = { address: `SASL_SSL://${sasl.brokers[0]}`, mechanism: 'SCRAM-SHA-256', username: sasl.username, passwordFile: sasl.passwordFile };
  const { Kafka, logLevel } = await import('kafkajs');
  const ssl = { ca: readFileSync(sasl.ca, 'utf8') };
  const password = readFileSync(sasl.passwordFile, 'utf8').trim();
  const admin = new Kafka({
    clientId: 'services-status',
    brokers: sasl.brokers,
    ssl,
    sasl: { mechanism: sasl.mechanism, username: sasl.username, password },
    connectionTimeout: 3000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    return { ...base, ok: true, detail: 'SCRAM-SHA-256 login ok' };
  } catch (err) {
    return { ...base, ok: false, detail: err.message };
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

function printStatus(rows) {
  const cols = ['name', 'state', 'pid', 'uptime', 'address', 'version'];
  const table = rows.map((r) => ({ ...r, pid: r.pid ?? '-', uptime: r.uptimeS === undefined ? '-' : `${r.uptimeS}s` }));
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...table.map((r) => String(r[c]).length))]));
  const line = (r) =>
    cols
      .map((c) => String(r[c]).padEnd(width[c]))
      .join('  ')
      .trimEnd();
  console.log(line(Object.fromEntries(cols.map((c) => [c, c.toUpperCase()]))));
  for (const r of table) {
    console.log(line(r) + (r.health ? `\n    ${r.health}` : ''));
    if (r.tls && r.name === 'postgres')
      console.log(`    TLS ${r.tls.address}: ${r.tls.ok ? r.tls.detail : `NOT OK: ${r.tls.detail}`}; CA ${r.tls.ca}, server certificate ${r.tls.cert}`);
    else if (r.tls)
      console.log(
        `    TLS ${r.tls.address} (client certificate required): ${r.tls.ok ? r.tls.detail : `NOT OK: ${r.tls.detail}`}; CA, client.pem, client.key in ${r.tls.dir}`,
      );
    if (r.tls?.sasl)
      console.log(
        `    SASL ${r.tls.sasl.address} (SCRAM-SHA-256, user ${r.tls.sasl.username}): ${r.tls.sasl.ok ? r.tls.sasl.detail : `NOT OK: ${r.tls.sasl.detail}`}; password in ${r.tls.sasl.passwordFile}`,
      );
  }
  console.log(`data: ${paths.local}  (wipe with: rm -rf .local)`);
}

function showLogs(name, { lines = 50, follow = false }) {
  const def = definitions[pick([name])[0]];
  if (!existsSync(def.logFile)) throw new Error(`${name}: no log yet at ${def.logFile}`);
  if (!follow) return console.log(procs.tail(def.logFile, lines));
  return new Promise((done) => spawn('tail', ['-n', String(lines), '-F', def.logFile], { stdio: 'inherit' }).once('exit', done));
}

async function main(argv) {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('-')));
  const names = rest.filter((a) => !a.startsWith('-') && !/^\d+$/.test(a));
  const t0 = Date.now();
  switch (command) {
    case 'up':
      await servicesUp({ only: names, smoke: !flags.has('--no-smoke') });
      console.log(`services up [${seconds(Date.now() - t0)}]`);
      return 0;
    case 'down':
      await servicesDown({ only: names });
      return 0;
    case 'status': {
      const rows = await servicesStatus();
      if (flags.has('--json')) console.log(JSON.stringify(rows, null, 2));
      else printStatus(rows);
      return rows.every((r) => ['running', 'stopped', 'external', 'disabled'].includes(r.state)) ? 0 : 1;
    }
    case 'logs': {
      if (names.length !== 1) throw new Error('usage: services.mjs logs kafka|mongo|postgres [-n LINES] [-f]');
      const n = rest.indexOf('-n');
      await showLogs(names[0], { lines: n >= 0 ? Number(rest[n + 1]) : 50, follow: flags.has('-f') || flags.has('--follow') });
      return 0;
    }
    default:
      console.error('usage: services.mjs up|down [kafka|mongo|postgres] | status [--json] | logs kafka|mongo|postgres [-n N] [-f]');
      return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`\nERROR: ${err.message}`);
      process.exit(1);
    },
  );
}
