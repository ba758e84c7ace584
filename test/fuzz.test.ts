import { expect } from 'chai';
import fc from 'fast-check';
import WebSocket from 'ws';
import { CloseCode, ErrorCode, SUBPROTOCOL, decode } from '@itmchat/protocol';
import { VALID_CLIENT_FRAMES, VALID_SERVER_FRAMES, hostileText, oddValue } from './support/fuzz-frames.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import type { TestClient } from './support/test-client.js';

const ERROR_CODES: readonly string[] = Object.values(ErrorCode);
const CLOSE_CODES: readonly number[] = Object.values(CloseCode);

/** What `decode` must return for any input: a frame, or a BAD_FRAME error with a usable id. */
type AnyDecoded =
  | { readonly ok: true; readonly frame: { readonly type: string } }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string; readonly id: number | null } };

function expectWellFormed(result: AnyDecoded): void {
  if (result.ok) {
    expect(result.frame).to.be.an('object');
    expect(['call', 'result', 'error', 'push']).to.include(result.frame.type);
    return;
  }
  expect(result.error.code).to.equal(ErrorCode.BadFrame);
  expect(result.error.message).to.be.a('string').and.not.equal('');
  if (result.error.id !== null) expect(Number.isSafeInteger(result.error.id) && result.error.id > 0).to.equal(true);
}

describe('fuzz: the decoder', () => {
  for (const side of ['client', 'server'] as const) {
    const seeds = side === 'client' ? VALID_CLIENT_FRAMES : VALID_SERVER_FRAMES;

    it(`decode(text, '${side}') never throws on hostile text`, () => {
      fc.assert(
        fc.property(hostileText(seeds), (text) => expectWellFormed(decode(text, side as 'client'))),
        { numRuns: 3000, seed: 7 },
      );
    });

    it(`decode(value, '${side}') never throws on values that are not text`, () => {
      fc.assert(
        fc.property(fc.oneof(oddValue, fc.anything()), (value) => {
          const result = decode(value, side as 'client');
          expect(result.ok).to.equal(false);
          expectWellFormed(result);
        }),
        { numRuns: 500, seed: 7 },
      );
    });
  }

  it('accepts every seed frame unmutated', () => {
    for (const frame of VALID_CLIENT_FRAMES) expect(decode(JSON.stringify(frame), 'client').ok, JSON.stringify(frame)).to.equal(true);
    for (const frame of VALID_SERVER_FRAMES) expect(decode(JSON.stringify(frame), 'server').ok, JSON.stringify(frame)).to.equal(true);
  });
});

/** A raw socket that records every reply, decoding each with the protocol's own decoder. */
interface Raw {
  readonly socket: WebSocket;
  readonly closed: Promise<number>;
  /** Resolves once the server has answered call `id` (a result or an error). */
  answered(id: number): Promise<void>;
}

