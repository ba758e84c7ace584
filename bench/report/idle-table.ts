import type { IdleResult } from '../idle/idle-memory.js';
import { SERVER_NAMES, type ServerName } from '../servers/server-names.js';
import { fixed, int, markdownTable, ratio } from './markdown-table.js';
import { median } from './stats.js';

export function idleTable(results: readonly IdleResult[]): string {
  const servers = SERVER_NAMES.filter((name) => results.some((r) => r.server === name));
  const perConnection = (server: ServerName) => median(results.filter((r) => r.server === server).map((r) => r.kbPerConnection));
  const bare = perConnection('bare-ws');
  const sio = perConnection('socketio');
  const header = [
    'server',
    'idle clients',
    'KiB per connection',
    'vs bare-ws',
    'vs Socket.IO',
    'RSS with none MB',
    `RSS with all MB`,
    'settled',
    'runs',
  ];
  const rows = servers.map((server) => {
    const mine = results.filter((r) => r.server === server);
    const kb = perConnection(server);
    return [
      server,
      int(mine[0]!.clients),
      fixed(kb, 1),
      ratio(kb, bare),
      ratio(kb, sio),
      fixed(median(mine.map((r) => r.baselineRssMb)), 0),
      fixed(median(mine.map((r) => r.loadedRssMb)), 0),
      mine.every((r) => r.settled) ? 'yes' : 'no',
      String(mine.length),
    ];
  });
  return markdownTable(
    header,
    rows,
    header.map((_, i) => i !== 0 && i !== 7),
  );
}
