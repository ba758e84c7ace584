import type { LoadRecord } from '../load/run-in-child.js';
import type { LoadMode } from '../load/load-config.js';
import type { ServerName } from '../servers/server-names.js';
import { median, sum } from './stats.js';

/** Medians over the repetitions of one configuration (server × places × mode); losses are summed. */
export interface LoadSummary {
  readonly server: ServerName;
  readonly mode: LoadMode;
  readonly places: number;
  readonly runs: number;
  readonly failedRuns: number;
  readonly targetRate: number;
  readonly deliveredPerSec: number;
  readonly messagesPerFrame: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly serverCpuUsPerMsg: number;
  readonly serverCpu: number;
  readonly generatorCpu: number;
  readonly otherCpu: number;
  readonly serverRssMb: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly outOfOrder: number;
  readonly problems: number;
}

export function summarizeLoad(records: readonly LoadRecord[]): LoadSummary[] {
  const groups = new Map<string, LoadRecord[]>();
  for (const record of records) {
    const key = `${record.mode}|${record.places}|${record.server}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.values()].map((group) => {
    const ok = group.flatMap((r) => ('error' in r ? [] : [r]));
    const first = group[0]!;
    const m = (pick: (r: (typeof ok)[number]) => number) => median(ok.map(pick));
    return {
      server: first.server,
      mode: first.mode,
      places: first.places,
      runs: group.length,
      failedRuns: group.length - ok.length,
      targetRate: m((r) => r.targetRate ?? Number.NaN),
      deliveredPerSec: m((r) => r.deliveredPerSec),
      messagesPerFrame: m((r) => r.messagesPerFrame),
      p50: m((r) => r.latencyMs.p50),
      p99: m((r) => r.latencyMs.p99),
      max: m((r) => r.latencyMs.max),
      serverCpuUsPerMsg: m((r) => r.serverCpuUsPerMsg),
      serverCpu: m((r) => r.serverCpu),
      generatorCpu: m((r) => r.generatorCpu),
      otherCpu: m((r) => r.otherCpu),
      serverRssMb: m((r) => r.serverRssMb),
      lost: sum(ok.map((r) => r.lost)),
      duplicated: sum(ok.map((r) => r.duplicated)),
      outOfOrder: sum(ok.map((r) => r.outOfOrder)),
      problems: sum(ok.map((r) => sum(Object.values(r.problems)))),
    };
  });
}
