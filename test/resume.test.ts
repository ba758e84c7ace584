import { expect } from 'chai';
import { MemoryStore } from '@itmchat/server';
import { STORES, removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';
import type { TestClient } from './support/test-client.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

for (const store of STORES) {
  describe(`history and resume (${store} store)`, () => {
    let server: TestServer;
    const clients: TestClient[] = [];
    const track = (client: TestClient) => (clients.push(client), client);

    beforeEach(async () => {
      server = await startTestServer(store, { historyLimit: 20, joinBacklog: 5 });
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await server.close();
      removeTempFiles();
    });

    async function sayMany(client: TestClient, count: number, prefix: string): Promise<void> {
      for (let i = 0; i < count; i++) await client.call('say', { text: `${prefix}${i}`, cid: `${prefix}${i}` });
    }

    /** Ana joins, reads `heard` of bob's messages live, drops; bob says `missed` more; ana resumes. */
    async function dropAndResume(heard: number, missed: number) {
      const bob = track(await server.joined('bob'));
      const ana = await server.client();
      const joined = await ana.call('identify', { nick: 'ana' });
      await sayMany(bob, heard, 'before');
      await ana.until(() => ana.seqs('lobby').length === heard, 'live messages');
      await ana.close();
      await sayMany(bob, missed, 'during');
      const back = track(await server.client());
      const resumed = await back.call('resume', {
        token: joined.token,
        since: [{ place: 'lobby', seq: heard, epoch: joined.place.epoch }],
      });
      return { back, resumed, epoch: joined.place.epoch };
    }

    it('resume sends exactly the messages missed, and nothing older', async () => {
      const { back, resumed } = await dropAndResume(4, 7);
      expect(resumed.place.head).to.equal(11);
      await back.until(() => back.seqs('lobby').length >= 7, 'backlog');
      await back.call('command', { line: '-where' }); // anything more would have arrived by now
      expect(back.seqs('lobby')).to.deep.equal(range(5, 11));
      expect(back.texts('lobby')).to.deep.equal(range(0, 6).map((i) => `during${i}`));
      expect(back.pushesOf('gap')).to.deep.equal([]);
    });

    it('resume with nothing missed sends no message at all', async () => {
      const { back } = await dropAndResume(3, 0);
      await back.call('command', { line: '-where' });
      expect(back.pushesOf('userSay')).to.deep.equal([]);
    });

    it('says so with a gap when the missed messages outran the history, then sends what is kept', async () => {
      const { back, epoch } = await dropAndResume(2, 30);
      await back.until(() => back.pushesOf('gap').length === 1 && back.seqs('lobby').length === 20, 'gap and backlog');
      expect(back.pushesOf('gap')[0]).to.deep.equal({ place: 'lobby', epoch, reason: 'trimmed', missed: { from: 3, to: 12 } });
      expect(back.seqs('lobby')).to.deep.equal(range(13, 32));
      // The gap comes first. With the Redis place bus the last say may still be on its way
      // through pub/sub when the resume is planned, so it can follow the backlog in its own frame.
      const order = back.pushes.map((p) => p.method).filter((m) => m !== 'hello');
      expect(order[0]).to.equal('gap');
      expect(new Set(order.slice(1))).to.deep.equal(new Set(['userSay']));
      if (store !== 'redis') expect(order).to.have.length(2);
    });

    it('tells a client holding another epoch to drop its copy, then sends the recent backlog', async () => {
      const bob = track(await server.joined('bob'));
      await sayMany(bob, 8, 'm');
      const ana = track(await server.client());
      await ana.call('identify', { nick: 'ana', since: [{ place: 'lobby', seq: 3, epoch: 'an-old-epoch' }] });
      await ana.until(() => ana.seqs('lobby').includes(8), 'backlog');
      expect(ana.pushesOf('gap')[0]).to.deep.include({ reason: 'epoch', missed: null });
      // The recent backlog, then anything live. With the Redis place bus the last say may still be
      // on its way through pub/sub when the backlog is planned: it then follows the backlog live,
      // and the backlog starts one earlier. Either way consecutive, each once, ending at 8.
      const seqs = ana.seqs('lobby');
      expect(seqs.slice(-5)).to.deep.equal(range(4, 8));
      expect(seqs).to.deep.equal(range(seqs[0]!, 8));
      if (store !== 'redis') expect(seqs).to.have.length(5);
    });

    it('gives a newcomer the recent backlog, and a returning visitor only what is new', async () => {
      const bob = track(await server.joined('bob'));
      await sayMany(bob, 9, 'm');
      const fresh = track(await server.joined('ana'));
      await fresh.until(() => fresh.seqs('lobby').at(-1) === 9, 'join backlog');
      // With the Redis place bus the last say may still be on its way through pub/sub at the join:
      // the backlog then ends one earlier and starts one earlier, and the last comes live.
      const first = store === 'redis' ? fresh.seqs('lobby')[0]! : 5;
      expect(first).to.be.within(4, 5);
      expect(fresh.seqs('lobby')).to.deep.equal(range(first, 9));
      const epoch = (await bob.call('goto', { place: 'lobby' })).epoch;
      const returning = track(await server.client());
      await returning.call('identify', { nick: 'cat', since: [{ place: 'LOBBY', seq: 7, epoch }] });
      await returning.until(() => returning.seqs('lobby').length === 2, 'new messages');
      expect(returning.seqs('lobby')).to.deep.equal([8, 9]);
    });

    it('sends nothing again on a goto to the place the visitor is already in', async () => {
      const bob = track(await server.joined('bob'));
      await sayMany(bob, 3, 'm');
      const ana = track(await server.joined('ana'));
      await ana.until(() => ana.seqs('lobby').length === 3, 'join backlog');
      expect(await ana.call('goto', { place: 'lobby' })).to.include({ name: 'lobby', head: 3 });
      await ana.call('command', { line: '-goto lobby' });
      await ana.call('command', { line: '-where' });
      expect(ana.seqs('lobby')).to.deep.equal([1, 2, 3]);
    });

    it('sends goto backlog from the position given for the target place', async () => {
      const bob = track(await server.joined('bob', 'kitchen'));
      await sayMany(bob, 6, 'k');
      const ana = track(await server.joined('ana'));
      const kitchen = await ana.call('goto', {
        place: 'kitchen',
        since: { seq: 4, epoch: (await bob.call('goto', { place: 'kitchen' })).epoch },
      });
      expect(kitchen.head).to.equal(6);
      await ana.until(() => ana.seqs('kitchen').length === 2, 'kitchen backlog');
      expect(ana.seqs('kitchen')).to.deep.equal([5, 6]);
    });

    it('stores a retried say once: same cid, same number, no second broadcast', async () => {
      const bob = track(await server.joined('bob'));
      const ana = await server.client();
      const { token } = await ana.call('identify', { nick: 'ana' });
      const first = await ana.call('say', { text: 'only once', cid: 'retry-me' });
      await ana.close();
      const back = track(await server.client());
      await back.call('resume', { token });
      const retry = await back.call('say', { text: 'only once', cid: 'retry-me' });
      expect(retry).to.deep.equal({ ...first, duplicate: true });
      expect((await back.call('say', { text: 'next', cid: 'another' })).seq).to.equal(first.seq + 1);
      await bob.until(() => bob.seqs('lobby').length === 2, 'two messages');
      expect(bob.texts('lobby')).to.deep.equal(['only once', 'next']);
    });

    it('delivers live messages that arrive during a long backlog after it, in order', async () => {
      const bob = track(await server.joined('bob'));
      const ana = await server.client();
      const joined = await ana.call('identify', { nick: 'ana' });
      await ana.close();
      await sayMany(bob, 15, 'old');
      const back = track(await server.client());
      const resuming = back.call('resume', { token: joined.token, since: [{ place: 'lobby', seq: 0, epoch: joined.place.epoch }] });
      const live = Array.from({ length: 10 }, (_, i) => bob.call('say', { text: `live${i}`, cid: `live${i}` }));
      await Promise.all([resuming, ...live]);
      await back.until(() => back.seqs('lobby').at(-1) === 25, 'up to 25');
      await back.call('command', { line: '-where' });
      // A store that trims on every append (Redis) may drop the oldest while the backlog is read: then a gap says exactly which.
      const trimmed = back.pushesOf('gap')[0]?.missed;
      expect(back.pushesOf('gap').length).to.be.at.most(1);
      expect(back.seqs('lobby')).to.deep.equal(range(trimmed ? trimmed.to + 1 : 1, 25));
      if (trimmed) expect(trimmed.from).to.equal(1);
    });
  });
}

describe('catch-up ordering with a slow store', () => {
  /** History reads take 150 ms, as a networked store might: live messages must wait behind the backlog. */
  class SlowHistoryStore extends MemoryStore {
    override async readRange(place: string, from: number, to: number) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return super.readRange(place, from, to);
    }
  }

  it('holds live messages until the backlog is out, so numbers arrive in order', async () => {
    const server = await startTestServer(new SlowHistoryStore({ historyLimit: 100 }), { joinBacklog: 50 });
    try {
      const bob = await server.joined('bob');
      for (let i = 0; i < 5; i++) await bob.call('say', { text: `old${i}`, cid: `old${i}` });
      const ana = await server.client();
      const joining = ana.call('identify', { nick: 'ana' });
      await ana.until(() => ana.pushes.some((p) => p.method === 'hello'), 'hello');
      await joining;
      for (let i = 0; i < 5; i++) await bob.call('say', { text: `live${i}`, cid: `live${i}` });
      await ana.until(() => ana.seqs('lobby').length === 10, 'all ten');
      expect(ana.seqs('lobby')).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(ana.pushesOf('userSay')[0]!.messages.map((m) => m.seq)).to.deep.equal([1, 2, 3, 4, 5]);
      await Promise.all([ana.close(), bob.close()]);
    } finally {
      await server.close();
    }
  });
});
