import { expect } from 'chai';
import { BridgeErrorCode, ErrorCode, SUBPROTOCOL, type PushFrame } from '@itmchat/protocol';
import { CallError } from '@itmchat/protocol';
import { ServerLink, type LinkHandlers } from '../src/server-link.js';
import { flush } from './support/fake-clock.js';
import { FakeNetwork } from './support/fake-socket.js';

const URL = 'wss://chat.example/ws';

function setup() {
  const net = new FakeNetwork();
  const seen = { open: 0, pushes: [] as PushFrame[], closes: [] as [number, string][], malformed: [] as string[] };
  const handlers: LinkHandlers = {
    open: () => void seen.open++,
    push: (frame) => void seen.pushes.push(frame),
    close: (code, reason) => void seen.closes.push([code, reason]),
    malformed: (problem) => void seen.malformed.push(problem),
  };
  const link = new ServerLink(URL, net.open, handlers);
  return { net, socket: net.last, link, seen };
}

/** Settles a promise into a value or its CallError, for table checks. */
async function outcome<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('ServerLink', () => {
  it('opens one socket with the URL and subprotocol, and reports open', () => {
    const { net, socket, seen } = setup();
    expect(net.sockets).to.have.length(1);
    expect(socket.url).to.equal(URL);
    expect(socket.protocol).to.equal(SUBPROTOCOL);
    socket.open();
    expect(seen.open).to.equal(1);
  });

  it('gives calls increasing ids and well-formed frames', () => {
    const { socket, link } = setup();
    void link.call('say', { text: 'a', cid: 'c1' });
    void link.call('command', { line: '-folks' });
    void link.call('leave', {});
    expect(socket.calls).to.deep.equal([
      { type: 'call', id: 1, method: 'say', params: { text: 'a', cid: 'c1' } },
      { type: 'call', id: 2, method: 'command', params: { line: '-folks' } },
      { type: 'call', id: 3, method: 'leave', params: {} },
    ]);
  });

  it('resolves each call with its own result, whatever the reply order', async () => {
    const { socket, link } = setup();
    const first = link.call('say', { text: 'a', cid: 'c1' });
    const second = link.call('say', { text: 'b', cid: 'c2' });
    socket.reply(2, { place: 'lobby', seq: 8, at: 2, duplicate: false });
    socket.reply(1, { place: 'lobby', seq: 7, at: 1, duplicate: true });
    expect(await first).to.deep.equal({ place: 'lobby', seq: 7, at: 1, duplicate: true });
    expect(await second).to.deep.equal({ place: 'lobby', seq: 8, at: 2, duplicate: false });
  });

  const refusals = [ErrorCode.TextTooLong, ErrorCode.NickTaken, ErrorCode.UnknownSession, ErrorCode.ShuttingDown];
  for (const code of refusals) {
    it(`rejects with a CallError coded ${code}`, async () => {
      const { socket, link } = setup();
      const call = link.call('say', { text: 'x', cid: 'c' });
      socket.replyError(1, code, 'nope');
      const result = await outcome(call);
      expect(result.ok).to.equal(false);
      if (result.ok) return;
      expect(result.error).to.be.instanceOf(CallError);
      expect(result.error).to.include({ code, message: 'nope' });
    });
  }

  it('rejects with BAD_FRAME when the result does not fit the method', async () => {
    const { socket, link } = setup();
    const call = link.call('say', { text: 'x', cid: 'c' });
    socket.reply(1, { nonsense: true } as never);
    const result = await outcome(call);
    expect(!result.ok && result.error)
      .to.be.instanceOf(CallError)
      .and.include({ code: ErrorCode.BadFrame });
  });

  it('hands decoded pushes to the push handler', () => {
    const { socket, seen } = setup();
    socket.push('userSay', { place: 'lobby', epoch: 'e', messages: [{ seq: 1, at: 1, nick: 'bob', text: 'hi' }] });
    expect(seen.pushes).to.deep.equal([
      { type: 'push', method: 'userSay', params: { place: 'lobby', epoch: 'e', messages: [{ seq: 1, at: 1, nick: 'bob', text: 'hi' }] } },
    ]);
  });

  const malformed: [name: string, text: string][] = [
    ['not JSON', '{oops'],
    ['not an object', '[1,2]'],
    ['an unknown frame type', '{"type":"banana"}'],
    ['an unknown push method', '{"type":"push","method":"explode","params":{}}'],
    ['a reply to a call never made', '{"type":"result","id":99,"result":{}}'],
    ['an error with no id', '{"type":"error","id":null,"error":{"code":"BAD_FRAME","message":"x"}}'],
  ];
  for (const [name, text] of malformed) {
    it(`reports ${name} as malformed without throwing, and keeps working`, async () => {
      const { socket, link, seen } = setup();
      const call = link.call('leave', {});
      expect(() => socket.receive(text)).not.to.throw();
      expect(seen.malformed).to.have.length(1);
      expect(seen.pushes).to.deep.equal([]);
      socket.reply(1, {});
      expect(await call).to.deep.equal({});
    });
  }

  it('rejects pending calls with DISCONNECTED when the socket closes, then reports the close once', async () => {
    const { socket, link, seen } = setup();
    const calls: Promise<unknown>[] = [link.call('say', { text: 'a', cid: 'c1' }), link.call('leave', {})];
    socket.drop(1006, 'gone');
    for (const call of calls) {
      const result = await outcome(call);
      expect(!result.ok && result.error)
        .to.be.instanceOf(CallError)
        .and.include({ code: BridgeErrorCode.Disconnected });
    }
    expect(seen.closes).to.deep.equal([[1006, 'gone']]);
  });

  it('rejects calls made after the close at once, sending nothing', async () => {
    const { socket, link } = setup();
    socket.drop(1001);
    const result = await outcome(link.call('leave', {}));
    expect(!result.ok && result.error).to.include({ code: BridgeErrorCode.Disconnected });
    expect(socket.sent).to.deep.equal([]);
  });

  it('close() closes the socket, rejects pending calls and reports the close without waiting for the handshake', async () => {
    const { socket, link, seen } = setup();
    const call = link.call('leave', {});
    link.close(1000, 'bye');
    expect(socket.closedByClient).to.deep.equal({ code: 1000, reason: 'bye' });
    expect(seen.closes).to.deep.equal([[1000, 'bye']]);
    const result = await outcome(call);
    expect(!result.ok && result.error).to.include({ code: BridgeErrorCode.Disconnected });
    // A late close event and late frames are ignored.
    socket.drop(1000);
    socket.reply(1, {});
    link.close();
    await flush();
    expect(seen.closes).to.have.length(1);
    expect(seen.malformed).to.deep.equal([]);
  });
});
