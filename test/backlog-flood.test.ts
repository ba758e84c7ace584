import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcStats } from '../bench/load/proc-stats.js';
import { fillPlace, openNonReading, type NonReadingSocket } from '../bench/flood/flood-clients.js';
import { startCliServer, type CliServer } from './support/cli-server.js';
import { TestClient } from './support/test-client.js';
import { tempDataFile, removeTempFiles } from './support/test-server.js';

const MIB = 1024;
/** The longest say (the default textMaxLength), in 3-byte characters: the most bytes a message can hold. */
const LONGEST = '€'.repeat(2_000);
const HISTORY = 1_000;
const ATTACKERS = 64;
/** Says each attacker queues behind its backlog, each at the decoder's ceiling (16,000 characters, 48 KB). */
const QUEUED_SAYS = 100;
const HUGE = '€'.repeat(16_000);

// A memory bound, read off the server's own process: not a timing, so not flaky on a busy machine.
describe('backlog amplification (one address, non-reading sockets)', function () {
  this.timeout(120_000);
  let server: CliServer | undefined;
  const sockets: NonReadingSocket[] = [];
  let talker: TestClient | undefined;
  after(async () => {
    await talker?.close();
    for (const socket of sockets.splice(0)) socket.close();
    await server?.stop();
    removeTempFiles();
  });

  it(`${ATTACKERS} sockets each asking for a whole history of maximum-length messages, and queueing huge says behind it while the place talks, grow the server's RSS by at most 100 MiB`, async () => {
    server = await startCliServer(['--data', tempDataFile(), '--log-level', 'warn']);
    const pid = server.child.pid!;
    const wsUrl = `${server.url.replace('http', 'ws')}/ws`;
    // The filler comes from another loopback address, so the attackers have the whole per-address cap.
    const { epoch } = await fillPlace(wsUrl, 'hall', HISTORY, LONGEST, '127.0.0.2');
    await sleep(500);
    talker = await TestClient.connect(wsUrl, { localAddress: '127.0.0.2' });
    await talker.call('identify', { nick: 'talker', place: 'hall' });
    const before = readProcStats(pid).rssKb;
    for (let i = 0; i < ATTACKERS; i++) {
      const socket = await openNonReading(wsUrl);
      sockets.push(socket);
      socket.send('identify', { nick: `eve${i}`, place: 'hall', since: [{ place: 'hall', seq: 0, epoch }] });
      for (let n = 0; n < QUEUED_SAYS; n++) socket.send('say', { text: HUGE, cid: `eve${i}-${n}` });
    }
    // The place goes on talking: its live lines are held behind every attacker's backlog.
    let peak = before;
    for (let sample = 0; sample < 40; sample++) {
      await Promise.all(Array.from({ length: 5 }, (_, k) => talker!.call('say', { text: LONGEST, cid: `live-${sample}-${k}` })));
      await sleep(100);
      peak = Math.max(peak, readProcStats(pid).peakRssKb);
    }
    const grownMiB = (peak - before) / MIB;
    console.log(
      `      backlog flood: ${ATTACKERS} non-reading sockets × ${HISTORY} messages of 6 KB, ${QUEUED_SAYS} queued says of 48 KB each, 200 live lines: server RSS +${grownMiB.toFixed(1)} MiB (peak)`,
    );
    expect(grownMiB).to.be.at.most(100);
  });
});
