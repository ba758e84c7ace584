// npm run bench:flood: the server with its default limits, flooded from one address by every
// attack of SECURITY.md at once (non-reading sockets asking for the largest backlog and queueing
// huge says behind it, presence churn, grace-session churn, place creation); prints the server's
// RSS before, at peak and after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { forceGc, INSPECT_ARG, inspectorUrl } from '../idle/force-gc.js';
import { settleRss } from '../idle/settle-rss.js';
import { readProcStats } from '../load/proc-stats.js';
import { startBenchServer, type BenchServer } from '../servers/start-server.js';
import { graceChurn, placeCreation, presenceChurn, startChurner, talker, type Churner } from './churners.js';
import { fillPlace, openNonReading, type NonReadingSocket } from './flood-clients.js';

/** The server's own defaults, put back over the bench's "no limits" (the point here is the limits). */
const DEFAULT_LIMITS = [
  ...['--say-rate', '10:20', '--command-rate', '5:10', '--presence-rate', '1:10', '--presence-rate-per-ip', '5:30'],
  ...['--max-connections-per-ip', '64', '--max-http-sockets', '128', '--max-sessions-per-ip', '64', '--log-level', 'warn'],
];
const HISTORY = 1_000;
const LONGEST = '€'.repeat(2_000); // the default textMaxLength, 3 bytes each: 6 KB a message
/** What each non-reading socket queues behind its backlog: says at the decoder's ceiling (48 KB each). */
const QUEUED_SAYS = 100;
const HUGE = '€'.repeat(16_000);
/** 64 sockets from one address, the per-address cap: most asking for backlogs, the rest churning. */
const BACKLOG_SOCKETS = 40;
const CHURNERS = { presence: 8, grace: 8, places: 8 };
/** FLOOD_ONLY=backlog|presence|grace|places runs one attack alone, to see what each costs. */
const ONLY = process.env.FLOOD_ONLY;
const runs = (attack: string) => ONLY === undefined || ONLY === attack;
const FLOOD_MS = Number(process.env.FLOOD_MS ?? 20_000);
const MIB = 1024;

const wsUrlOf = (server: BenchServer) => `${server.url.replace('http', 'ws')}/ws`;

/** A data file whose place `hall` holds a whole history of maximum-length messages, written at full speed (no limits). */
async function filledDataFile(dataFile: string): Promise<string> {
  const filler = await startBenchServer('itmchat-sqlite', ['--data', dataFile]);
  try {
    return (await fillPlace(wsUrlOf(filler), 'hall', HISTORY, LONGEST)).epoch;
  } finally {
    await filler.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'itmchat-flood-'));
  const dataFile = join(dir, 'flood.db');
  const epoch = await filledDataFile(dataFile);
  const server = await startBenchServer('itmchat-sqlite', [...DEFAULT_LIMITS, '--data', dataFile], [INSPECT_ARG]);
  const inspector = inspectorUrl(server.output());
  const wsUrl = wsUrlOf(server);
  const sockets: NonReadingSocket[] = [];
  const churners: Churner[] = [];
  try {
    // From another loopback address: an honest visitor, not one of the attacker's 64 sockets.
    churners.push(startChurner(wsUrl, talker, '127.0.0.2'));
    const before = await settleRss(server.pid);
    for (let i = 0; i < (runs('backlog') ? BACKLOG_SOCKETS : 0); i++) {
      const socket = await openNonReading(wsUrl);
      sockets.push(socket);
      socket.send('identify', { nick: `eve${i}`, place: 'hall', since: [{ place: 'hall', seq: 0, epoch }] });
      for (let n = 0; n < QUEUED_SAYS; n++) socket.send('say', { text: HUGE, cid: `eve${i}-${n}` });
    }
    for (const [attack, step] of [
      ['presence', presenceChurn],
      ['grace', graceChurn],
      ['places', placeCreation],
    ] as const) {
      for (let i = 0; i < (runs(attack) ? CHURNERS[attack] : 0); i++) churners.push(startChurner(wsUrl, step));
    }
    let peak = before.rssKb;
    for (const end = Date.now() + FLOOD_MS; Date.now() < end;) {
      await sleep(250);
      peak = Math.max(peak, readProcStats(server.pid).rssKb);
    }
    const attacks = churners.map((c) => ({ ...c.counts }));
    await Promise.all(churners.splice(0).map((c) => c.stop()));
    const total = (field: 'calls' | 'refused' | 'reconnects') => attacks.reduce((sum, counts) => sum + counts[field], 0);
    for (const socket of sockets.splice(0)) socket.close();
    // What the server still holds once the attack is over, not garbage it has yet to collect.
    await sleep(1_000);
    if (inspector) await forceGc(inspector);
    const after = await settleRss(server.pid);
    const figures = {
      attacks: ONLY ?? 'all',
      history: `${HISTORY} messages of 6 KB`,
      floodMs: FLOOD_MS,
      rssBeforeMiB: +(before.rssKb / MIB).toFixed(1),
      rssPeakMiB: +(peak / MIB).toFixed(1),
      growthMiB: +((peak - before.rssKb) / MIB).toFixed(1),
      rssAfterGcMiB: +(after.rssKb / MIB).toFixed(1),
      exitCode: server.exitCode() ?? null,
      churnCalls: total('calls'),
      churnRefused: total('refused'),
      churnReconnects: total('reconnects'),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    for (const socket of sockets) socket.close();
    await Promise.all(churners.map((c) => c.stop()));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
