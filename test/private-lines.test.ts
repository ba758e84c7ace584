import { expect } from 'chai';
import { ErrorCode } from '@itmchat/protocol';
import { STORES, removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';
import type { TestClient } from './support/test-client.js';

const authorOf = (name: string) => `author-${name}-0123456789abcdef`;

for (const store of STORES) {
  describe(`private lines and the regular's commands (${store} store)`, () => {
    let server: TestServer;
    const clients: TestClient[] = [];
    /** Every frame each client received, as sent: a private line must appear in no one else's. */
    const raw = new Map<TestClient, string[]>();
    const connect = async () => {
      const client = await server.client();
      clients.push(client);
      const frames: string[] = [];
      raw.set(client, frames);
      client.socket.on('message', (data) => frames.push(data.toString()));
      return client;
    };
    const join = async (nick: string, place?: string, author = authorOf(nick)) => {
      const client = await connect();
      const joined = await client.call('identify', { nick, author, release: 3, ...(place ? { place } : {}) });
      return Object.assign(client, { joined });
    };
    /** A round trip, so any stray push sent before it has arrived. */
    const settle = (client: TestClient) => client.call('command', { line: '-where' });

    beforeEach(async () => {
      server = await startTestServer(store);
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      raw.clear();
      await server.close();
      removeTempFiles();
    });

    it('-me is a say of kind action: numbered, shown to the place, kept in its history', async () => {
      const ana = await join('ana');
      const bob = await join('bob');
      const said = await ana.call('say', { text: 'waves', cid: 'm1', kind: 'action' });
      expect(said).to.include({ place: 'lobby', seq: 1, duplicate: false });
      await bob.until(() => bob.seqs('lobby').length === 1, 'the action');
      expect(bob.pushesOf('userSay')[0]!.messages[0]).to.deep.include({ seq: 1, nick: 'ana', text: 'waves', kind: 'action' });
      const cat = await join('cat');
      await cat.until(() => cat.seqs('lobby').length === 1, 'the backlog');
      expect(cat.pushesOf('userSay')[0]!.messages[0]).to.deep.include({ kind: 'action', text: 'waves' });
      expect(await ana.call('say', { text: 'waves', cid: 'm1', kind: 'action' })).to.include({ seq: 1, duplicate: true });
    });

    it('-topic shows, sets and clears the topic: numbered, told to everyone, carried in the place state', async () => {
      const ana = await join('ana');
      const bob = await join('bob');
      expect(await ana.call('command', { line: '-topic' })).to.deep.equal({ command: 'topic', place: 'lobby', topic: null, set: false });
      expect(await ana.call('command', { line: '-topic Tea at five' })).to.deep.equal({
        command: 'topic',
        place: 'lobby',
        topic: 'Tea at five',
        set: true,
      });
      for (const client of [ana, bob]) {
        await client.until(() => client.seqs('lobby').length === 1, 'the topic line');
        expect(client.pushesOf('userSay')[0]!.messages[0]).to.deep.include({ seq: 1, nick: 'ana', kind: 'topic', text: 'Tea at five' });
      }
      expect(await bob.call('command', { line: '-topic' })).to.include({ topic: 'Tea at five', set: false });
      const cat = await join('cat');
      expect(cat.joined.place.topic).to.equal('Tea at five');
      expect((await cat.call('goto', { place: 'kitchen' })).topic).to.equal(undefined);
      expect((await cat.call('goto', { place: 'lobby' })).topic).to.equal('Tea at five');
      await bob.call('command', { line: '-topic -' });
      await ana.until(() => ana.seqs('lobby').length === 2, 'the clearing');
      expect(ana.pushesOf('userSay')[1]!.messages[0]).to.deep.include({ kind: 'topic', text: '' });
      expect(await ana.call('command', { line: '-topic' })).to.include({ topic: null });
      expect(await ana.refusal('command', { line: `-topic ${'x'.repeat(161)}` })).to.equal(ErrorCode.CommandUsage);
    });

    it('-nick changes the nick without leaving: the place is told, the old nick is free, uniqueness holds', async () => {
      const ana = await join('ana');
      const bob = await join('bob');
      expect(await ana.refusal('command', { line: '-nick BOB' })).to.equal(ErrorCode.NickTaken);
      expect(await ana.refusal('command', { line: '-nick b0b' })).to.equal(ErrorCode.NickTaken);
      expect(await ana.refusal('command', { line: '-nick bad!' })).to.equal(ErrorCode.InvalidNick);
      expect(await ana.call('command', { line: '-nick anna' })).to.deep.equal({ command: 'nick', nick: 'anna' });
      for (const client of [ana, bob]) {
        await client.until(() => client.seqs('lobby').length === 1, 'the nick line');
        expect(client.pushesOf('userSay')[0]!.messages[0]).to.deep.include({ kind: 'nick', nick: 'ana', text: 'anna' });
      }
      expect(await bob.call('command', { line: '-folks' })).to.deep.include({ members: ['anna', 'bob'] });
      expect(await bob.call('command', { line: '-where is anna' })).to.include({ place: 'lobby' });
      const said = await ana.call('say', { text: 'hello', cid: 'n1' });
      await bob.until(() => bob.seqs('lobby').includes(said.seq), 'her line');
      expect(bob.pushesOf('userSay').at(-1)!.messages[0]).to.include({ nick: 'anna' });
      // The old nick is free at once; the new one is held, also across a resume.
      await join('ana', 'kitchen', authorOf('ana2'));
      const resumed = await connect();
      const again = await resumed.call('resume', { token: ana.joined.token });
      expect(again.nick).to.equal('anna');
      expect(await (await connect()).refusal('identify', { nick: 'Anna' })).to.equal(ErrorCode.NickTaken);
    });

    it('-away and -back: shown in -folks and to newcomers, told to the place (to clients that read it), kept across a move', async () => {
      const ana = await join('ana');
      const bob = await join('bob');
      const old = await connect();
      await old.call('identify', { nick: 'olga' });
      expect(await ana.call('command', { line: '-away gone for tea' })).to.deep.equal({ command: 'away', away: 'gone for tea' });
      await bob.until(() => bob.pushesOf('userAway').length === 1, 'the away push');
      expect(bob.pushesOf('userAway')[0]).to.deep.equal({ place: 'lobby', nick: 'ana', away: 'gone for tea' });
      expect(await bob.call('command', { line: '-folks' })).to.deep.equal({
        command: 'folks',
        place: 'lobby',
        members: ['ana', 'bob', 'olga'],
        away: [{ nick: 'ana', message: 'gone for tea' }],
      });
      const cat = await join('cat');
      expect(cat.joined.place.away).to.deep.equal([{ nick: 'ana', message: 'gone for tea' }]);
      await ana.call('goto', { place: 'kitchen' });
      expect((await cat.call('goto', { place: 'kitchen' })).away).to.deep.equal([{ nick: 'ana', message: 'gone for tea' }]);
      expect(await ana.call('command', { line: '-back' })).to.deep.equal({ command: 'away', away: null });
      await cat.until(() => cat.pushesOf('userAway').some((p) => p.away === null), 'the back push');
      expect(await cat.call('command', { line: '-folks' })).to.not.have.property('away');
      await old.call('command', { line: '-where' });
      expect(
        old.pushes.some((p) => (p.method as string) === 'userAway'),
        'nothing an older client cannot read',
      ).to.equal(false);
      expect(ana.pushesOf('userAway'), 'not told of its own').to.deep.equal([]);
    });

    it('typing: told to the place (at most one per 3 s a visitor) and to a private conversation, never numbered, off in large places', async () => {
      const ana = await join('ana');
      const bob = await join('bob');
      const old = await connect();
      await old.call('identify', { nick: 'olga' });
      expect(await ana.call('typing', {})).to.deep.equal({});
      expect(await ana.call('typing', {})).to.deep.equal({}); // too soon: answered, not passed on
      await bob.until(() => bob.pushesOf('userTyping').length === 1, 'the indicator');
      expect(bob.pushesOf('userTyping')[0]).to.deep.equal({ place: 'lobby', nick: 'ana' });
      // Privately: only once the two have a conversation, and only to the other side.
      expect(await bob.call('typing', { to: 'ana' })).to.deep.equal({});
      const said = await ana.call('say', { text: 'hi', cid: 't1', to: 'bob' });
      const cat = await join('cat');
      await cat.call('typing', {});
      await bob.until(() => bob.pushesOf('userTyping').length === 2, "cat's indicator");
      await new Promise((resolve) => setTimeout(resolve, 3_100));
      await bob.call('typing', { to: 'ana' });
      await ana.until(() => ana.pushesOf('userTyping').some((p) => p.place === said.place), 'the private indicator');
      await Promise.all([cat, old].map(settle));
      expect(cat.pushesOf('userTyping').filter((p) => p.place === said.place)).to.deep.equal([]);
      expect(
        old.pushes.some((p) => (p.method as string) === 'userTyping'),
        'nothing an older client cannot read',
      ).to.equal(false);
      expect(bob.seqs('lobby'), 'never numbered').to.deep.equal([]);
      // A place larger than typingMaxMembers gets none.
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await server.close();
      server = await startTestServer(store, { typingMaxMembers: 1 });
      const dan = await join('dan');
      const eve = await join('eve');
      await dan.call('typing', {});
      await settle(eve);
      expect(eve.pushesOf('userTyping')).to.deep.equal([]);
    }).timeout(15_000);

    it('answers -nick and -topic only to a client that reads release 3 (an older one could not decode the answer)', async () => {
      const old = await connect();
      await old.call('identify', { nick: 'olga' });
      for (const line of ['-nick olgA', '-topic', '-topic tea', '-away', '-back']) {
        expect(await old.refusal('command', { line }), line).to.equal(ErrorCode.UnknownCommand);
      }
      expect(await old.call('command', { line: '-where' })).to.include({ place: 'lobby' });
    });

    it('a private line reaches its two visitors only, numbered in their conversation, exactly once', async () => {
      const ana = await join('ana');
      const bob = await join('bob', 'kitchen');
      const cat = await join('cat');
      const said = await ana.call('say', { text: 'psst, secret-7731', cid: 'p1', to: 'BOB' });
      expect(said.place).to.match(/^@[0-9a-f]{22}$/u);
      expect(said).to.include({ seq: 1, duplicate: false });
      await bob.until(() => bob.privateLines().length === 1, 'the private line');
      expect(bob.privateLines()[0]).to.deep.include({ seq: 1, nick: 'ana', text: 'psst, secret-7731', kind: 'private', to: 'bob' });
      expect(bob.pushesOf('userSay').find((p) => p.place === said.place)!.epoch).to.be.a('string');
      const answer = await bob.call('say', { text: 'got it', cid: 'p2', to: 'ana' });
      expect(answer).to.include({ place: said.place, seq: 2 });
      await ana.until(() => ana.privateLines().length === 1, 'the answer');
      expect(ana.privateLines()[0]).to.deep.include({ seq: 2, nick: 'bob', kind: 'private', to: 'ana' });
      expect(await ana.call('say', { text: 'psst, secret-7731', cid: 'p1', to: 'bob' })).to.include({ seq: 1, duplicate: true });
      await Promise.all([ana, bob, cat].map(settle));
      expect(cat.privateLines()).to.deep.equal([]);
      expect(raw.get(cat)!.some((frame) => frame.includes('secret-7731'))).to.equal(false);
      expect(bob.privateLines(), 'nothing twice').to.have.length(1);
      expect(cat.seqs('lobby'), 'nothing in the place').to.deep.equal([]);
    });

    it('refuses a private line to nobody, to oneself, or as an action, with typed errors', async () => {
      const ana = await join('ana');
      expect(await ana.refusal('say', { text: 'hi', cid: 'x1', to: 'zed' })).to.equal(ErrorCode.NotHere);
      const error = await ana.call('say', { text: 'hi', cid: 'x2', to: 'zed' }).catch((e: unknown) => e);
      expect((error as Error).message).to.contain('zed is not here');
      expect(await ana.refusal('say', { text: 'hi', cid: 'x3', to: 'Ana' })).to.equal(ErrorCode.CommandUsage);
      expect(await ana.refusal('say', { text: 'hi', cid: 'x4', to: 'bad!' })).to.equal(ErrorCode.InvalidNick);
      await join('bob');
      expect(await ana.refusal('say', { text: 'hi', cid: 'x5', to: 'bob', kind: 'action' })).to.equal(ErrorCode.CommandUsage);
      expect(await ana.refusal('say', { text: '  ', cid: 'x6', to: 'bob' })).to.equal(ErrorCode.EmptyText);
      expect(await ana.refusal('command', { line: '-msg bob hi' })).to.equal(ErrorCode.CommandUsage);
    });

    it('a join or resume lists the conversations, and each resumes with exactly what was missed', async () => {
      const ana = await join('ana');
      const bob = await join('bob');
      const first = await ana.call('say', { text: 'one', cid: 'r1', to: 'bob' });
      await ana.call('say', { text: 'two', cid: 'r2', to: 'bob' });
      await bob.until(() => bob.privateLines().length === 2, 'two lines');
      await bob.close();
      // Bob is in his grace period (reloading): lines to him are still taken and kept.
      await ana.call('say', { text: 'three', cid: 'r3', to: 'bob' });
      await ana.call('say', { text: 'four', cid: 'r4', to: 'bob' });
      const back = await connect();
      const since = [{ place: first.place, seq: 2, epoch: bob.pushesOf('userSay').find((p) => p.place === first.place)!.epoch }];
      const resumed = await back.call('resume', { token: bob.joined.token, since, author: authorOf('bob') });
      expect(resumed.conversations).to.deep.equal([{ id: first.place, with: 'ana', epoch: since[0]!.epoch, head: 4 }]);
      await back.until(() => back.privateLines().length === 2, 'the missed lines');
      await settle(back);
      expect(back.privateLines().map((m) => m.text)).to.deep.equal(['three', 'four']);
      // Live again afterwards.
      await ana.call('say', { text: 'five', cid: 'r5', to: 'bob' });
      await back.until(() => back.privateLines().length === 3, 'a live line');
    });

    it('keys a conversation by the visitors, not their nicks: -nick keeps it, a later holder of a freed nick sees nothing', async () => {
      const ana = await join('ana');
      const bob = await join('bob');
      const first = await ana.call('say', { text: 'for bob only', cid: 'k1', to: 'bob' });
      await bob.until(() => bob.privateLines().length === 1, 'the line');
      await bob.call('command', { line: '-nick robert' });
      const again = await ana.call('say', { text: 'still you', cid: 'k2', to: 'robert' });
      expect(again).to.include({ place: first.place, seq: 2 });
      await bob.until(() => bob.privateLines().length === 2, 'the second line');
      expect(bob.privateLines()[1]).to.include({ to: 'robert' });
      await bob.call('leave', {});
      const carol = await join('robert', undefined, authorOf('carol'));
      expect(carol.joined.conversations).to.equal(undefined);
      const toCarol = await ana.call('say', { text: 'who are you?', cid: 'k3', to: 'robert' });
      expect(toCarol.place).to.not.equal(first.place);
      expect(toCarol.seq).to.equal(1);
      await carol.until(() => carol.privateLines().length === 1, 'a line of her own');
      await settle(carol);
      expect(raw.get(carol)!.some((frame) => frame.includes('for bob only') || frame.includes('still you'))).to.equal(false);
      // Bob comes back from the same browser (his author key): his conversation is his again.
      const bobAgain = await join('bob', undefined, authorOf('bob'));
      expect(bobAgain.joined.conversations).to.deep.include({
        id: first.place,
        with: 'ana',
        epoch: bobAgain.joined.conversations![0]!.epoch,
        head: 2,
      });
      await bobAgain.until(() => bobAgain.privateLines().length === 2, 'his conversation');
    });

    it('pages a conversation back with history, and only the conversations one takes part in', async () => {
      const ana = await join('ana');
      const bob = await join('bob');
      const cat = await join('cat');
      const said = [];
      for (let i = 1; i <= 5; i++) said.push(await ana.call('say', { text: `p${i}`, cid: `h${i}`, to: 'bob' }));
      const { place } = said[0]!;
      const page = await bob.call('history', { before: 4, limit: 2, place });
      expect(page).to.include({ place, from: 2, to: 3 });
      expect(bob.pushesOf('history').flatMap((p) => p.messages.map((m) => m.text))).to.deep.equal(['p2', 'p3']);
      expect(await cat.refusal('history', { before: 4, place })).to.equal(ErrorCode.InvalidPlace);
    });
  });
}
