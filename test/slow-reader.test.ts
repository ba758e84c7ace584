import { expect } from 'chai';
import type { Socket } from 'node:net';
import { CloseCode } from '@itmchat/protocol';
import { DEFAULT_MAX_BUFFERED_BYTES } from '@itmchat/server';
import { TestClient } from './support/test-client.js';
import { removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';

const TEXT = 'x'.repeat(1_000);
const TALKERS = 3;
/** Says each talker keeps in flight. */
const WINDOW = 50;
const MIB = 1024 * 1024;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('slow reader', function () {
  this.timeout(60_000);
  let server: TestServer;
  const clients: TestClient[] = [];
  beforeEach(async () => {
    // History long enough that the slow reader can resume everything it missed.
    server = await startTestServer('memory', { historyLimit: 100_000 });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
    removeTempFiles();
  });

  it('is disconnected once its buffer passes the bound, keeping server memory bounded, then resumes without loss', async () => {
    const sam = await server.client();
    clients.push(sam);
    const { token: samToken } = await sam.call('identify', { nick: 'sam' });
    const talkers = await Promise.all(range(1, TALKERS).map((i) => server.joined(`talker${i}`)));
    clients.push(...talkers);
    const samConnection = [...server.endpoint.connections].find((c) => c.session?.nick === 'sam')!;
    const epoch = server.chat.room('lobby')!.epoch;

    // Sam stops reading: its TCP socket is paused, so the kernel buffers fill, then the server's.
    (sam.socket as unknown as { _socket: Socket })._socket.pause();
    global.gc?.();
    const before = process.memoryUsage();
    let maxBuffered = 0;
    const sampler = setInterval(() => {
      if (!dropped()) maxBuffered = Math.max(maxBuffered, samConnection.socket.bufferedAmount);
    }, 5);
    let said = 0;
    const started = performance.now();
    // Dropped: the server stopped sending to sam (closing, or already gone).
    const dropped = () => samConnection.socket.readyState !== samConnection.socket.OPEN;
    await Promise.all(
      talkers.map(async (talker, t) => {
        while (!dropped() && performance.now() - started < 40_000) {
          await Promise.all(range(1, WINDOW).map(() => talker.call('say', { text: TEXT, cid: `t${t}-${++said}` })));
        }
      }),
    );
    clearInterval(sampler);
    const elapsed = performance.now() - started;
    const after = process.memoryUsage();
    expect(dropped(), 'sam dropped within 40 s').to.equal(true);
    const growth = (after.rss - before.rss) / MIB;
    const heapGrowth = (after.heapUsed - before.heapUsed) / MIB;
    const storedMiB = (said * TEXT.length) / MIB;

    // Sam reads again: it gets what the kernel held, then sees the close.
    (sam.socket as unknown as { _socket: Socket })._socket.resume();
    const closed = await sam.closed;
    const heard = sam.seqs('lobby');
    console.log(
      `      slow reader: ${TALKERS} talkers said ${said} × 1 KB (${storedMiB.toFixed(0)} MiB) in ${(elapsed / 1000).toFixed(1)} s while sam did not read; ` +
        `sam dropped with ${closed.code} after ${heard.length} messages reached it; its server-side buffer peaked at ${(maxBuffered / MIB).toFixed(2)} MiB ` +
        `(bound ${(DEFAULT_MAX_BUFFERED_BYTES / MIB).toFixed(0)} MiB); RSS grew ${growth.toFixed(0)} MiB, heap ${heapGrowth.toFixed(0)} MiB (history included)`,
    );
    expect([CloseCode.SlowReader, 1006]).to.include(closed.code);
    // One frame can land past the bound (checked before each send); a frame here is one turn's says.
    expect(maxBuffered, 'bytes buffered for sam').to.be.below(DEFAULT_MAX_BUFFERED_BYTES + 2 * MIB);
    // The history of what was said stays in memory (memory store); the bound is on everything else.
    expect(growth, 'RSS growth, MiB').to.be.below(storedMiB * 4 + 100);
    expect(heard, 'what reached sam came in order').to.deep.equal(range(1, heard.length));

    // Sam comes back and resumes from the last message it has: it gets exactly the rest.
    const back = await server.client();
    clients.push(back);
    const last = heard.length;
    await back.call('resume', { token: samToken, since: [{ place: 'lobby', seq: last, epoch }] });
    await back.until(() => back.seqs('lobby').length === said - last, 'the rest of the messages', 20_000);
    expect([...heard, ...back.seqs('lobby')], 'sam lost or doubled nothing').to.deep.equal(range(1, said));
  });
});
