import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECT } from '../load/adapters/connect-client.js';
import { clientKindOf, type ServerName } from '../servers/server-names.js';
import { startBenchServer } from '../servers/start-server.js';
import type { IdleClientsConfig, IdleClientsReport } from './idle-clients.js';
import { SPARE_FILES, openFilesLimit } from './open-files.js';
import { INSPECT_ARG, forceGc, inspectorUrl } from './force-gc.js';
import { settleRss } from './settle-rss.js';

const IDLE_CLIENTS = fileURLToPath(new URL('./idle-clients.ts', import.meta.url));
/** Idle clients share places of this size: a join tells every member, so one place of 10,000 would cost 50 million notices. */
export const MEMBERS_PER_PLACE = 100;
/** Clients per generator process at most, whatever the descriptor limit. */
const MAX_PER_PROCESS = 5_000;
const READY_TIMEOUT_MS = 120_000;

export interface IdleResult {
  readonly kind: 'idle';
  readonly server: ServerName;
  readonly clients: number;
  readonly processes: number;
  readonly baselineRssMb: number;
  readonly loadedRssMb: number;
  /** (loaded − baseline) / clients, in KiB. */
  readonly kbPerConnection: number;
  readonly settled: boolean;
  readonly problems: number;
}

/** Server memory per idle, joined connection: RSS with `clients` open minus RSS with none, over `clients`, each after a full GC. */
export async function measureIdleMemory(name: ServerName, clients: number): Promise<IdleResult> {
  const limit = openFilesLimit();
  if (clients + SPARE_FILES > limit) {
    throw new Error(
      `the server needs ${clients + SPARE_FILES} descriptors for ${clients} sockets but ulimit -n is ${limit}; raise it (ulimit -n ${clients * 2 + 2 * SPARE_FILES})`,
    );
  }
  const perProcess = Math.min(MAX_PER_PROCESS, limit - SPARE_FILES);
  const server = await startBenchServer(name, [], [INSPECT_ARG]);
  const inspector = inspectorUrl(server.output());
  if (!inspector) throw new Error(`${name} opened no inspector: ${server.output()}`);
  const measure = async () => {
    await forceGc(inspector);
    return settleRss(server.pid);
  };
  const children: ChildProcess[] = [];
  try {
    // One client in and out first, so lazily loaded code is in the baseline, not in the per-connection figure.
    const kind = clientKindOf(name);
    const warm = await CONNECT[kind](server.url, { nick: 'warm', place: 'warm' }, { onMessage() {}, onChatFrame() {}, onProblem() {} });
    warm.close();
    await sleep(300);
    const baseline = await measure();

    let problems = 0;
    for (let first = 0; first < clients; first += perProcess) {
      const config: IdleClientsConfig = {
        kind,
        url: server.url,
        first,
        count: Math.min(perProcess, clients - first),
        membersPerPlace: MEMBERS_PER_PLACE,
      };
      children.push(
        fork(IDLE_CLIENTS, [JSON.stringify(config)], {
          execArgv: ['--conditions=@itmchat/source', '--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
    }
    const reports = await Promise.all(children.map((child) => readyReport(child)));
    for (const report of reports) {
      if (!report.ready) throw new Error(`idle clients failed: ${report.error}`);
      problems += report.problems;
    }
    const loaded = await measure();
    return {
      kind: 'idle',
      server: name,
      clients,
      processes: children.length,
      baselineRssMb: baseline.rssKb / 1024,
      loadedRssMb: loaded.rssKb / 1024,
      kbPerConnection: (loaded.rssKb - baseline.rssKb) / clients,
      settled: baseline.settled && loaded.settled,
      problems,
    };
  } finally {
    await Promise.all(children.map(stopChild));
    await server.stop();
  }
}

async function readyReport(child: ChildProcess): Promise<IdleClientsReport> {
  const cancel = new AbortController();
  const { signal } = cancel;
  const timeout = sleep(READY_TIMEOUT_MS, undefined, { signal }).then((): IdleClientsReport => ({
    ready: false,
    error: `not ready within ${READY_TIMEOUT_MS} ms`,
  }));
  const exited = once(child, 'exit', { signal }).then(([code]): IdleClientsReport => ({
    ready: false,
    error: `generator exited with ${code}`,
  }));
  const message = once(child, 'message', { signal }).then(([report]) => report as IdleClientsReport);
  try {
    return await Promise.race([message, exited, timeout]);
  } finally {
    cancel.abort();
    // The losers reject with AbortError; nobody waits for them.
    for (const loser of [timeout, exited, message]) loser.catch(() => {});
  }
}

/** Asks a generator to close its sockets and leave; kills it if it does not within a few seconds. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (child.connected) child.send('close');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
