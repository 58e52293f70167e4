// CPU seconds and memory of a process from /proc (Linux), so each process's cost sits next to wall time.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let ticks;
function clockTicks() {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** utime + stime of a live process, in seconds; undefined when it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** { rssMb, peakMb } from /proc/<pid>/status (VmRSS, VmHWM). */
export function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

/** CPU seconds of several processes between start() and stop(). */
export function cpuMeter(pids) {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  return {
    stop() {
      const out = {};
      for (const [name, pid] of Object.entries(pids)) {
        const now = cpuSeconds(pid);
        out[name] = now === undefined || before[name] === undefined ? null : round(now - before[name], 2);
      }
      return out;
    },
  };
}

/** Samples VmRSS every interval; peak() is the largest seen (VmHWM covers the whole life, this a window). */
export function rssSampler(pid, intervalMs = 250) {
  let peak = 0;
  const sample = () => {
    const { rssMb } = memory(pid);
    if (rssMb > peak) peak = rssMb;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      sample();
      clearInterval(timer);
      return round(peak, 1);
    },
  };
}

export const round = (x, digits = 3) => (x == null || !Number.isFinite(x) ? x : Math.round(x * 10 ** digits) / 10 ** digits);
