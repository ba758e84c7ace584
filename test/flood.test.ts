import { expect } from 'chai';
import { CloseCode, ErrorCode } from '@itmchat/protocol';
import { DEFAULT_COMMAND_RATE, DEFAULT_MAX_RATE_REFUSALS, DEFAULT_SAY_RATE } from '@itmchat/server';
import { CallError, type TestClient } from './support/test-client.js';
import { removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';

const FLOODERS = 20;
/** Says each flooder fires at once: over its burst, under the refusals that would close it. */
const FLOOD_BURST = 60;
const GOOD = 2;
const GOOD_SAYS = 20;
const GOOD_EVERY_MS = 150;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Settles a say: its number, or the code it was refused with. */
async function attempt(client: TestClient, cid: string): Promise<{ cid: string; seq: number } | { cid: string; refused: string }> {
  try {
    return { cid, seq: (await client.call('say', { text: cid, cid })).seq };
  } catch (error) {
    if (error instanceof CallError) return { cid, refused: error.code };
    throw error;
  }
}

// Store-independent (the limits live in the connection), so one store: memory.
describe('flood: per-connection rate limits', function () {
  this.timeout(30_000);
  let server: TestServer;
  const clients: TestClient[] = [];
  const join = async (nick: string) => {
    const client = await server.joined(nick);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startTestServer('memory', { sayRate: DEFAULT_SAY_RATE, commandRate: DEFAULT_COMMAND_RATE });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
    removeTempFiles();
  });

  it('refuses says over the limit with RATE_LIMITED, stores none of them, and keeps well-behaved clients fast and lossless', async () => {
    const flooders = await Promise.all(range(1, FLOODERS).map((i) => join(`flood${i}`)));
    const good = await Promise.all(range(1, GOOD).map((i) => join(`good${i}`)));

    // Flooders fire their bursts one after another across the good clients' whole window.
    const flooding = Promise.all(
      flooders.map(async (client, i) => {
        await sleep((i * GOOD_SAYS * GOOD_EVERY_MS) / FLOODERS);
        return Promise.all(range(1, FLOOD_BURST).map((k) => attempt(client, `f${i}-${k}`)));
      }),
    );
    const latencies: number[] = [];
    const talking = Promise.all(
      good.map(async (client, g) => {
        const said: { cid: string; seq: number }[] = [];
        for (let k = 1; k <= GOOD_SAYS; k++) {
          const started = performance.now();
          const cid = `g${g}-${k}`;
          said.push({ cid, seq: (await client.call('say', { text: cid, cid })).seq });
          latencies.push(performance.now() - started);
          await sleep(GOOD_EVERY_MS);
        }
        return said;
      }),
    );
    const floods = (await flooding).flat();
    const goodSaid = (await talking).flat();

    const accepted = floods.filter((r): r is { cid: string; seq: number } => 'seq' in r);
    const refused = floods.filter((r): r is { cid: string; refused: string } => 'refused' in r);
    expect(new Set(refused.map((r) => r.refused))).to.deep.equal(new Set([ErrorCode.RateLimited]));
    // Each flooder gets its burst and what refills while its burst is handled, no more.
    expect(accepted.length, 'flood says accepted').to.be.at.most(FLOODERS * (DEFAULT_SAY_RATE.burst + 5));
    expect(accepted.length, 'flood says accepted').to.be.at.least(FLOODERS * DEFAULT_SAY_RATE.burst);
    expect(
      clients.every((c) => c.socket.readyState === c.socket.OPEN),
      'nobody closed: under the abuse threshold',
    ).to.equal(true);

    // Everything stored is numbered 1..N with no gap, and N counts accepted says only.
    const total = accepted.length + goodSaid.length;
    expect([...accepted, ...goodSaid].map((s) => s.seq).sort((a, b) => a - b)).to.deep.equal(range(1, total));
    const refusedCids = new Set(refused.map((r) => r.cid));
    for (const [g, client] of good.entries()) {
      await client.until(() => client.seqs('lobby').length === total - GOOD_SAYS, `good${g + 1} hears every other message`, 10_000);
      const own = goodSaid.filter((s) => s.cid.startsWith(`g${g}-`)).map((s) => s.seq);
      expect(
        [...client.seqs('lobby'), ...own].sort((a, b) => a - b),
        `good${g + 1} lost or doubled nothing`,
      ).to.deep.equal(range(1, total));
      expect(
        client.texts('lobby').filter((t) => refusedCids.has(t)),
        'refused says broadcast',
      ).to.deep.equal([]);
    }

    const sorted = [...latencies].sort((a, b) => a - b);
    const p99 = sorted[Math.ceil(sorted.length * 0.99) - 1]!;
    const p50 = sorted[Math.floor(sorted.length / 2)]!;
    console.log(
      `      flood: ${FLOODERS} clients × ${FLOOD_BURST} says at once (limit ${DEFAULT_SAY_RATE.perSecond}/s, burst ${DEFAULT_SAY_RATE.burst}): ` +
        `${accepted.length} stored, ${refused.length} refused with RATE_LIMITED; ${GOOD} well-behaved clients lost 0 of ${total} ` +
        `and their says took p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
    );
    expect(p99, 'p99 say latency of well-behaved clients, ms').to.be.below(250);
  });

  it('closes a connection that keeps calling over its limit with 4004', async () => {
    const mallory = await join('mallory');
    const outcomes = await Promise.all(range(1, 200).map((k) => attempt(mallory, `m${k}`).catch(() => ({ cid: `m${k}`, lost: true }))));
    const closed = await mallory.closed;
    const refused = outcomes.filter((o) => 'refused' in o).length;
    console.log(`      flood: one client × 200 says at once: ${refused} refused, then closed with ${closed.code} (${closed.reason})`);
    expect(closed.code).to.equal(CloseCode.RateLimitAbuse);
    expect(refused, 'refusals before the close').to.be.within(DEFAULT_MAX_RATE_REFUSALS + 1, DEFAULT_MAX_RATE_REFUSALS + 3);
  });

  it('counts commands apart from says', async () => {
    const ana = await join('ana');
    const says = await Promise.all(range(1, DEFAULT_SAY_RATE.burst + 1).map((k) => attempt(ana, `a${k}`)));
    expect(says.filter((s) => 'refused' in s).length, 'says over the burst').to.be.at.least(1);
    const commands = await Promise.all(
      range(1, DEFAULT_COMMAND_RATE.burst + 3).map((k) =>
        ana
          .call('command', { line: '-where' })
          .then(
            () => 'ok',
            (e: CallError) => e.code,
          )
          .then((r) => `${k}:${r}`),
      ),
    );
    const refusedCommands = commands.filter((c) => c.endsWith(ErrorCode.RateLimited)).length;
    console.log(
      `      flood: after ${says.length} says, ${commands.length} commands at once: ${commands.length - refusedCommands} ran, ${refusedCommands} refused`,
    );
    expect(commands.length - refusedCommands, 'commands run after the says ran out').to.be.within(
      DEFAULT_COMMAND_RATE.burst,
      DEFAULT_COMMAND_RATE.burst + 1,
    );
    expect(refusedCommands).to.be.at.least(2);
  });
});
