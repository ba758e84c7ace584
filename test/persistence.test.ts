import { expect } from 'chai';
import { CloseCode, ErrorCode } from '@itmchat/protocol';
import { MemoryStore, type MessageDraft } from '@itmchat/server';
import { removeTempFiles, startTestServer, tempDataFile } from './support/test-server.js';

describe('persistence on the SQLite file', () => {
  afterEach(removeTempFiles);

  it('keeps numbering, epochs and history across a restart, and resumes across it', async () => {
    const dataFile = tempDataFile();
    const first = await startTestServer('sqlite', { dataFile });
    // The client's author key, as the bridge keeps it: a cid stays ana's across the restart.
    const author = 'ana-author-key-0123456789';
    const ana = await first.client();
    const { token } = await ana.call('identify', { nick: 'ana', author });
    await ana.call('goto', { place: 'kitchen' });
    for (let i = 1; i <= 3; i++) await ana.call('say', { text: `before ${i}`, cid: `b${i}` });
    const epoch = (await ana.call('goto', { place: 'kitchen' })).epoch;
    const closing = ana.closed;
    await first.close();
    expect((await closing).code).to.equal(CloseCode.GoingAway);

    const second = await startTestServer('sqlite', { dataFile });
    try {
      const back = await second.client();
      // The session was kept too: ana resumes it, in kitchen.
      const joined = await back.call('resume', { token, since: [{ place: 'kitchen', seq: 1, epoch }] });
      expect(joined.place).to.include({ epoch, head: 3 });
      await back.until(() => back.seqs('kitchen').length === 2, 'missed messages');
      expect(back.texts('kitchen')).to.deep.equal(['before 2', 'before 3']);
      expect((await back.call('say', { text: 'after', cid: 'a1' })).seq).to.equal(4);
      // The cid stored before the restart is still known: a late retry is not stored twice.
      expect(await back.call('say', { text: 'before 3', cid: 'b3' })).to.include({ seq: 3, duplicate: true });
      await back.close();
    } finally {
      await second.close();
    }
  });

  it('lets a call in flight finish, refuses new ones, then closes with 1001', async () => {
    /** Appends take 200 ms, and say when one starts: shutdown then begins with a say in flight. */
    let appending!: () => void;
    const appendStarted = new Promise<void>((resolve) => (appending = resolve));
    class SlowAppendStore extends MemoryStore {
      override async append(drafts: readonly MessageDraft[]) {
        appending();
        await new Promise((resolve) => setTimeout(resolve, 200));
        return super.append(drafts);
      }
    }
    const server = await startTestServer(new SlowAppendStore({ historyLimit: 10 }));
    const ana = await server.joined('ana');
    const bob = await server.joined('bob');
    const said = ana.call('say', { text: 'last words', cid: 'last' });
    await appendStarted;
    const closing = server.close();
    expect(await bob.refusal('command', { line: '-where' })).to.equal(ErrorCode.ShuttingDown);
    expect((await said).seq).to.equal(1);
    await closing;
    expect((await ana.closed).code).to.equal(CloseCode.GoingAway);
  });
});
