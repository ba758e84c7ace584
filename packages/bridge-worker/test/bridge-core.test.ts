import { expect } from 'chai';
import { BridgeErrorCode, ErrorCode, PROTOCOL_RELEASE, type ChatMessage, type CommandResult, type Snapshot } from '@itmchat/protocol';
import { DEFAULT_BRIDGE_OPTIONS } from '../src/bridge-options.js';
import { MemoryStorage } from '../src/memory-storage.js';
import { Bridge, EPOCH, TOKEN, TestPage, joined, logOf, msg, msgs, placeState } from './support/bridge-harness.js';
import { flush } from './support/fake-clock.js';

import { lastSnapshot, seqs, states, storedSession } from './support/bridge-expect.js';

describe('BridgeCore', () => {
  describe('(b) join', () => {
    it('opens one socket, identifies with the nick and the default place, answers after the result', async () => {
      const b = new Bridge();
      const page = await b.page({ place: 'kitchen' });
      const id = page.call('join', { nick: 'Ana' });
      await flush();
      expect(b.net.sockets).to.have.length(1);
      expect(b.socket.sent, 'nothing before open').to.deep.equal([]);
      b.socket.open();
      await flush();
      const { author, ...identify } = b.socket.only('identify').params;
      expect(b.socket.calls).to.have.length(1);
      expect(identify).to.deep.equal({ nick: 'Ana', place: 'kitchen', since: [], release: PROTOCOL_RELEASE });
      // A random author key of 128 bits, kept with the session: the server scopes cids to it.
      expect(author).to.match(/^[0-9a-f]{32}$/);
      expect(b.storage.session?.author).to.equal(author);
      expect(page.answer(id), 'not answered before the identify result').to.equal(undefined);
      expect(states(page.port)).to.deep.equal(['connecting']);

      b.socket.reply(1, joined('Ana', 'kitchen', { members: ['bob', 'Ana'] }));
      await flush();
      const snapshot = page.result(id) as Snapshot;
      expect(snapshot).to.deep.equal({
        state: 'joined',
        nick: 'Ana',
        place: 'kitchen',
        members: ['bob', 'Ana'],
        messages: [],
        gaps: [],
        pending: [],
        notes: [],
        unread: 0,
      });
      expect(states(page.port)).to.deep.equal(['connecting', 'joined']);
      expect(b.storage.session).to.deep.include({ nick: 'Ana', place: 'kitchen', token: TOKEN });
    });

    it('joins the place of the page that clicked Join, not of the page that said hello last', async () => {
      const b = new Bridge();
      const kitchen = await b.page({ place: 'kitchen' });
      await b.page({ place: 'lobby' });
      kitchen.call('join', { nick: 'Ana' });
      await flush();
      b.socket.open();
      await flush();
      expect(b.socket.only('identify').params).to.include({ place: 'kitchen' });
    });

    it('a page attached later gets the joined snapshot and no new socket', async () => {
      const b = new Bridge();
      await b.joinedPage('Ana', msgs(1, 2));
      const sent = b.socket.sent.length;
      const later = await b.page();
      expect(later.port.welcomes()[0]!.snapshot).to.include({ state: 'joined', nick: 'Ana', place: 'lobby' });
      expect(seqs(later.port.welcomes()[0]!.snapshot.messages)).to.deep.equal([1, 2]);
      expect(b.net.sockets).to.have.length(1);
      expect(b.socket.sent).to.have.length(sent);
      // Its join is answered at once from the snapshot.
      const id = later.call('join', { nick: 'ana' });
      await flush();
      expect(later.result(id)).to.include({ state: 'joined', nick: 'Ana' });
      expect(b.net.sockets).to.have.length(1);
    });

    it('two joins while connecting share one socket and both resolve', async () => {
      const b = new Bridge();
      const [p1, p2] = [await b.page(), await b.page()];
      const [id1, id2] = [p1.call('join', { nick: 'Ana' }), p2.call('join', { nick: 'ANA' })];
      await flush();
      expect(b.net.sockets).to.have.length(1);
      b.socket.open();
      await flush();
      await b.acceptJoin(joined());
      expect(b.socket.callsOf('identify')).to.have.length(1);
      expect(p1.result(id1)).to.include({ state: 'joined' });
      expect(p2.result(id2)).to.include({ state: 'joined' });
    });

    it('a join under another nick while joining is refused with ALREADY_JOINED', async () => {
      const b = new Bridge();
      const page = await b.page();
      page.call('join', { nick: 'Ana' });
      const other = page.call('join', { nick: 'Bob' });
      await flush();
      expect(page.errorCode(other)).to.equal(ErrorCode.AlreadyJoined);
      expect(b.net.sockets).to.have.length(1);
    });
  });

  describe('(c) resume numbers', () => {
    it('resumes with since = the last number held, and never identifies', async () => {
      const b = new Bridge({ storage: storedSession() });
      await b.page();
      b.socket.open();
      await flush();
      expect(b.socket.calls).to.deep.equal([
        {
          type: 'call',
          id: 1,
          method: 'resume',
          params: { token: TOKEN, since: [{ place: 'kitchen', seq: 3, epoch: EPOCH }], release: PROTOCOL_RELEASE },
        },
      ]);
      await b.acceptJoin(joined('Ana', 'kitchen', { head: 5 }), msgs(4, 5));
      expect(b.socket.methods).to.deep.equal(['resume']);
      expect(b.core.state).to.equal('joined');
      expect(seqs(b.storage.logs.get('kitchen')!.messages)).to.deep.equal([1, 2, 3, 4, 5]);
    });

    const sinceCases: { name: string; held: ChatMessage[]; since: unknown[] }[] = [
      { name: 'holding messages', held: [msg(7), msg(9)], since: [{ place: 'kitchen', seq: 9, epoch: EPOCH }] },
      { name: 'holding nothing', held: [], since: [] },
    ];
    for (const c of sinceCases) {
      it(`on UNKNOWN_SESSION identifies again with the same nick, place and since (${c.name})`, async () => {
        const b = new Bridge({ storage: storedSession({ held: c.held }) });
        const page = await b.page();
        b.socket.open();
        await flush();
        const resume = b.socket.only('resume');
        expect(resume.params.since).to.deep.equal(c.since);
        b.socket.replyError(resume.id, ErrorCode.UnknownSession);
        await flush();
        expect(b.socket.only('identify').params).to.deep.equal({
          nick: 'Ana',
          place: 'kitchen',
          since: c.since,
          release: PROTOCOL_RELEASE,
        });
        await b.acceptJoin(joined('Ana', 'kitchen', { token: 'new-token' }));
        expect(b.storage.session).to.deep.equal({ nick: 'Ana', place: 'kitchen', token: 'new-token' });
        expect(b.core.state).to.equal('joined');
        expect(page.port.events('notice')).to.deep.equal([]);
      });
    }

    it('a stored session without a token identifies with since', async () => {
      const b = new Bridge({ storage: storedSession({ token: null }) });
      await b.page();
      b.socket.open();
      await flush();
      expect(b.socket.calls.map((c) => [c.method, c.params])).to.deep.equal([
        ['identify', { nick: 'Ana', place: 'kitchen', since: [{ place: 'kitchen', seq: 3, epoch: EPOCH }], release: PROTOCOL_RELEASE }],
      ]);
    });
  });

  describe('(d) de-duplication by number', () => {
    it('a backlog overlapping what is held emits and stores only the new messages', async () => {
      const b = new Bridge({ storage: storedSession() });
      const page = await b.page();
      b.socket.open();
      await flush();
      await b.acceptJoin(joined('Ana', 'kitchen', { head: 5 }), msgs(2, 5));
      const events = page.port.events('messages');
      expect(events).to.have.length(1);
      expect(events[0]!.place).to.equal('kitchen');
      expect(seqs(events[0]!.messages)).to.deep.equal([4, 5]);
      expect(seqs(b.storage.logs.get('kitchen')!.messages)).to.deep.equal([1, 2, 3, 4, 5]);
    });

    it('a push of numbers all held emits nothing', async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 3));
      page.port.clear();
      b.socket.push('userSay', { place: 'lobby', epoch: EPOCH, messages: msgs(1, 3) });
      await flush();
      expect(page.port.events('messages')).to.deep.equal([]);
      expect(seqs(b.storage.logs.get('lobby')!.messages)).to.deep.equal([1, 2, 3]);
    });

    it('live messages of another place are ignored', async () => {
      const b = new Bridge();
      const page = await b.joinedPage();
      b.socket.push('userSay', { place: 'kitchen', epoch: EPOCH, messages: [msg(1)] });
      await flush();
      expect(page.port.events('messages')).to.deep.equal([]);
      expect(b.storage.logs.has('kitchen')).to.equal(false);
    });
  });

  describe('(f) gaps', () => {
    it('an epoch gap empties the log, in memory and in storage, and emits a snapshot', async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 3));
      page.port.clear();
      b.socket.push('gap', { place: 'lobby', epoch: 'epoch-2', reason: 'epoch', missed: null });
      await flush();
      expect(lastSnapshot(page.port).messages).to.deep.equal([]);
      expect(b.storage.logs.get('lobby')).to.deep.equal({ place: 'lobby', epoch: 'epoch-2', messages: [], gaps: [], notes: [] });
      b.socket.push('userSay', { place: 'lobby', epoch: 'epoch-2', messages: msgs(1, 2, 'carl') });
      await flush();
      expect(seqs(page.port.events('messages')[0]!.messages)).to.deep.equal([1, 2]);
      expect(b.storage.logs.get('lobby')!.messages).to.deep.equal(msgs(1, 2, 'carl'));
      const later = await b.page();
      expect(later.port.welcomes()[0]!.snapshot.messages).to.deep.equal(msgs(1, 2, 'carl'));
    });

    it('a trimmed gap emits a gap event and is stored; the backlog follows it', async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 3));
      b.socket.push('gap', { place: 'lobby', epoch: EPOCH, reason: 'trimmed', missed: { from: 4, to: 8 } });
      await flush();
      expect(page.port.events('gap')).to.deep.equal([{ type: 'gap', place: 'lobby', gap: { from: 4, to: 8 }, reason: 'trimmed' }]);
      expect(b.storage.logs.get('lobby')!.gaps).to.deep.equal([{ from: 4, to: 8 }]);
      b.socket.push('userSay', { place: 'lobby', epoch: EPOCH, messages: msgs(9, 10) });
      await flush();
      const stored = b.storage.logs.get('lobby')!;
      expect(seqs(stored.messages)).to.deep.equal([1, 2, 3, 9, 10]);
      expect(stored.gaps).to.deep.equal([{ from: 4, to: 8 }]);
      expect((await b.page()).port.welcomes()[0]!.snapshot.gaps).to.deep.equal([{ from: 4, to: 8 }]);
    });

    it('a gap for another place is ignored', async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 3));
      page.port.clear();
      b.socket.push('gap', { place: 'kitchen', epoch: 'x', reason: 'epoch', missed: null });
      await flush();
      expect(page.port.allEvents).to.deep.equal([]);
      expect(seqs(b.storage.logs.get('lobby')!.messages)).to.deep.equal([1, 2, 3]);
    });
  });

  describe('(i) leave', () => {
    it("calls the server's leave, closes the socket, clears storage, tells every page", async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 2));
      const other = await b.page();
      b.storage.logs.set('kitchen', logOf('kitchen', msgs(1, 1)));
      const id = page.call('leave', {});
      await flush();
      const leave = b.socket.only('leave');
      expect(b.socket.isClosed, 'waits for the reply').to.equal(false);
      b.socket.reply(leave.id, {});
      await flush();
      expect(page.result(id)).to.deep.equal({});
      expect(b.socket.closedByClient).to.not.equal(null);
      expect(b.storage.session).to.equal(null);
      expect(b.storage.outbox).to.deep.equal([]);
      expect(b.storage.logs.size).to.equal(0);
      for (const p of [page, other]) {
        expect(p.port.events('state').at(-1)).to.deep.equal({ type: 'state', state: 'idle', nick: null, place: null });
        expect(lastSnapshot(p.port)).to.include({ state: 'idle', nick: null, place: null });
      }
      b.clock.advance(10 * 60_000);
      await flush();
      expect(b.net.sockets).to.have.length(1);
    });

    it('leave while offline sends nothing, ends the session and cancels pending says', async () => {
      const b = new Bridge();
      const page = await b.joinedPage();
      b.socket.drop(1006);
      await flush();
      const say = page.call('say', { text: 'never sent' });
      const id = page.call('leave', {});
      await flush();
      expect(page.result(id)).to.deep.equal({});
      expect(page.errorCode(say)).to.equal(BridgeErrorCode.Cancelled);
      expect(b.storage.session).to.equal(null);
      expect(b.storage.outbox).to.deep.equal([]);
      b.clock.advance(10 * 60_000);
      await flush();
      expect(b.net.sockets).to.have.length(1);
    });
  });

  describe('(j) commands', () => {
    it('-goto calls goto with since from the stored log, switches the log and takes the backlog', async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 2));
      b.storage.logs.set('kitchen', logOf('kitchen', msgs(1, 4, 'carl')));
      page.port.clear();
      const id = page.call('command', { line: '-goto Kitchen' });
      await flush();
      expect(b.socket.callsOf('command')).to.deep.equal([]);
      const gotoCall = b.socket.only('goto');
      expect(gotoCall.params).to.deep.equal({ place: 'Kitchen', since: { seq: 4, epoch: EPOCH } });
      const kitchen = placeState('kitchen', { head: 6, members: ['carl', 'Ana'] });
      b.socket.reply(gotoCall.id, kitchen);
      await flush();
      expect(page.result(id)).to.deep.equal({ command: 'goto', place: kitchen } satisfies CommandResult);
      const snapshot = lastSnapshot(page.port);
      expect(snapshot).to.include({ place: 'kitchen', state: 'joined' });
      expect(snapshot.members).to.deep.equal(['carl', 'Ana']);
      expect(snapshot.messages).to.deep.equal(msgs(1, 4, 'carl'));
      expect(b.storage.session).to.include({ place: 'kitchen' });

      b.socket.push('userSay', { place: 'kitchen', epoch: EPOCH, messages: msgs(5, 6, 'carl') });
      await flush();
      expect(page.port.events('messages').map((e) => [e.place, seqs(e.messages)])).to.deep.equal([['kitchen', [5, 6]]]);
      expect(seqs(b.storage.logs.get('kitchen')!.messages)).to.deep.equal([1, 2, 3, 4, 5, 6]);
      expect(seqs(b.storage.logs.get('lobby')!.messages), 'the old place is kept').to.deep.equal([1, 2]);
      // Pushes of the old place no longer land anywhere.
      b.socket.push('userSay', { place: 'lobby', epoch: EPOCH, messages: [msg(3)] });
      await flush();
      expect(seqs(b.storage.logs.get('lobby')!.messages)).to.deep.equal([1, 2]);
      // A reconnect resumes with the new place's numbers.
      b.socket.drop(1006);
      await flush();
      b.clock.advance(DEFAULT_BRIDGE_OPTIONS.backoff.maxMs);
      await flush();
      b.socket.open();
      await flush();
      expect(b.socket.only('resume').params.since).to.deep.equal([{ place: 'kitchen', seq: 6, epoch: EPOCH }]);
    });

    it('-goto a place never held sends no since; a new epoch starts an empty log', async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 2));
      const fresh = page.call('command', { line: '/goto attic' });
      await flush();
      expect(b.socket.only('goto').params).to.deep.equal({ place: 'attic' });
      b.socket.reply(b.socket.only('goto').id, placeState('attic'));
      await flush();
      expect(page.result(fresh)).to.deep.include({ command: 'goto' });

      b.storage.logs.set('kitchen', logOf('kitchen', msgs(1, 4), 'old-epoch'));
      const stale = page.call('command', { line: '-goto kitchen' });
      await flush();
      const gotoCall = b.socket.callsOf('goto')[1]!;
      expect(gotoCall.params).to.deep.equal({ place: 'kitchen', since: { seq: 4, epoch: 'old-epoch' } });
      b.socket.reply(gotoCall.id, placeState('kitchen', { epoch: 'new-epoch' }));
      await flush();
      page.result(stale);
      expect(lastSnapshot(page.port)).to.deep.include({ place: 'kitchen', messages: [] });
    });

    const passThrough: [line: string, result: CommandResult][] = [
      ['-folks', { command: 'folks', place: 'lobby', members: ['Ana'] }],
      ['-where is bob', { command: 'whereIs', nick: 'bob', place: 'lobby' }],
      ['-places', { command: 'places', places: [{ name: 'lobby', count: 1 }] }],
      ['-goto', { command: 'where', place: 'lobby' }], // a usage error: the server answers it
    ];
    for (const [line, result] of passThrough) {
      it(`${line} passes through as command`, async () => {
        const b = new Bridge();
        const page = await b.joinedPage();
        const id = page.call('command', { line });
        await flush();
        expect(b.socket.callsOf('goto')).to.deep.equal([]);
        const call = b.socket.only('command');
        expect(call.params).to.deep.equal({ line });
        b.socket.reply(call.id, result);
        await flush();
        expect(page.result(id)).to.deep.equal(result);
      });
    }

    it('passes server refusals of a command to the page', async () => {
      const b = new Bridge();
      const page = await b.joinedPage();
      const id = page.call('command', { line: '-dance' });
      await flush();
      b.socket.replyError(b.socket.only('command').id, ErrorCode.UnknownCommand);
      await flush();
      expect(page.errorCode(id)).to.equal(ErrorCode.UnknownCommand);
    });

    const refused: { name: string; setup: (b: Bridge) => Promise<TestPage>; code: string }[] = [
      { name: 'before join', setup: (b) => b.page(), code: BridgeErrorCode.NotJoined },
      {
        name: 'while offline',
        setup: async (b) => {
          const page = await b.joinedPage();
          b.socket.drop(1006);
          return page;
        },
        code: BridgeErrorCode.Offline,
      },
    ];
    for (const c of refused) {
      it(`a command ${c.name} is refused with ${c.code}`, async () => {
        const b = new Bridge();
        const page = await c.setup(b);
        const id = page.call('command', { line: '-folks' });
        await flush();
        expect(page.errorCode(id)).to.equal(c.code);
      });
    }
  });

  describe('(m) notes kept with the log', () => {
    it('a command’s answer, a refusal and a presence line are kept in the place’s log, stored, and in the next page’s snapshot', async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 2));
      const answered = page.call('command', { line: '-where' });
      await flush();
      b.socket.reply(b.socket.only('command').id, { command: 'where', place: 'lobby' });
      await flush();
      expect(page.result(answered)).to.deep.equal({ command: 'where', place: 'lobby' });
      const refused = page.call('command', { line: '-dance' });
      await flush();
      b.socket.replyError(b.socket.callsOf('command')[1]!.id, ErrorCode.UnknownCommand, 'no such command: -dance');
      await flush();
      expect(page.errorCode(refused)).to.equal(ErrorCode.UnknownCommand);
      b.socket.push('userLeave', { place: 'lobby', nick: 'bob', reason: 'left' });
      await flush();
      const kinds = (notes: readonly { afterSeq: number; note: { kind: string } }[] | undefined) =>
        notes?.map((m) => [m.afterSeq, m.note.kind]);
      const expected = [
        [2, 'reply'],
        [2, 'commandError'],
        [2, 'presence'],
      ];
      expect(kinds(b.storage.logs.get('lobby')!.notes)).to.deep.equal(expected);
      const next = await b.page();
      expect(kinds(next.port.welcomes()[0]!.snapshot.notes)).to.deep.equal(expected);
    });
  });

  describe('(l) events', () => {
    it('fan out to every attached page', async () => {
      const b = new Bridge();
      const pages = [await b.joinedPage(), await b.page(), await b.page()];
      for (const p of pages) p.port.clear();
      b.socket.push('userSay', { place: 'lobby', epoch: EPOCH, messages: [msg(1)] });
      b.socket.push('userJoin', { place: 'lobby', nick: 'carl', from: 'kitchen' });
      await flush();
      for (const p of pages) {
        expect(p.port.allEvents).to.deep.equal([
          { type: 'messages', place: 'lobby', messages: [msg(1)] },
          { type: 'presence', place: 'lobby', nick: 'carl', from: 'kitchen', change: 'join' },
          // Kept with the place's log, after message 1, for the next page's redraw.
          {
            type: 'note',
            place: 'lobby',
            mark: { id: 'cid-1', at: 0, afterSeq: 1, note: { kind: 'presence', nick: 'carl', from: 'kitchen', change: 'join' } },
          },
        ]);
      }
      const later = await b.page();
      expect(later.port.welcomes()[0]!.snapshot.members).to.deep.equal(['Ana', 'carl']);
    });

    it('presence keeps the member list', async () => {
      const b = new Bridge();
      await b.joinedPage();
      b.socket.push('userJoin', { place: 'lobby', nick: 'bob' });
      b.socket.push('userJoin', { place: 'lobby', nick: 'carl' });
      b.socket.push('userLeave', { place: 'lobby', nick: 'bob', reason: 'moved', to: 'kitchen' });
      b.socket.push('userJoin', { place: 'kitchen', nick: 'dora' });
      await flush();
      expect((await b.page()).port.welcomes()[0]!.snapshot.members).to.deep.equal(['Ana', 'carl']);
    });

    const debugCases: [debug: boolean, expectDebugLog: boolean][] = [
      [false, false],
      [true, true],
    ];
    for (const [debug, expectDebugLog] of debugCases) {
      it(`debug log events ${expectDebugLog ? 'are' : 'are not'} sent when a page said debug: ${debug}`, async () => {
        const b = new Bridge();
        const page = await b.joinedPage();
        await b.page({ debug });
        b.socket.drop(1006);
        await flush();
        const logs = page.port.events('log');
        expect(logs.filter((l) => l.level === 'debug')).to.have.length(expectDebugLog ? 1 : 0);
      });
    }

    it('errors and warnings are always sent, debug or not', async () => {
      const storage = new MemoryStorage();
      const b = new Bridge({ storage });
      const page = await b.joinedPage();
      b.socket.receive('{not json');
      storage.saveLog = () => Promise.reject(new Error('quota exceeded'));
      b.socket.push('userSay', { place: 'lobby', epoch: EPOCH, messages: [msg(1)] });
      await flush();
      const logs = page.port.events('log');
      expect(logs.map((l) => l.level)).to.deep.equal(['warn', 'error']);
      expect(logs[1]!.message).to.contain('quota exceeded');
      // A storage failure does not break the chat.
      expect(page.port.events('messages')).to.have.length(1);
      expect(b.core.state).to.equal('joined');
    });
  });
});
