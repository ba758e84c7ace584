import { expect } from 'chai';
import { STORES, removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';

for (const store of STORES) {
  describe(`coalescing of one turn's messages (${store} store)`, () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer(store);
    });
    afterEach(async () => {
      await server.close();
      removeTempFiles();
    });

    it('sends the says that arrive together as one frame per member, in order, none back to their senders', async () => {
      const ana = await server.joined('ana');
      const bob = await server.joined('bob');
      const cat = await server.joined('cat');
      // Sent back to back: they reach the server in one read and are handled in one turn.
      const said = await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => bob.call('say', { text: `bob ${i}`, cid: `b${i}` })),
        ...Array.from({ length: 5 }, (_, i) => cat.call('say', { text: `cat ${i}`, cid: `c${i}` })),
      ]);
      expect(said.map((s) => s.seq).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 15 }, (_, i) => i + 1));
      await ana.until(() => ana.seqs('lobby').length === 15, 'fifteen messages');
      expect(ana.seqs('lobby')).to.deep.equal(Array.from({ length: 15 }, (_, i) => i + 1));
      expect(ana.pushesOf('userSay').length, 'frames for 15 messages').to.be.lessThan(15);
      await bob.until(() => bob.seqs('lobby').length === 5, "cat's messages");
      await cat.until(() => cat.seqs('lobby').length === 10, "bob's messages");
      expect(bob.texts('lobby')).to.deep.equal(['cat 0', 'cat 1', 'cat 2', 'cat 3', 'cat 4']);
      expect(cat.texts('lobby')).to.deep.equal(Array.from({ length: 10 }, (_, i) => `bob ${i}`));
      await Promise.all([ana.close(), bob.close(), cat.close()]);
    });

    it('keeps messages before a leave notice that follows them in the same turn', async () => {
      const ana = await server.joined('ana');
      const bob = await server.joined('bob');
      const saying = bob.call('say', { text: 'bye all', cid: 'bye' });
      const leaving = bob.call('leave', {});
      await Promise.all([saying, leaving]);
      await ana.until(() => ana.pushesOf('userLeave').length === 1, 'leave');
      const order = ana.pushes.map((p) => p.method).filter((m) => m === 'userSay' || m === 'userLeave');
      expect(order).to.deep.equal(['userSay', 'userLeave']);
      await Promise.all([ana.close(), bob.close()]);
    });
  });
}
