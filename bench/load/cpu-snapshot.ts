import { now } from './clock.js';
import { readMachineBusyMs, readProcStats, type ProcSample } from './proc-stats.js';

/** CPU counters at one instant: this process, the server, the whole machine. */
export interface CpuSnapshot {
  readonly at: number;
  readonly self: NodeJS.CpuUsage;
  readonly server: ProcSample | null;
  readonly machineBusyMs: number;
}

export function cpuSnapshot(serverPid: number | undefined): CpuSnapshot {
  let server: ProcSample | null = null;
  try {
    if (serverPid !== undefined) server = readProcStats(serverPid);
  } catch {
    // The server is gone: its figures stay NaN and the run's losses tell the story.
  }
  return { at: now(), self: process.cpuUsage(), server, machineBusyMs: readMachineBusyMs() };
}

/** Shares of one core used between two snapshots: by the generator, the server, and everything else on the machine. */
export function cpuShares(
  start: CpuSnapshot,
  end: CpuSnapshot,
): { wallMs: number; generator: number; serverMs: number; server: number; other: number } {
  const wallMs = end.at - start.at;
  const generatorMs = (end.self.user - start.self.user + end.self.system - start.self.system) / 1000;
  const serverMs = start.server && end.server ? end.server.cpuMs - start.server.cpuMs : Number.NaN;
  const busyMs = end.machineBusyMs - start.machineBusyMs;
  return {
    wallMs,
    generator: generatorMs / wallMs,
    serverMs,
    server: serverMs / wallMs,
    other: Math.max(0, busyMs - generatorMs - (Number.isNaN(serverMs) ? 0 : serverMs)) / wallMs,
  };
}
