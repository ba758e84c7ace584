import { expect } from 'chai';
import {
  BRIDGE_VERSION,
  BridgeErrorCode,
  CloseCode,
  ErrorCode,
  SUBPROTOCOL,
  type ChatMessage,
  type CommandResult,
  type Snapshot,
} from '@itmchat/protocol';
import { DEFAULT_BRIDGE_OPTIONS } from '../src/bridge-options.js';
import { MemoryStorage } from '../src/memory-storage.js';
import { Bridge, EPOCH, SERVER_URL, TOKEN, TestPage, joined, logOf, msg, msgs, placeState } from './support/bridge-harness.js';
import { flush } from './support/fake-clock.js';
import type { FakePort } from './support/fake-port.js';

const seqs = (list: readonly { seq: number }[]) => list.map((m) => m.seq);
const states = (port: FakePort) => port.events('state').map((e) => e.state);
const lastSnapshot = (port: FakePort): Snapshot => {
  const snapshot = port.events('snapshot').at(-1)?.snapshot;
  if (!snapshot) throw new Error('no snapshot event');
  return snapshot;
};

/** Storage as a visitor's earlier page left it: joined as Ana in kitchen, holding 1..3. */
function storedSession(fields: { token?: string | null; held?: ChatMessage[]; place?: string } = {}): MemoryStorage {
  const { token = TOKEN, held = msgs(1, 3), place = 'kitchen' } = fields;
  const storage = new MemoryStorage();
  storage.session = { nick: 'Ana', place, token };
  if (held.length > 0) storage.logs.set(place, logOf(place, held));
  return storage;
}