describe('fuzz: the live server', function () {
  this.timeout(30_000);
  let server: TestServer;
  const visitors: TestClient[] = [];

  before(async () => {
    server = await startTestServer('memory');
  });
  after(async () => {
    await Promise.all(visitors.splice(0).map((c) => c.close()));
    await server.close();
  });

  it('answers thousands of hostile frames with well-formed frames, while two visitors keep chatting', async () => {
    const FRAMES = 5000;
    const BATCH = 40;
    const texts = fc.sample(hostileText(VALID_CLIENT_FRAMES), { numRuns: FRAMES, seed: 42 });
    const malformed: string[] = [];
    const unknownCodes: string[] = [];
    const closes = new Map<number, number>();
    let replies = 0;
    let binary = 0;

    const open = async (): Promise<Raw> => {
      const socket = new WebSocket(server.wsUrl, SUBPROTOCOL);
      const replyIds = new Set<number | null>();
      const waiting = new Map<number | null, () => void>();
      const replied = (id: number | null): void => {
        replyIds.add(id);
        waiting.get(id)?.();
      };
      socket.on('message', (data) => {
        replies += 1;
        const decoded = decode(data.toString(), 'server');
        if (!decoded.ok) return void malformed.push(data.toString().slice(0, 200));
        const frame = decoded.frame;
        if (frame.type === 'error') {
          if (!ERROR_CODES.includes(frame.error.code)) unknownCodes.push(frame.error.code);
          replied(frame.id);
        } else if (frame.type === 'result') replied(frame.id);
      });
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      socket.on('error', () => {}); // the close that follows is what we count
      await new Promise<void>((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      const answered = (id: number): Promise<void> =>
        replyIds.has(id) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(id, resolve));
      return { socket, closed, answered };
    };

    const [ana, bob] = [await server.joined('visitorAna'), await server.joined('visitorBob')];
    visitors.push(ana, bob);
    const said = { visitorAna: [] as string[], visitorBob: [] as string[] };
    let sayCount = 0;
    const says: Promise<unknown>[] = [];
    const chat = () => {
      for (const [who, client] of [
        ['visitorAna', ana],
        ['visitorBob', bob],
      ] as const) {
        const text = `${who} line ${said[who].length}`;
        said[who].push(text);
        says.push(client.call('say', { text, cid: `${who}-${said[who].length}` }));
        sayCount += 1;
      }
    };

    let raw = await open();
    const SENTINEL = 9_000_000_000;
    for (let start = 0, batch = 0; start < FRAMES; start += BATCH, batch++) {
      if (batch % 25 === 24) {
        raw.socket.send(Buffer.from([0, 1, 2, 255]), { binary: true });
        binary += 1;
      }
      for (const text of texts.slice(start, start + BATCH)) {
        if (raw.socket.readyState !== WebSocket.OPEN) break;
        raw.socket.send(text);
      }
      chat();
      // Wait for this batch to be answered (a sentinel call), or for the server to close the socket.
      const sentinel = SENTINEL + batch;
      if (raw.socket.readyState === WebSocket.OPEN)
        raw.socket.send(JSON.stringify({ type: 'call', id: sentinel, method: 'leave', params: {} }));
      const code = await Promise.race([raw.answered(sentinel).then(() => null), raw.closed]);
      if (code !== null) {
        closes.set(code, (closes.get(code) ?? 0) + 1);
        raw = await open();
      }
    }
    raw.socket.close();
    await Promise.all(says);

    // Every line each visitor said reached the other, in the order said.
    const heard = (client: TestClient, nick: string) =>
      client.pushesOf('userSay').flatMap((p) => p.messages.filter((m) => m.nick === nick).map((m) => m.text));
    await ana.until(() => heard(ana, 'visitorBob').length === said.visitorBob.length, "bob's lines at ana", 10_000);
    await bob.until(() => heard(bob, 'visitorAna').length === said.visitorAna.length, "ana's lines at bob", 10_000);
    expect(heard(ana, 'visitorBob')).to.deep.equal(said.visitorBob);
    expect(heard(bob, 'visitorAna')).to.deep.equal(said.visitorAna);

    const health = await fetch(`${server.url}/healthz`);
    const crashes = health.status === 200 ? 0 : 1;
    expect(malformed, 'malformed server frames').to.deep.equal([]);
    expect(unknownCodes, 'error codes outside ErrorCode').to.deep.equal([]);
    expect(crashes).to.equal(0);
    for (const code of closes.keys()) expect(CLOSE_CODES, `close code ${code}`).to.include(code);
    expect(closes.get(CloseCode.ProtocolAbuse) ?? 0).to.be.greaterThan(0);
    expect(closes.get(CloseCode.UnsupportedData) ?? 0).to.equal(binary);

    const closeText = [...closes].map(([code, n]) => `${n} (${code})`).join(', ');
    console.log(
      `      fuzz: ${FRAMES} frames + ${binary} binary, ${replies} replies, 0 malformed, ${crashes} crashes, closes: ${closeText}; 2 visitors exchanged ${sayCount} messages`,
    );
  });
});
