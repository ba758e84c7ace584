import { expect } from 'chai';
import { BRIDGE_VERSION, BridgeErrorCode, ErrorCode, SUBPROTOCOL } from '@itmchat/protocol';
import { DEFAULT_BRIDGE_OPTIONS } from '../src/bridge-options.js';
import { Bridge, EPOCH, SERVER_URL, TOKEN, TestPage, joined, msg, msgs } from './support/bridge-harness.js';
import { flush } from './support/fake-clock.js';

import { seqs, states, storedSession } from './support/bridge-expect.js';

describe('PageHub (in a BridgeCore)', () => {
  describe('(a) hello', () => {
    it('gets a welcome snapshot and opens no socket when no session is stored', async () => {
      const b = new Bridge();
      const page = await b.page();
      expect(page.port.welcomes()).to.deep.equal([
        {
          v: BRIDGE_VERSION,
          kind: 'welcome',
          snapshot: { state: 'idle', nick: null, place: null, members: [], messages: [], gaps: [], pending: [], notes: [], unread: 0 },
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
      expect(b.storage.session).to.deep.include({ nick: 'Ana', place: 'lobby', token: TOKEN });
      b.clock.advance(10 * 60_000);
      await flush();
      expect(b.net.sockets, 'no reconnect with no page').to.have.length(1);

      const next = await b.page();
      expect(b.net.sockets).to.have.length(2);
      b.socket.open();
      await flush();
      expect(b.socket.only('resume').params).to.deep.include({ token: TOKEN, since: [{ place: 'lobby', seq: 4, epoch: EPOCH }] });
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
      expect(b.storage.session).to.deep.include({ nick: 'Ana', place: 'lobby', token: TOKEN });
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
});
