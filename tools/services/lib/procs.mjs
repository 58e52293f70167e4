// Process plumbing: pid files, finding our own detached processes, ports, signals, log tails.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return err.code === 'EPERM';
  }
  // A zombie still answers kill(0). A multi-threaded process (a JVM) shows its leader as a zombie
  // while the other threads are still exiting and its sockets are still open: that is not dead yet.
  if (procState(pid) !== 'Z') return true;
  try {
    return readdirSync(`/proc/${pid}/task`).length > 1;
  } catch {
    return false;
  }
}

function procState(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
  } catch {
    return undefined;
  }
}

/** 'T' when SIGSTOPped, 'R'/'S'/... otherwise, undefined where /proc is missing. */
export const processState = procState;

export function readPid(file) {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function writePid(file, pid) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${pid}\n`);
}

export const removePid = (file) => rmSync(file, { force: true });

/** The process's arguments, one per element (Linux only; [] elsewhere or when it is gone). */
export function argv(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    const r = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : '';
  }
}

/** Pids of live processes whose command line contains `marker` (our -D tag). */
export function findByMarker(marker) {
  let candidates;
  if (existsSync('/proc/self/cmdline')) {
    candidates = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } else {
    const r = spawnSync('ps', ['-eo', 'pid='], { encoding: 'utf8' });
    candidates = r.status === 0 ? r.stdout.split(/\s+/).filter(Boolean).map(Number) : [];
  }
  return candidates.filter((pid) => pid !== process.pid && commandLine(pid).includes(marker) && isAlive(pid));
}

export function uptimeSeconds(pid) {
  const r = spawnSync('ps', ['-o', 'etimes=', '-p', String(pid)], { encoding: 'utf8' });
  const n = Number.parseInt(r.stdout ?? '', 10);
  return Number.isFinite(n) ? n : undefined;
}

export const hasMarker = (pid, marker) => commandLine(pid).includes(marker);

export function portOpen(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolveOpen) => {
    const socket = connect({ port, host });
    const done = (open) => {
      socket.destroy();
      resolveOpen(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Best-effort description of whoever listens on a TCP port (needs ss or lsof). */
export function portOwner(port) {
  const ss = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  if (ss.status === 0 && ss.stdout.trim()) {
    const m = ss.stdout.match(/pid=(\d+)/);
    const pid = m ? Number(m[1]) : undefined;
    return { pid, command: pid ? commandLine(pid).slice(0, 200) : ss.stdout.trim() };
  }
  const lsof = spawnSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'], { encoding: 'utf8' });
  const pid = Number.parseInt(lsof.stdout ?? '', 10);
  return Number.isFinite(pid) ? { pid, command: commandLine(pid).slice(0, 200) } : undefined;
}

/**
 * Starts `cmd` in its own session (so its pid is also its process group) with output appended to
 * `logFile`; survives our exit. `uid`/`gid` run it as another user (we must be root for that).
 */
export function spawnDetached(cmd, args, { logFile, truncate = false, cwd, env, uid, gid }) {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, truncate ? 'w' : 'a');
  try {
    const child = spawn(cmd, args, { cwd, env, uid, gid, detached: true, stdio: ['ignore', fd, fd] });
    child.unref();
    return new Promise((resolveSpawn, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolveSpawn(child.pid));
    });
  } finally {
    closeSync(fd);
  }
}

/** Live (not zombie) children of `pid`. */
export function children(pid) {
  if (!existsSync('/proc/self/stat')) {
    const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.split(/\s+/).filter(Boolean).map(Number) : [];
  }
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const fields = readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ');
        return fields[0] !== 'Z' && Number(fields[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** No process with this pid at all, not even a zombie its parent has not reaped yet. */
function gone(pid) {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return err.code === 'ESRCH';
  }
}

/**
 * Waits until `pid` and the pids in `also` have exited. With `reaped`, until the pid is gone altogether:
 * PostgreSQL refuses to start while the pid in its postmaster.pid exists, even as a zombie.
 */
export async function waitForExit(pid, timeoutMs, { also = [], reaped = false } = {}) {
  const done = () => (reaped ? gone(pid) : !isAlive(pid)) && also.every((p) => !isAlive(p));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (done()) return true;
    await sleep(100);
  }
  return done();
}

/**
 * `sig` to `pid` and to its children; returns the children. For a server whose workers are not in its
 * process group (PostgreSQL's backends each start their own session). The parent is stopped first, so
 * it forks no new child between the listing and the signal.
 */
export function signalFamily(pid, sig) {
  if (sig !== 'SIGCONT') signal(pid, 'SIGSTOP');
  const kids = children(pid);
  for (const kid of kids) signal(kid, sig);
  if (sig !== 'SIGSTOP') signal(pid, sig);
  return kids;
}

export function signal(pid, sig) {
  try {
    process.kill(pid, sig);
    return true;
  } catch (err) {
    if (err.code === 'ESRCH') return false;
    throw err;
  }
}

/**
 * `stopSignal` (SIGTERM unless told), wait up to graceMs, then SIGKILL. A stopped (SIGSTOP) process is
 * resumed first. With `family`, SIGCONT and SIGKILL reach its children too, and the exit waits for them.
 */
export async function terminate(pid, graceMs = 20_000, { stopSignal = 'SIGTERM', family = false } = {}) {
  if (!isAlive(pid)) return 'not-running';
  const send = (sig) => (family ? signalFamily(pid, sig) : (signal(pid, sig), []));
  if (procState(pid) === 'T') send('SIGCONT');
  const kids = family ? children(pid) : [];
  signal(pid, stopSignal);
  if (await waitForExit(pid, graceMs, { also: kids, reaped: family })) return 'stopped';
  const more = send('SIGKILL');
  await waitForExit(pid, 5000, { also: [...kids, ...more], reaped: family });
  return 'killed';
}

export function tail(file, lines = 30) {
  try {
    const size = statSync(file).size;
    const len = Math.min(size, 256 * 1024);
    const buf = Buffer.alloc(len);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buf, 0, len, size - len);
    } finally {
      closeSync(fd);
    }
    return buf.toString('utf8').replace(/\n$/, '').split(/\r?\n/).slice(-lines).join('\n');
  } catch {
    return '';
  }
}
