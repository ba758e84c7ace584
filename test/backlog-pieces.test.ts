import { expect } from 'chai';
import { BACKLOG_PIECE_BYTES } from '../packages/server/src/send-backlog.js';
import type { TestClient } from './support/test-client.js';
import { STORES, removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';

const MESSAGES = 300;
const TEXT = 'é'.repeat(1_000); // 2 KB each in UTF-8: the backlog is ~10 pieces

for (const store of STORES) {
  describe(`a long backlog goes out in pieces (${store})`, function () {
    this.timeout(30_000);
    let server: TestServer;
    const clients: TestClient[] = [];
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

    it(`of at most ${BACKLOG_PIECE_BYTES / 1024} KiB each, in number order, before the live messages`, async () => {
      const talker = await server.client();
      clients.push(talker);
      const { epoch } = (await talker.call('identify', { nick: 'talker', place: 'hall' })).place;
      for (let said = 0; said < MESSAGES;) {
        await Promise.all(Array.from({ length: 50 }, () => talker.call('say', { text: TEXT, cid: `c${++said}` })));
      }
      const reader = await server.client();
      clients.push(reader);
      await reader.call('identify', { nick: 'reader', place: 'hall', since: [{ place: 'hall', seq: 0, epoch }] });
      await talker.call('say', { text: 'live', cid: 'live' });
      await reader.until(() => reader.seqs('hall').length === MESSAGES + 1, 'the backlog and the live line', 10_000);
      expect(reader.seqs('hall')).to.deep.equal(Array.from({ length: MESSAGES + 1 }, (_, i) => i + 1));
      const pieces = reader.pushesOf('userSay').filter((p) => p.messages.length > 1 || p.messages[0]!.text !== 'live');
      expect(pieces.length).to.be.greaterThan(5);
      for (const params of pieces) {
        expect(Buffer.byteLength(JSON.stringify({ type: 'push', method: 'userSay', params }))).to.be.at.most(BACKLOG_PIECE_BYTES);
      }
      expect(reader.pushesOf('gap')).to.deep.equal([]);
    });
  });
}
