import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (almost always 100 on Linux). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcSample {
  /** User + system CPU time used so far, in ms (resolution 1000 / CLK_TCK, so 10 ms). */
  readonly cpuMs: number;
  /** Resident set size now, in KiB (VmRSS). */
  readonly rssKb: number;
  /** Peak resident set size, in KiB (VmHWM). */
  readonly peakRssKb: number;
}

/** Reads another process's CPU time and memory from /proc (Linux only). */
export function readProcStats(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "pid (comm) ": the command may hold spaces, so split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { cpuMs: (ticks * 1000) / CLOCK_TICKS, rssKb: statusKb(status, 'VmRSS'), peakRssKb: statusKb(status, 'VmHWM') };
}

function statusKb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

/** CPU time the whole machine spent busy (all cores, everything but idle and iowait), in ms, from /proc/stat. */
export function readMachineBusyMs(): number {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    const busy = ticks.slice(0, 8).reduce((total, t, i) => (i === 3 || i === 4 ? total : total + t), 0);
    return (busy * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
