import type { LoadMode } from '../load/load-config.js';
import { SERVER_NAMES } from '../servers/server-names.js';
import type { LoadSummary } from './load-summary.js';
import { fixed, int, markdownTable, percent, ratio } from './markdown-table.js';

/** Mode max: what each server delivers flat out, against the bare-ws ceiling and Socket.IO. */
export function throughputTable(summaries: readonly LoadSummary[]): string {
  const header = [
    ...LEAD,
    'messages/s',
    'vs bare-ws',
    'vs Socket.IO',
    'msgs/frame',
    'p50 ms',
    'p99 ms',
    'server µs/msg',
    ...CPU,
    'server RSS MB',
    ...CHECKS,
  ];
  const rows = rowsOf(summaries, 'max', (s, bare, sio) => [
    int(s.deliveredPerSec),
    ratio(s.deliveredPerSec, bare?.deliveredPerSec),
    ratio(s.deliveredPerSec, sio?.deliveredPerSec),
    fixed(s.messagesPerFrame, 1),
    fixed(s.p50, 2),
    fixed(s.p99, 2),
    fixed(s.serverCpuUsPerMsg, 2),
    ...cpu(s),
    fixed(s.serverRssMb, 0),
    ...checks(s),
  ]);
  return markdownTable(
    header,
    rows,
    header.map((_, i) => i !== 1),
  );
}

/** Mode rate: latency and CPU cost at the same delivery rate for everyone. */
export function latencyTable(summaries: readonly LoadSummary[]): string {
  const header = [
    ...LEAD,
    'target/s',
    'achieved/s',
    'msgs/frame',
    'p50 ms',
    'p99 ms',
    'max ms',
    'server µs/msg',
    'vs bare-ws',
    'vs Socket.IO',
    ...CPU,
    'server RSS MB',
    ...CHECKS,
  ];
  const rows = rowsOf(summaries, 'rate', (s, bare, sio) => [
    int(s.targetRate),
    int(s.deliveredPerSec),
    fixed(s.messagesPerFrame, 1),
    fixed(s.p50, 2),
    fixed(s.p99, 2),
    fixed(s.max, 1),
    fixed(s.serverCpuUsPerMsg, 2),
    ratio(s.serverCpuUsPerMsg, bare?.serverCpuUsPerMsg),
    ratio(s.serverCpuUsPerMsg, sio?.serverCpuUsPerMsg),
    ...cpu(s),
    fixed(s.serverRssMb, 0),
    ...checks(s),
  ]);
  return markdownTable(
    header,
    rows,
    header.map((_, i) => i !== 1),
  );
}

const LEAD = ['places', 'server'];
const CPU = ['server CPU', 'generator CPU', 'other CPU'];
const CHECKS = ['lost', 'dup', 'runs'];

function cpu(s: LoadSummary): string[] {
  return [percent(s.serverCpu), percent(s.generatorCpu), percent(s.otherCpu)];
}

function checks(s: LoadSummary): string[] {
  return [int(s.lost), int(s.duplicated), runs(s)];
}

function rowsOf(
  summaries: readonly LoadSummary[],
  mode: LoadMode,
  cells: (s: LoadSummary, bare: LoadSummary | undefined, sio: LoadSummary | undefined) => string[],
): string[][] {
  const ofMode = summaries.filter((s) => s.mode === mode);
  const places = [...new Set(ofMode.map((s) => s.places))].sort((a, b) => a - b);
  return places.flatMap((p) => {
    const here = ofMode.filter((s) => s.places === p).sort((a, b) => SERVER_NAMES.indexOf(a.server) - SERVER_NAMES.indexOf(b.server));
    const bare = here.find((s) => s.server === 'bare-ws');
    const sio = here.find((s) => s.server === 'socketio');
    return here.map((s) => [String(p), s.server, ...cells(s, bare, sio)]);
  });
}

function runs(s: LoadSummary): string {
  return s.failedRuns ? `${s.runs - s.failedRuns} (+${s.failedRuns} failed)` : String(s.runs);
}
