import { expect } from 'chai';
import { CloseCode, ErrorCode } from '@itmchat/protocol';
import { DEFAULT_BRIDGE_OPTIONS } from '../src/bridge-options.js';
import { Bridge, joined } from './support/bridge-harness.js';
import { flush } from './support/fake-clock.js';

import { lastSnapshot, states, storedSession } from './support/bridge-expect.js';

describe('LinkKeeper (in a BridgeCore)', () => {
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
});
