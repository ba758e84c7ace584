import { expect } from 'chai';
import { LocalDirectory, localCluster } from '../src/backplane/local-cluster.js';
import { Chat } from '../src/chat.js';
import { resolveOptions } from '../src/validate-options.js';
import type { Peer } from '../src/peer.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { StoreUnavailableError } from '../src/store/store.js';

/** A cluster directory that cannot list members right now (Redis timing out), all else working. */
class DirectoryDown extends LocalDirectory {
  override async members(): Promise<string[]> {
    throw new StoreUnavailableError('members: Command timed out');
  }
}

function peer(): Peer {
  return { session: null, ip: '127.0.0.1', push: () => {}, catchUp: () => {}, sendPaced: async () => {}, close: () => {} };
}

describe('chat: a directory that cannot answer after a join is done', () => {
  it("still answers identify, resume and goto, with this node's members, so no visitor is left holding a nick without its token", async () => {
    const chat = new Chat(
      new MemoryStore({ historyLimit: 10 }),
      resolveOptions({ dataFile: ':memory:' }),
      Date.now,
      localCluster(new DirectoryDown()),
    );
    const bob = peer();
    await chat.identify(bob, { nick: 'bob' });
    const ana = peer();
    const joined = await chat.identify(ana, { nick: 'ana' });
    expect(joined.token).to.be.a('string');
    expect(joined.place.members).to.deep.equal(['bob', 'ana']);
    chat.detach(ana);
    const back = peer();
    expect((await chat.resume(back, { token: joined.token })).place.members).to.deep.equal(['bob', 'ana']);
    expect((await chat.moveTo(back.session!, 'kitchen', undefined)).members).to.deep.equal(['ana']);
    // A command that needs the whole directory still fails, as a passing outage (STORE_UNAVAILABLE on the wire).
    const refusal = await chat.handle(bob, { type: 'call', id: 1, method: 'command', params: { line: '-folks' } }).catch((e: Error) => e);
    expect(refusal).to.be.instanceOf(StoreUnavailableError);
    chat.shutdown();
  });
});
