import type { IdleResult } from '../idle/idle-memory.js';
import type { ResumeResult } from '../resume/resume-cost.js';
import type { ServerName } from '../servers/server-names.js';
import type { LoadSummary } from './load-summary.js';
import { markdownTable } from './markdown-table.js';
import { median } from './stats.js';

/**
 * The targets, checked against this run's medians: each row says what was required,
 * what was measured and whether it holds. Ratios are taken within the run, never across runs.
 */
export function targetsTable(summaries: readonly LoadSummary[], idles: readonly IdleResult[], resumes: readonly ResumeResult[]): string {
  const load = (server: ServerName, mode: 'max' | 'rate', places: number) =>
    summaries.find((s) => s.server === server && s.mode === mode && s.places === places);
  const rows: string[][] = [];
  const row = (
    target: string,
    requirement: string,
    measured: number | undefined,
    ok: (value: number) => boolean,
    format: (value: number) => string,
  ) => {
    if (measured === undefined || !Number.isFinite(measured)) return;
    rows.push([target, requirement, format(measured), ok(measured) ? 'yes' : '**no**']);
  };
  const times = (value: number) => `${value.toFixed(2)}×`;
  const share = (value: number) => `${Math.round(value * 100)} %`;
  const divide = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : undefined);

  for (const places of [1, 10]) {
    for (const store of ['itmchat-memory', 'itmchat-sqlite'] as const) {
      row(
        `throughput, ${places} place(s), ${store}`,
        '≥ 1.50× bare-ws',
        divide(load(store, 'max', places)?.deliveredPerSec, load('bare-ws', 'max', places)?.deliveredPerSec),
        (v) => v >= 1.5,
        times,
      );
    }
  }
  for (const places of [1, 10]) {
    for (const store of ['itmchat-memory', 'itmchat-sqlite'] as const) {
      // The issue sets this target for 1 place; 10 places is shown as well, as a stricter check.
      const required = places === 1 ? '≤ 1.50× bare-ws' : '≤ 1.50× bare-ws (beyond the issue, which asks it of 1 place)';
      row(
        `p99 at a fixed rate, ${places} place(s), ${store}`,
        required,
        divide(load(store, 'rate', places)?.p99, load('bare-ws', 'rate', places)?.p99),
        (v) => v <= 1.5,
        times,
      );
    }
  }
  const kb = (server: ServerName) => {
    const mine = idles.filter((r) => r.server === server).map((r) => r.kbPerConnection);
    return mine.length ? median(mine) : undefined;
  };
  row(
    `memory per idle connection (${idles[0]?.clients ?? '–'} clients), itmchat-memory`,
    '≤ 1.25× bare-ws',
    divide(kb('itmchat-memory'), kb('bare-ws')),
    (v) => v <= 1.25,
    times,
  );
  for (const places of [1, 10]) {
    const memory = load('itmchat-memory', 'max', places)?.deliveredPerSec;
    const sqlite = load('itmchat-sqlite', 'max', places)?.deliveredPerSec;
    row(
      `SQLite's cost in throughput, ${places} place(s)`,
      '≤ 10 % of the memory store',
      memory && sqlite !== undefined ? 1 - sqlite / memory : undefined,
      (v) => v <= 0.1,
      share,
    );
  }
  const noneMissed = resumes.filter((r) => r.k === 0);
  if (noneMissed.length) {
    rows.push([
      'resume with k = 0',
      'the reply alone (1 frame)',
      `${Math.max(...noneMissed.map((r) => r.frames))} frame(s)`,
      noneMissed.every((r) => r.frames === 1) ? 'yes' : '**no**',
    ]);
  }
  return markdownTable(['target', 'required', 'measured', 'met'], rows, [false, false, true, false]);
}
