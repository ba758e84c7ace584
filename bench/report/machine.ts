import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';
import { openFilesLimit } from '../idle/open-files.js';

export interface Machine {
  readonly nproc: number;
  readonly cpu: string;
  readonly node: string;
  readonly kernel: string;
  readonly memoryGb: number;
  readonly openFiles: number;
  /** 1-minute load average when the run started: other work on the box shows here. */
  readonly loadAtStart: number;
  readonly date: string;
}

export function describeMachine(): Machine {
  let cpu = 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: leave it unknown
  }
  return {
    nproc: availableParallelism(),
    cpu,
    node: process.version,
    kernel: release(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    openFiles: openFilesLimit(),
    loadAtStart: loadavg()[0]!,
    date: new Date().toISOString(),
  };
}
