import type { ResumeResult } from '../resume/resume-cost.js';
import { fixed, int, markdownTable } from './markdown-table.js';

export function resumeTable(results: readonly ResumeResult[]): string {
  const header = [
    'server',
    '--history',
    'retained',
    'missed k',
    'frames',
    'messages',
    'bytes',
    'resume → backlog ms',
    'new socket → backlog ms',
    'exact',
  ];
  const rows = results.map((r) => [
    r.server,
    int(r.historyLimit),
    int(r.retained),
    int(r.k),
    int(r.frames),
    int(r.messages),
    int(r.bytes),
    fixed(r.resumeMs, 2),
    fixed(r.reconnectMs, 2),
    r.exact ? 'yes' : 'NO',
  ]);
  return markdownTable(
    header,
    rows,
    header.map((_, i) => i !== 0 && i !== 9),
  );
}
