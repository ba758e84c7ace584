import { setTimeout as sleep } from 'node:timers/promises';
import { readProcStats } from '../load/proc-stats.js';

const SAMPLE_MS = 250;
/** Settled: the last 8 samples (2 s) lie within 1 MiB or 0.5 %, whichever is larger. */
const WINDOW = 8;
const SETTLE_LIMIT_MS = 20_000;

export interface SettledRss {
  /** Median of the last samples, KiB. */
  readonly rssKb: number;
  readonly waitedMs: number;
  /** False when the limit ran out first; the figure is then the last window's median anyway. */
  readonly settled: boolean;
}

/** Waits until a process's VmRSS stops moving. */
export async function settleRss(pid: number): Promise<SettledRss> {
  const start = Date.now();
  const samples: number[] = [];
  for (;;) {
    samples.push(readProcStats(pid).rssKb);
    if (samples.length > WINDOW) samples.shift();
    const waitedMs = Date.now() - start;
    if (samples.length === WINDOW) {
      const spread = Math.max(...samples) - Math.min(...samples);
      const settled = spread <= Math.max(1024, 0.005 * Math.max(...samples));
      if (settled || waitedMs > SETTLE_LIMIT_MS) {
        const sorted = [...samples].sort((a, b) => a - b);
        return { rssKb: sorted[WINDOW / 2]!, waitedMs, settled };
      }
    }
    await sleep(SAMPLE_MS);
  }
}
