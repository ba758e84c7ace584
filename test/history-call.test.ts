import { expect } from 'chai';
import { ErrorCode, HISTORY_PAGE_MAX, type HistoryPage } from '@itmchat/protocol';
import { BACKLOG_PIECE_BYTES } from '../packages/server/src/send-backlog.js';
import type { TestClient } from './support/test-client.js';
import { STORES, removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';

const MESSAGES = 300;

/** Says `count` lines numbered from 1 in the talker's place, 50 in flight at a time. */
async function fill(talker: TestClient, count: number, text: (n: number) => string = (n) => `line ${n}`): Promise<void> {
  for (let said = 0; said < count;) {
    const batch = Math.min(50, count - said);
    await Promise.all(Array.from({ length: batch }, () => ++said).map((n) => talker.call('say', { text: text(n), cid: `c${n}` })));
  }
}

/** One history call: the numbers its pieces held (in order), and its reply. */
async function page(reader: TestClient, before: number, limit?: number): Promise<{ seqs: number[]; reply: HistoryPage; pieces: number }> {
  const start = reader.pushesOf('history').length;
  const reply = await reader.call('history', limit === undefined ? { before } : { before, limit });
  const pieces = reader.pushesOf('history').slice(start);
  return { seqs: pieces.flatMap((p) => p.messages.map((m) => m.seq)), reply, pieces: pieces.length };
}

for (const store of STORES) {
  describe(`paging back through a place's history (${store})`, function () {
    this.timeout(30_000);
    let server: TestServer;
    const clients: TestClient[] = [];
    const connect = async () => {
      const client = await server.client();
      clients.push(client);
      return client;
    };
    before(async () => {
      server = await startTestServer(store);
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
    });
    after(async () => {
      await server.close();
      removeTempFiles();
    });

    it('a newcomer pages back from the join backlog to message 1, 100 at a time, each number once, then hears there is nothing older', async () => {
      const talker = await connect();
      const { epoch } = (await talker.call('identify', { nick: 'talker', place: 'hall' })).place;
      await fill(talker, MESSAGES);
      const reader = await connect();
      await reader.call('identify', { nick: 'reader', place: 'hall' });
      await reader.until(() => reader.seqs('hall').length === 50, 'the join backlog');
      let before = reader.seqs('hall')[0]!;
      expect(before).to.equal(MESSAGES - 49);
      const seen: number[] = [];
      for (;;) {
        const { seqs, reply } = await page(reader, before);
        expect(reply).to.include({ place: 'hall', epoch, oldest: 1 });
        if (seqs.length === 0) {
          expect(reply.from > reply.to, 'an empty page says so').to.equal(true);
          break;
        }
        expect(seqs, 'one page, in number order, just before the last').to.deep.equal(
          Array.from({ length: Math.min(HISTORY_PAGE_MAX, before - 1) }, (_, i) => before - Math.min(HISTORY_PAGE_MAX, before - 1) + i),
        );
        expect([reply.from, reply.to]).to.deep.equal([seqs[0], seqs.at(-1)]);
        seen.unshift(...seqs);
        before = reply.from;
      }
      expect(seen).to.deep.equal(Array.from({ length: MESSAGES - 50 }, (_, i) => i + 1));
      // The pages were asked for, not pushed live: the live log of the place is untouched.
      expect(reader.seqs('hall')).to.have.length(50);
    });

    it('takes a smaller limit, and refuses a limit over 100 or a visitor who has not joined', async () => {
      const talker = await connect();
      await talker.call('identify', { nick: 'porter', place: 'porch' });
      await fill(talker, 20);
      const { seqs, reply } = await page(talker, 11, 3);
      expect(seqs).to.deep.equal([8, 9, 10]);
      expect(reply).to.include({ from: 8, to: 10, oldest: 1 });
      expect(await talker.refusal('history', { before: 11, limit: HISTORY_PAGE_MAX + 1 })).to.equal(ErrorCode.BadFrame);
      const stranger = await connect();
      expect(await stranger.refusal('history', { before: 5 })).to.equal(ErrorCode.NotJoined);
    });

    it('sends long messages in pieces of at most 64 KiB', async () => {
      const talker = await connect();
      await talker.call('identify', { nick: 'attic-talker', place: 'attic' });
      await fill(talker, 120, (n) => `${n} ${'é'.repeat(1_900)}`);
      const { seqs, pieces } = await page(talker, 121);
      expect(seqs).to.deep.equal(Array.from({ length: 100 }, (_, i) => i + 21));
      expect(pieces).to.be.greaterThan(2);
      for (const params of talker.pushesOf('history')) {
        expect(Buffer.byteLength(JSON.stringify({ type: 'push', method: 'history', params }))).to.be.at.most(BACKLOG_PIECE_BYTES);
      }
    });
  });
}

describe('paging back stops at what the place keeps, and is rate-limited', function () {
  this.timeout(30_000);
  let server: TestServer | null = null;
  const clients: TestClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.close();
    server = null;
    removeTempFiles();
  });

  it('says the oldest number kept once older ones were trimmed', async () => {
    server = await startTestServer('sqlite', { historyLimit: 30, joinBacklog: 5 });
    const talker = await server.client();
    clients.push(talker);
    await talker.call('identify', { nick: 'talker', place: 'hall' });
    await fill(talker, 80);
    const { seqs, reply } = await page(talker, 76);
    expect(seqs).to.deep.equal(Array.from({ length: 25 }, (_, i) => i + 51));
    expect(reply).to.include({ from: 51, to: 75, oldest: 51 });
    expect((await page(talker, 51)).seqs).to.deep.equal([]);
  });

  it('draws from the command rate: a burst past it is refused RATE_LIMITED with a retry time', async () => {
    server = await startTestServer('memory', { commandRate: { perSecond: 1, burst: 3 } });
    const talker = await server.client();
    clients.push(talker);
    await talker.call('identify', { nick: 'talker', place: 'hall' });
    await fill(talker, 5);
    const codes = await Promise.all(Array.from({ length: 5 }, () => talker.refusal('history', { before: 6 }).catch(() => 'ok')));
    expect(codes.filter((code) => code === ErrorCode.RateLimited)).to.have.length(2);
  });
});
