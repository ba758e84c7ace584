import { expect } from 'chai';
import { BridgeErrorCode, CloseCode, ErrorCode, type ChatMessage } from '@itmchat/protocol';
import { DEFAULT_BRIDGE_OPTIONS } from '../src/bridge-options.js';
import { Bridge, joined, msg, msgs } from './support/bridge-harness.js';
import { flush } from './support/fake-clock.js';

import { seqs, storedSession } from './support/bridge-expect.js';

describe('Outbox (in a BridgeCore)', () => {
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

    it('after reconnect and resume, each queued line is sent once, with its cid, in order, one at a time', async () => {
      const { b, page } = await offline();
      page.port.clear();
      const ids = ['one', 'two', 'three'].map((text) => page.call('say', { text }));
      await flush();
      const socket = await reconnect(b);
      for (const [i, text] of ['one', 'two', 'three'].entries()) {
        // The next line goes only once the one before is answered: they are numbered in the order typed.
        expect(socket.methods).to.deep.equal(['resume', ...Array.from({ length: i + 1 }, () => 'say')]);
        const call = socket.callsOf('say')[i]!;
        expect(call.params).to.deep.equal({ text, cid: `cid-${i + 1}` });
        socket.reply(call.id, { place: 'lobby', seq: 3 + i, at: 50 + i, duplicate: false });
        await flush();
      }
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

    /** Answers every say on the socket as the server would, numbering from `seq`; returns the texts in the order sent. */
    function answerSays(b: Bridge, from: number): string[] {
      const says = b.socket.callsOf('say');
      const answered = new Set<number>();
      let seq = from;
      return says.map((call) => {
        if (!answered.has(call.id)) b.socket.reply(call.id, { place: 'lobby', seq: seq++, at: 1, duplicate: false });
        answered.add(call.id);
        return call.params.text;
      });
    }

    it('paces says to the rate the server announced: 40 lines at once all go, in order, never faster than the limit', async () => {
      const b = new Bridge();
      const page = await b.joinedPage();
      b.socket.push('hello', {
        protocol: 1,
        server: 'test',
        limits: { textMaxLength: 2000, nameMaxLength: 24, sayRate: { perSecond: 10, burst: 20 } },
      });
      await flush();
      const texts = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
      const ids = texts.map((text) => page.call('say', { text }));
      let sent: string[] = [];
      const sentAt: number[] = [];
      for (let tick = 0; tick < 400 && sent.length < 40; tick++) {
        // Answer as fast as lines come (one at a time), until the pace holds the next one back.
        for (let before = -1; before !== sent.length;) {
          before = sent.length;
          await flush();
          sent = answerSays(b, 1);
          for (let i = before; i < sent.length; i++) sentAt.push(b.clock.now());
        }
        b.clock.advance(10);
      }
      expect(sent).to.deep.equal(texts);
      // 18 at once (the burst, less a margin), then one per 100 ms: within the server's bucket all along.
      expect(sentAt.slice(0, 18).every((at) => at === sentAt[0])).to.equal(true);
      for (let i = 18; i < 40; i++) expect(sentAt[i]! - sentAt[i - 1]!, `line ${i + 1}`).to.be.at.least(100);
      await flush();
      expect(ids.map((id) => (page.result(id) as { text: string }).text)).to.deep.equal(texts);
    });

    it('a line refused RATE_LIMITED anyway stays first, goes again with its cid after the time the server said, and holds back the next', async () => {
      const b = new Bridge();
      const page = await b.joinedPage();
      const first = page.call('say', { text: 'first' });
      page.call('say', { text: 'second' });
      await flush();
      b.socket.replyError(b.socket.only('say').id, ErrorCode.RateLimited, 'slow down', 700);
      await flush();
      expect(page.port.events('dropped')).to.deep.equal([]);
      b.clock.advance(699);
      await flush();
      expect(b.socket.callsOf('say'), 'nothing before the retry time, not even the next line').to.have.length(1);
      b.clock.advance(1);
      await flush();
      expect(b.socket.callsOf('say').map((c) => c.params)).to.deep.equal([
        { text: 'first', cid: 'cid-1' },
        { text: 'first', cid: 'cid-1' },
      ]);
      b.socket.reply(b.socket.callsOf('say')[1]!.id, { place: 'lobby', seq: 1, at: 1, duplicate: false });
      await flush();
      expect(page.result(first)).to.include({ seq: 1, text: 'first' });
      expect(b.socket.callsOf('say').at(-1)!.params).to.deep.equal({ text: 'second', cid: 'cid-2' });
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
});