describe('BridgeCore', () => {
  describe('(a) hello', () => {
    it('gets a welcome snapshot and opens no socket when no session is stored', async () => {
      const b = new Bridge();
      const page = await b.page();
      expect(page.port.welcomes()).to.deep.equal([
        {
          v: BRIDGE_VERSION,
          kind: 'welcome',
          snapshot: { state: 'idle', nick: null, place: null, members: [], messages: [], gaps: [], pending: [] },
        },
      ]);
      b.clock.advance(60_000);
      await flush();
      expect(b.net.sockets).to.have.length(0);
      expect(b.core.state).to.equal('idle');
    });

    it('with a stored session, welcomes with what storage holds and reconnects by itself', async () => {
      const b = new Bridge({ storage: storedSession() });
      const page = await b.page();
      const welcome = page.port.welcomes()[0]!.snapshot;
      expect(welcome).to.include({ nick: 'Ana', place: 'kitchen' });
      expect(seqs(welcome.messages)).to.deep.equal([1, 2, 3]);
      expect(b.net.sockets).to.have.length(1);
      expect(b.socket.url).to.equal(SERVER_URL);
      expect(b.socket.protocol).to.equal(SUBPROTOCOL);
      expect(b.core.state).to.equal('connecting');
      // The first picture is already active: a reloaded page never flashes the Join form.
      expect(welcome.state).to.equal('connecting');
    });

    it('takes idleCloseMs from the first hello that gives it', async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 2));
      page.hello({ idleCloseMs: 1_000 });
      await flush();
      page.bye();
      b.clock.advance(1_000);
      await flush();
      expect(b.socket.closedByClient).to.include({ code: 1000 });
    });

    it('keeps the idleCloseMs of the first page that gives it; a later page cannot change it', async () => {
      const b = new Bridge();
      const first = await b.joinedPage('Ana', msgs(1, 2));
      first.hello({ idleCloseMs: 1_000 });
      const later = new TestPage(b.core);
      later.hello({ idleCloseMs: 60_000 });
      await flush();
      first.bye();
      later.bye();
      b.clock.advance(1_000);
      await flush();
      expect(b.socket.closedByClient).to.include({ code: 1000 });
    });
  });

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
      expect(b.socket.calls).to.deep.equal([
        { type: 'call', id: 1, method: 'identify', params: { nick: 'Ana', place: 'kitchen', since: [] } },
      ]);
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
      });
      expect(states(page.port)).to.deep.equal(['connecting', 'joined']);
      expect(b.storage.session).to.deep.equal({ nick: 'Ana', place: 'kitchen', token: TOKEN });
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
        { type: 'call', id: 1, method: 'resume', params: { token: TOKEN, since: [{ place: 'kitchen', seq: 3, epoch: EPOCH }] } },
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
        expect(b.socket.only('identify').params).to.deep.equal({ nick: 'Ana', place: 'kitchen', since: c.since });
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
        ['identify', { nick: 'Ana', place: 'kitchen', since: [{ place: 'kitchen', seq: 3, epoch: EPOCH }] }],
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

  describe('(e) offline queue', () => {
    /** A joined page whose socket then dropped: the bridge is offline, a reconnect pending. */
    async function offline() {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 2));
      b.socket.drop(1006);
      await flush();
      return { b, page };
    }

    /** Lets the reconnect happen: the timer fires, the socket opens, resume is accepted. */
    async function reconnect(b: Bridge, head = 2, backlog: ChatMessage[] = []) {
      const before = b.net.sockets.length;
      b.clock.advance(DEFAULT_BRIDGE_OPTIONS.backoff.maxMs);
      await flush();
      expect(b.net.sockets, 'a new socket').to.have.length(before + 1);
      b.socket.open();
      await flush();
      expect(b.socket.calls[0]!.method).to.equal('resume');
      return b.acceptJoin(joined('Ana', 'lobby', { head }), backlog);
    }

    it('a say while offline is pending and sends nothing', async () => {
      const { b, page } = await offline();
      const id = page.call('say', { text: 'hello?' });
      await flush();
      expect(page.port.events('pending')).to.deep.equal([{ type: 'pending', line: { cid: 'cid-1', text: 'hello?' } }]);
      expect(b.net.sockets).to.have.length(1);
      expect(b.socket.callsOf('say')).to.deep.equal([]);
      expect(page.answer(id)).to.equal(undefined);
      expect(b.storage.outbox).to.deep.equal([{ cid: 'cid-1', text: 'hello?' }]);
    });

    it('after reconnect and resume, each queued line is sent once, with its cid, in order', async () => {
      const { b, page } = await offline();
      page.port.clear();
      const ids = ['one', 'two', 'three'].map((text) => page.call('say', { text }));
      await flush();
      const socket = await reconnect(b);
      expect(socket.methods).to.deep.equal(['resume', 'say', 'say', 'say']);
      expect(socket.callsOf('say').map((c) => c.params)).to.deep.equal([
        { text: 'one', cid: 'cid-1' },
        { text: 'two', cid: 'cid-2' },
        { text: 'three', cid: 'cid-3' },
      ]);
      socket.callsOf('say').forEach((call, i) => socket.reply(call.id, { place: 'lobby', seq: 3 + i, at: 50 + i, duplicate: false }));
      await flush();
      expect(ids.map((id) => page.result(id))).to.deep.equal([
        { seq: 3, at: 50, nick: 'Ana', text: 'one' },
        { seq: 4, at: 51, nick: 'Ana', text: 'two' },
        { seq: 5, at: 52, nick: 'Ana', text: 'three' },
      ]);
      const said = page.port.events('messages').flatMap((e) => e.messages);
      expect(said.map((m) => [m.seq, m.cid])).to.deep.equal([
        [3, 'cid-1'],
        [4, 'cid-2'],
        [5, 'cid-3'],
      ]);
      expect(b.storage.outbox).to.deep.equal([]);
      expect(seqs(b.storage.logs.get('lobby')!.messages)).to.deep.equal([1, 2, 3, 4, 5]);
      // Numbered lines are never sent again.
      socket.drop(1006);
      await flush();
      const next = await reconnect(b, 5);
      expect(next.methods).to.deep.equal(['resume']);
    });

    it('a line in flight when the socket drops is re-sent with the same cid, and its say() resolves', async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 2));
      const id = page.call('say', { text: 'hi' });
      await flush();
      expect(b.socket.only('say').params).to.deep.equal({ text: 'hi', cid: 'cid-1' });
      b.socket.drop(1006);
      await flush();
      expect(page.answer(id), 'still waiting').to.equal(undefined);
      expect(b.storage.outbox).to.deep.equal([{ cid: 'cid-1', text: 'hi' }]);
      const socket = await reconnect(b);
      expect(socket.only('say').params).to.deep.equal({ text: 'hi', cid: 'cid-1' });
      expect(b.cids, 'no new cid was made').to.deep.equal(['cid-1']);
      socket.reply(socket.only('say').id, { place: 'lobby', seq: 3, at: 77, duplicate: true });
      await flush();
      expect(page.result(id)).to.deep.equal({ seq: 3, at: 77, nick: 'Ana', text: 'hi' });
      expect(b.storage.outbox).to.deep.equal([]);
    });

    it('a re-sent line whose message came back in the backlog first still reaches pages with its cid', async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 2));
      const other = await b.page();
      const id = page.call('say', { text: 'hi' });
      await flush();
      b.socket.drop(1006);
      await flush();
      // The server had stored it as 3: the resume backlog carries it (no cid), then the retry says duplicate.
      const socket = await reconnect(b, 3, [msg(3, 'Ana', 'hi')]);
      socket.reply(socket.only('say').id, { place: 'lobby', seq: 3, at: msg(3).at, duplicate: true });
      await flush();
      expect(page.result(id)).to.include({ seq: 3 });
      for (const p of [page, other]) {
        const withCid = p.port
          .events('messages')
          .flatMap((e) => e.messages)
          .filter((m) => m.cid === 'cid-1');
        expect(seqs(withCid), 'pages learn the pending line is numbered').to.deep.equal([3]);
      }
      expect(seqs(b.storage.logs.get('lobby')!.messages)).to.deep.equal([1, 2, 3]);
    });

    const refusals = [ErrorCode.TextTooLong, ErrorCode.EmptyText, ErrorCode.NotJoined];
    for (const code of refusals) {
      it(`a say refused with ${code} is dropped and its call rejected`, async () => {
        const b = new Bridge();
        const page = await b.joinedPage();
        const other = await b.page();
        const id = page.call('say', { text: 'x'.repeat(3000) });
        await flush();
        b.socket.replyError(b.socket.only('say').id, code, 'refused');
        await flush();
        expect(page.errorCode(id)).to.equal(code);
        for (const p of [page, other]) {
          expect(p.port.events('dropped')).to.deep.equal([{ type: 'dropped', cid: 'cid-1', error: { code, message: 'refused' } }]);
        }
        expect(b.storage.outbox).to.deep.equal([]);
        b.socket.drop(1006);
        await flush();
        const socket = await reconnect(b);
        expect(socket.methods, 'not sent again').to.deep.equal(['resume']);
      });
    }

    it('a say refused with SHUTTING_DOWN stays queued and is sent after the reconnect', async () => {
      const b = new Bridge();
      const page = await b.joinedPage();
      const id = page.call('say', { text: 'during restart' });
      await flush();
      b.socket.replyError(b.socket.only('say').id, ErrorCode.ShuttingDown);
      await flush();
      expect(page.port.events('dropped')).to.deep.equal([]);
      expect(page.answer(id)).to.equal(undefined);
      b.socket.drop(CloseCode.GoingAway, 'server restarting');
      await flush();
      const socket = await reconnect(b);
      expect(socket.only('say').params).to.deep.equal({ text: 'during restart', cid: 'cid-1' });
      socket.reply(socket.only('say').id, { place: 'lobby', seq: 1, at: 1, duplicate: false });
      await flush();
      expect(page.result(id)).to.include({ seq: 1, text: 'during restart' });
    });

    it('a say the server could not store (STORE_UNAVAILABLE) is retried with the same cid after storeRetryMs', async () => {
      const b = new Bridge();
      const page = await b.joinedPage();
      const id = page.call('say', { text: 'store hiccup' });
      await flush();
      b.socket.replyError(b.socket.only('say').id, ErrorCode.StoreUnavailable);
      await flush();
      expect(page.port.events('dropped')).to.deep.equal([]);
      b.clock.advance(DEFAULT_BRIDGE_OPTIONS.storeRetryMs);
      await flush();
      const says = b.socket.callsOf('say');
      expect(says.map((frame) => frame.params)).to.deep.equal([
        { text: 'store hiccup', cid: 'cid-1' },
        { text: 'store hiccup', cid: 'cid-1' },
      ]);
      b.socket.reply(says[1]!.id, { place: 'lobby', seq: 1, at: 1, duplicate: false });
      await flush();
      expect(page.result(id)).to.include({ seq: 1, text: 'store hiccup' });
    });

    const localRefusals: { name: string; joined: boolean; text: string; code: string }[] = [
      { name: 'before join', joined: false, text: 'hi', code: BridgeErrorCode.NotJoined },
      { name: 'blank text', joined: true, text: '  \n ', code: ErrorCode.EmptyText },
    ];
    for (const c of localRefusals) {
      it(`a say ${c.name} is refused at once with ${c.code}, nothing queued`, async () => {
        const b = new Bridge();
        const page = c.joined ? await b.joinedPage() : await b.page();
        const id = page.call('say', { text: c.text });
        await flush();
        expect(page.errorCode(id)).to.equal(c.code);
        expect(page.port.events('pending')).to.deep.equal([]);
        expect(b.storage.outbox).to.deep.equal([]);
      });
    }

    it('a stored outbox (lines from a closed page) is sent after the resume', async () => {
      const storage = storedSession();
      storage.outbox = [{ cid: 'old-1', text: 'typed earlier' }];
      const b = new Bridge({ storage });
      const page = await b.page();
      expect(page.port.welcomes()[0]!.snapshot.pending).to.deep.equal([{ cid: 'old-1', text: 'typed earlier' }]);
      b.socket.open();
      await flush();
      await b.acceptJoin(joined('Ana', 'kitchen', { head: 3 }));
      expect(b.socket.methods).to.deep.equal(['resume', 'say']);
      expect(b.socket.only('say').params).to.deep.equal({ text: 'typed earlier', cid: 'old-1' });
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
      expect(b.storage.logs.get('lobby')).to.deep.equal({ place: 'lobby', epoch: 'epoch-2', messages: [], gaps: [] });
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

  describe('(g) reconnect and final refusals', () => {
    const backoff = { baseMs: 1_000, maxMs: 4_000 };

    it('after a close for rate-limit abuse (4004) waits the longest backoff before reconnecting', async () => {
      const b = new Bridge();
      await b.joinedPage();
      b.socket.drop(CloseCode.RateLimitAbuse, 'slow down');
      await flush();
      b.clock.advance(DEFAULT_BRIDGE_OPTIONS.backoff.maxMs - 1);
      await flush();
      expect(b.net.sockets).to.have.length(1);
      b.clock.advance(1);
      await flush();
      expect(b.net.sockets).to.have.length(2);
    });

    it('reconnects with growing backoff after unexpected closes, and resets it once joined', async () => {
      const b = new Bridge({ options: { backoff } });
      b.clock.randomValue = 0; // delay = ceiling / 2
      const page = await b.joinedPage();
      const expectReconnectAfter = async (delay: number) => {
        const before = b.net.sockets.length;
        b.clock.advance(delay - 1);
        await flush();
        expect(b.net.sockets, `not before ${delay} ms`).to.have.length(before);
        b.clock.advance(1);
        await flush();
        expect(b.net.sockets, `at ${delay} ms`).to.have.length(before + 1);
      };
      b.socket.drop(1006);
      await flush();
      expect(states(page.port).at(-1)).to.equal('offline');
      await expectReconnectAfter(500);
      b.socket.drop(1006); // failed to open
      await flush();
      await expectReconnectAfter(1_000);
      b.socket.drop(1011);
      await flush();
      await expectReconnectAfter(2_000);
      b.socket.drop(1006);
      await flush();
      await expectReconnectAfter(2_000); // capped: ceiling 4000
      expect(b.clock.randomCalls).to.be.greaterThan(0);
      b.socket.open();
      await flush();
      await b.acceptJoin(joined());
      b.socket.drop(1001);
      await flush();
      await expectReconnectAfter(500);
      expect(states(page.port)).to.include.members(['offline', 'connecting', 'joined']);
    });

    const noReconnect = [CloseCode.UnsupportedProtocol, CloseCode.SessionReplaced, CloseCode.ProtocolAbuse];
    for (const code of noReconnect) {
      it(`does not reconnect after close code ${code}, and emits a notice`, async () => {
        const b = new Bridge();
        const page = await b.joinedPage();
        b.socket.drop(code, 'go away');
        await flush();
        expect(page.port.events('notice')).to.deep.equal([{ type: 'notice', code: String(code), message: 'go away' }]);
        b.clock.advance(10 * 60_000);
        await flush();
        expect(b.net.sockets).to.have.length(1);
        expect(b.core.state).to.equal('offline');
      });
    }

    const finals = [ErrorCode.NickTaken, ErrorCode.InvalidNick, ErrorCode.InvalidPlace];
    for (const code of finals) {
      it(`a final join refusal (${code}) ends the session, rejects join and clears the stored session`, async () => {
        const b = new Bridge();
        const page = await b.page();
        const id = page.call('join', { nick: 'Ana' });
        await flush();
        b.socket.open();
        await flush();
        b.socket.replyError(b.socket.only('identify').id, code, 'no');
        await flush();
        expect(page.errorCode(id)).to.equal(code);
        expect(page.port.events('notice')).to.deep.equal([{ type: 'notice', code, message: 'no' }]);
        expect(b.core.state).to.equal('idle');
        expect(states(page.port).at(-1)).to.equal('idle');
        expect(b.storage.session).to.equal(null);
        expect(b.socket.closedByClient).to.not.equal(null);
        b.clock.advance(10 * 60_000);
        await flush();
        expect(b.net.sockets).to.have.length(1);
      });
    }

    it('a final refusal after UNKNOWN_SESSION also forgets the queued lines, in storage too', async () => {
      const storage = storedSession();
      storage.outbox = [{ cid: 'old-1', text: 'typed earlier' }];
      const b = new Bridge({ storage });
      const page = await b.page();
      b.socket.open();
      await flush();
      b.socket.replyError(b.socket.only('resume').id, ErrorCode.UnknownSession);
      await flush();
      b.socket.replyError(b.socket.only('identify').id, ErrorCode.NickTaken);
      await flush();
      expect(lastSnapshot(page.port).pending).to.deep.equal([]);
      expect(b.storage.session).to.equal(null);
      expect(b.storage.outbox, 'lines of the lost nick must not be sent under the next one').to.deep.equal([]);
      const next = new Bridge({ storage: b.storage });
      expect((await next.page()).port.welcomes()[0]!.snapshot.pending).to.deep.equal([]);
    });

    it('a passing join refusal (STORE_UNAVAILABLE) retries with backoff instead of hanging', async () => {
      const b = new Bridge({ options: { backoff } });
      const page = await b.page();
      const id = page.call('join', { nick: 'Ana' });
      await flush();
      b.socket.open();
      await flush();
      b.socket.replyError(b.socket.only('identify').id, ErrorCode.StoreUnavailable);
      await flush();
      expect(page.answer(id)).to.equal(undefined);
      expect(b.socket.isClosed, 'the useless socket is closed').to.equal(true);
      b.clock.advance(backoff.baseMs);
      await flush();
      expect(b.net.sockets).to.have.length(2);
      b.socket.open();
      await flush();
      await b.acceptJoin(joined());
      expect(page.result(id)).to.include({ state: 'joined' });
    });
  });

  describe('(h) pages coming and going', () => {
    it("'bye' removes the page and closes its port; it gets nothing more", async () => {
      const b = new Bridge();
      const page = await b.joinedPage();
      const other = await b.page();
      expect(b.core.pageCount).to.equal(2);
      page.bye();
      await flush();
      expect(page.port.closed).to.equal(true);
      expect(b.core.pageCount).to.equal(1);
      b.socket.push('userSay', { place: 'lobby', epoch: EPOCH, messages: [msg(1)] });
      await flush();
      expect(page.port.postedAfterClose).to.equal(0);
      expect(other.port.events('messages')).to.have.length(1);
    });

    it('a page that stops pinging is dropped after pageTimeoutMs; one that pings stays', async () => {
      const pageTimeoutMs = 30_000;
      const b = new Bridge({ options: { pageTimeoutMs } });
      const silent = await b.joinedPage();
      const alive = await b.page();
      for (let t = 0; t < 2 * pageTimeoutMs; t += 5_000) {
        b.clock.advance(5_000);
        alive.ping();
      }
      await flush();
      expect(silent.port.closed).to.equal(true);
      expect(alive.port.closed).to.equal(false);
      expect(b.core.pageCount).to.equal(1);
      expect(b.socket.isClosed).to.equal(false);
    });

    it(`closes the socket ${DEFAULT_BRIDGE_OPTIONS.idleCloseMs} ms after the last page goes, keeps the session, and resumes for the next page`, async () => {
      const b = new Bridge();
      const page = await b.joinedPage('Ana', msgs(1, 4));
      page.bye();
      b.clock.advance(DEFAULT_BRIDGE_OPTIONS.idleCloseMs - 1);
      await flush();
      expect(b.socket.isClosed).to.equal(false);
      b.clock.advance(1);
      await flush();
      expect(b.socket.closedByClient).to.include({ code: 1000 });
      expect(b.storage.session).to.deep.equal({ nick: 'Ana', place: 'lobby', token: TOKEN });
      b.clock.advance(10 * 60_000);
      await flush();
      expect(b.net.sockets, 'no reconnect with no page').to.have.length(1);

      const next = await b.page();
      expect(b.net.sockets).to.have.length(2);
      b.socket.open();
      await flush();
      expect(b.socket.only('resume').params).to.deep.equal({ token: TOKEN, since: [{ place: 'lobby', seq: 4, epoch: EPOCH }] });
      await b.acceptJoin(joined('Ana', 'lobby', { head: 4 }));
      expect(states(next.port).at(-1)).to.equal('joined');
    });

    it('the last page timing out also closes the socket after idleCloseMs', async () => {
      const b = new Bridge({ options: { pageTimeoutMs: 30_000, idleCloseMs: 5_000 } });
      await b.joinedPage();
      b.clock.advance(40_000);
      await flush();
      expect(b.core.pageCount).to.equal(0);
      b.clock.advance(5_000);
      await flush();
      expect(b.socket.isClosed).to.equal(true);
    });

    it('a page coming back before idleCloseMs keeps the same socket', async () => {
      const b = new Bridge();
      const page = await b.joinedPage();
      page.bye();
      b.clock.advance(DEFAULT_BRIDGE_OPTIONS.idleCloseMs - 1);
      const back = await b.page();
      b.clock.advance(DEFAULT_BRIDGE_OPTIONS.idleCloseMs * 2);
      await flush();
      expect(b.net.sockets).to.have.length(1);
      expect(b.socket.isClosed).to.equal(false);
      expect(back.port.welcomes()[0]!.snapshot.state).to.equal('joined');
    });

    it('no reconnect is scheduled while no page is open, and a page coming back reconnects', async () => {
      const b = new Bridge();
      const page = await b.joinedPage();
      page.bye();
      b.socket.drop(1006);
      await flush();
      b.clock.advance(10 * 60_000);
      await flush();
      expect(b.net.sockets).to.have.length(1);
      await b.page();
      expect(b.net.sockets).to.have.length(2);
    });
    it('dispose() clears every timer it owns (sweep, reconnect, idle close, store retries), closes the socket and keeps the session', async () => {
      const b = new Bridge();
      const page = await b.joinedPage();
      const say = page.call('say', { text: 'not stored yet' });
      await flush();
      b.socket.replyError(b.socket.only('say').id, ErrorCode.StoreUnavailable);
      await flush();
      page.bye(); // arms the idle close
      expect(b.clock.pendingCount).to.be.greaterThan(1);
      b.core.dispose();
      await flush();
      expect(b.clock.pendingCount, `timers left: ${b.clock.pendingDelays.join(', ')}`).to.equal(0);
      expect(b.socket.closedByClient).to.include({ code: 1000 });
      expect(b.storage.session).to.deep.equal({ nick: 'Ana', place: 'lobby', token: TOKEN });
      expect(page.errorCode(say)).to.equal('DISCONNECTED');
      // A page that comes later is ignored: nothing connects, nothing is armed.
      const late = new TestPage(b.core);
      late.hello();
      await flush();
      expect(late.port.welcomes()).to.deep.equal([]);
      expect(b.net.sockets).to.have.length(1);
      expect(b.clock.pendingCount).to.equal(0);
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

  describe('(k) bad page messages', () => {
    const bad: { name: string; data: unknown; code: string; id: number | null }[] = [
      { name: 'an older bridge version', data: { v: BRIDGE_VERSION + 1, kind: 'ping' }, code: BridgeErrorCode.VersionMismatch, id: null },
      {
        name: 'a call from another version',
        data: { v: 0, kind: 'call', id: 5, method: 'say', params: { text: 'x' } },
        code: BridgeErrorCode.VersionMismatch,
        id: 5,
      },
      { name: 'a string', data: 'hello', code: BridgeErrorCode.BadMessage, id: null },
      { name: 'null', data: null, code: BridgeErrorCode.BadMessage, id: null },
      { name: 'an unknown kind', data: { v: BRIDGE_VERSION, kind: 'shout' }, code: BridgeErrorCode.BadMessage, id: null },
      {
        name: 'an unknown method',
        data: { v: BRIDGE_VERSION, kind: 'call', id: 3, method: 'explode', params: {} },
        code: BridgeErrorCode.BadMessage,
        id: 3,
      },
      {
        name: 'bad params',
        data: { v: BRIDGE_VERSION, kind: 'call', id: 4, method: 'join', params: { nick: 42 } },
        code: BridgeErrorCode.BadMessage,
        id: 4,
      },
      {
        name: 'a hello without serverUrl',
        data: { v: BRIDGE_VERSION, kind: 'hello', place: 'lobby', debug: false },
        code: BridgeErrorCode.BadMessage,
        id: null,
      },
    ];
    for (const c of bad) {
      it(`${c.name}: an error reply to that page only (${c.code})`, async () => {
        const b = new Bridge();
        const good = await b.joinedPage();
        good.port.clear();
        const sent = b.socket.sent.length;
        const broken = new TestPage(b.core);
        broken.post(c.data);
        await flush();
        expect(broken.port.posted).to.have.length(1);
        const error = broken.port.errors()[0]!;
        expect(error.id).to.equal(c.id);
        expect(error.error.code).to.equal(c.code);
        expect(good.port.posted).to.deep.equal([]);
        expect(b.core.pageCount, 'not attached').to.equal(1);
        expect(b.socket.sent).to.have.length(sent);
        expect(b.core.state).to.equal('joined');
        // The good page carries on.
        const id = good.call('command', { line: '-where' });
        await flush();
        b.socket.reply(b.socket.only('command').id, { command: 'where', place: 'lobby' });
        await flush();
        expect(good.result(id)).to.deep.equal({ command: 'where', place: 'lobby' });
      });
    }
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
