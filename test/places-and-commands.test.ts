import { expect } from 'chai';
import { COMMAND_HELP, ErrorCode, decodeResult } from '@itmchat/protocol';
import { STORES, removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';
import type { TestClient } from './support/test-client.js';

for (const store of STORES) {
  describe(`places and commands (${store} store)`, () => {
    let server: TestServer;
    const clients: TestClient[] = [];
    const join = async (nick: string, place?: string) => {
      const client = await server.joined(nick, place);
      clients.push(client);
      return client;
    };

    beforeEach(async () => {
      server = await startTestServer(store);
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await server.close();
      removeTempFiles();
    });

    it('numbers each place on its own: 1, 2, 3 … with no gaps', async () => {
      const ana = await join('ana');
      const bob = await join('bob', 'kitchen');
      const said: Record<string, number[]> = { lobby: [], kitchen: [] };
      for (let i = 0; i < 5; i++) {
        said.lobby!.push((await ana.call('say', { text: `l${i}`, cid: `a${i}` })).seq);
        if (i < 3) said.kitchen!.push((await bob.call('say', { text: `k${i}`, cid: `b${i}` })).seq);
      }
      expect(said).to.deep.equal({ lobby: [1, 2, 3, 4, 5], kitchen: [1, 2, 3] });
    });

    it('relays a message once to every other member of the place, and to no one elsewhere', async () => {
      const ana = await join('ana');
      const bob = await join('bob');
      const cat = await join('cat', 'kitchen');
      const said = await ana.call('say', { text: '<b>hi</b> & bye', cid: 'c1' });
      await bob.until(() => bob.seqs('lobby').length === 1, 'the message');
      const [batch] = bob.pushesOf('userSay');
      expect(batch).to.deep.include({ place: 'lobby' });
      expect(batch!.messages).to.deep.equal([{ seq: 1, at: said.at, nick: 'ana', text: '<b>hi</b> & bye' }]);
      await bob.call('command', { line: '-where' }); // a round trip, so any stray push would have arrived
      await cat.call('command', { line: '-where' });
      expect(ana.pushesOf('userSay')).to.deep.equal([]);
      expect(cat.pushesOf('userSay')).to.deep.equal([]);
    });

    it('refuses empty and over-long text, and counts length in characters', async () => {
      const ana = await join('ana');
      expect(await ana.refusal('say', { text: '  \n\t ', cid: 'e' })).to.equal(ErrorCode.EmptyText);
      expect(await ana.refusal('say', { text: 'x'.repeat(2001), cid: 'l' })).to.equal(ErrorCode.TextTooLong);
      expect((await ana.call('say', { text: '😀'.repeat(2000), cid: 'ok' })).seq).to.equal(1);
    });

    it('-folks, -where and -where is answer for the caller only', async () => {
      const ana = await join('ana');
      await join('Bob', 'kitchen');
      expect(await ana.call('command', { line: '-folks' })).to.deep.equal({ command: 'folks', place: 'lobby', members: ['ana'] });
      expect(await ana.call('command', { line: '/where' })).to.deep.equal({ command: 'where', place: 'lobby' });
      // The answer spells the nick as its owner does.
      expect(await ana.call('command', { line: '-where is bob' })).to.deep.equal({ command: 'whereIs', nick: 'Bob', place: 'kitchen' });
      expect(await ana.call('command', { line: '-where is zed' })).to.deep.equal({ command: 'whereIs', nick: 'zed', place: null });
    });

    it('-where is with an argument that is not a nick: INVALID_NICK saying why, never a reply a v1 client refuses', async () => {
      const ana = await join('ana');
      await join('Bob', 'kitchen');
      const long = 'x'.repeat(150);
      type Reply = { id?: number; result?: unknown; error?: { code: string; message: string } };
      /** Sends a command frame by hand and returns its reply as sent, before any schema sees it. */
      const raw = (line: string) =>
        new Promise<Reply>((resolve) => {
          const onMessage = (data: Buffer) => {
            const frame = JSON.parse(data.toString()) as Reply;
            if (frame.id !== 900) return;
            ana.socket.off('message', onMessage);
            resolve(frame);
          };
          ana.socket.on('message', onMessage);
          ana.send(JSON.stringify({ type: 'call', id: 900, method: 'command', params: { line } }));
        });
      for (const [line, message] of [
        [`-where is ${long}`, '-where is: nick must be at most 24 characters'],
        ['-where is bob!', '-where is: nick may hold only letters, digits, "_", "-" and "."'],
        ['-where is bob\u3164', '-where is: nick must not hold invisible characters'],
      ] as const) {
        const reply = await raw(line);
        expect(reply.error, line).to.deep.equal({ code: ErrorCode.InvalidNick, message });
      }
      // A valid argument: the reply passes the client-side schema, whether the nick is held or not.
      for (const line of ['-where is bob', '-where is zed', `-where is ${'z'.repeat(24)}`]) {
        const reply = await raw(line);
        expect(decodeResult('command', reply.result), line).to.include({ ok: true });
      }
    });

    it('-all folks and -places cover every place, with head counts', async () => {
      const ana = await join('ana');
      await join('bob', 'kitchen');
      await join('cat', 'kitchen');
      expect(await ana.call('command', { line: '-all folks' })).to.deep.equal({
        command: 'allFolks',
        folks: [
          { nick: 'bob', place: 'kitchen' },
          { nick: 'cat', place: 'kitchen' },
          { nick: 'ana', place: 'lobby' },
        ],
      });
      expect(await ana.call('command', { line: '-places' })).to.deep.equal({
        command: 'places',
        places: [
          { name: 'kitchen', count: 2 },
          { name: 'lobby', count: 1 },
        ],
      });
    });

    it('-goto moves a visitor, telling both places, and makes new places', async () => {
      const ana = await join('ana');
      const bob = await join('bob');
      const cat = await join('cat', 'garden');
      const moved = await ana.call('command', { line: '-goto Garden' });
      expect(moved).to.deep.include({ command: 'goto' });
      expect(moved.command === 'goto' && moved.place).to.deep.include({ name: 'garden', members: ['cat', 'ana'] });
      await bob.until(() => bob.pushesOf('userLeave').length === 1, 'leave in lobby');
      expect(bob.pushesOf('userLeave')[0]).to.deep.equal({ place: 'lobby', nick: 'ana', reason: 'moved', to: 'garden' });
      await cat.until(() => cat.pushesOf('userJoin').length === 1, 'join in garden');
      expect(cat.pushesOf('userJoin')[0]).to.deep.equal({ place: 'garden', nick: 'ana', from: 'lobby' });
      expect((await ana.call('say', { text: 'hi garden', cid: 'g' })).place).to.equal('garden');
      expect(await ana.call('goto', { place: 'attic' })).to.deep.include({ name: 'attic', head: 0, members: ['ana'] });
      expect(await ana.call('command', { line: '-places' })).to.deep.include({
        places: [
          { name: 'attic', count: 1 },
          { name: 'garden', count: 1 },
          { name: 'lobby', count: 1 },
        ],
      });
    });

    it('-help lists every command with one line each; -help <command> explains one', async () => {
      const ana = await join('ana');
      const list = COMMAND_HELP.map(({ usage, summary }) => ({ usage, summary }));
      expect(await ana.call('command', { line: '-help' })).to.deep.equal({ command: 'help', commands: list });
      const msg = COMMAND_HELP.find((c) => c.usage.startsWith('-msg'))!;
      expect(msg.detail).to.be.a('string');
      for (const line of ['-help msg', '/HELP -msg', '-help /msg']) {
        expect(await ana.call('command', { line }), line).to.deep.equal({ command: 'help', commands: [msg] });
      }
      const error = await ana.call('command', { line: '-help dance' }).catch((e: unknown) => e);
      expect(error).to.include({ code: 'UNKNOWN_COMMAND' });
    });

    it('gives typed errors for unknown commands, bad usage and bad place names', async () => {
      const ana = await join('ana');
      const bob = await join('bob');
      const cases: [string, string][] = [
        ['-dance', ErrorCode.UnknownCommand],
        ['-goto', ErrorCode.CommandUsage],
        ['-goto bad place!', ErrorCode.InvalidPlace], // a name in several words is an invalid name, not a usage slip
        ['-where is', ErrorCode.CommandUsage],
        ['-all', ErrorCode.CommandUsage],
        ['-goto <script>', ErrorCode.InvalidPlace],
        ['-goto ' + 'x'.repeat(25), ErrorCode.InvalidPlace],
        ['-goto kitchen\u3164', ErrorCode.InvalidPlace],
        ['-where is ' + 'x'.repeat(150), ErrorCode.InvalidNick],
      ];
      for (const [line, code] of cases) expect(await ana.refusal('command', { line }), line).to.equal(code);
      expect(await ana.refusal('goto', { place: 'a b' })).to.equal(ErrorCode.InvalidPlace);
      // Valid as typed, but its plain form ("1⁄2") is not a name: refused rather than sent to clients.
      expect(await ana.refusal('goto', { place: '½' })).to.equal(ErrorCode.InvalidPlace);
      expect(await ana.refusal('goto', { place: '\u3164\u3164' })).to.equal(ErrorCode.InvalidPlace); // looks blank
      const newcomer = await server.client();
      clients.push(newcomer);
      expect(await newcomer.refusal('identify', { nick: '' })).to.equal(ErrorCode.InvalidNick);
      await bob.call('command', { line: '-where' });
      expect(bob.pushes.map((p) => p.method)).to.deep.equal(['hello']);
      expect(await ana.call('command', { line: '-where' })).to.deep.equal({ command: 'where', place: 'lobby' });
    });
  });
}
