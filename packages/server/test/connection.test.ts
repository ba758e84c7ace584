import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { CloseCode, ErrorCode, encode } from '@itmchat/protocol';
import type { Chat } from '../src/chat.js';
import { Connection, MAX_UNITS_IN_FLIGHT, MAX_CALLS_IN_FLIGHT, type ConnectionLimits } from '../src/connection.js';
import { ServerMetrics } from '../src/metrics.js';
import type { Peer } from '../src/peer.js';

/** A socket that takes frames but never sends them on (its `sent` callbacks wait until `flush`), as for a client that does not read. */
class StuckSocket extends EventEmitter {
  readonly OPEN = 1;
  readonly CLOSED = 3;
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: string[] = [];
  readonly waiting: (() => void)[] = [];
  closedWith: number | null = null;
  send(data: string | Buffer, _options: object, sent?: () => void): void {
    this.frames.push(data.toString());
    this.bufferedAmount += data.length;
    if (sent) this.waiting.push(sent);
  }
  flush(): void {
    this.bufferedAmount = 0;
    for (const sent of this.waiting.splice(0)) sent();
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = this.CLOSED;
    this.emit('close');
  }
  terminate(): void {
    this.close(1006);
  }
}

const LIMITS: ConnectionLimits = {
  maxBadFrames: 20,
  sayRate: { perSecond: 0, burst: 0 },
  commandRate: { perSecond: 0, burst: 0 },
  presenceRate: { perSecond: 0, burst: 0 },
  maxRateRefusals: 1_000,
  rateAbuseWindowMs: 10_000,
  maxBufferedBytes: 10_000,
};

/** A chat whose every call starts a catch-up of `pieces` frames of 1,000 characters. */
function chatSendingBacklog(pieces: number): Chat {
  return {
    metrics: new ServerMetrics(),
    handle: async (peer: Peer) => {
      peer.catchUp(async function* () {
        for (let i = 1; i <= pieces; i++)
          yield encode({ type: 'push', method: 'userLeave', params: { place: 'p', nick: `n${i}`, reason: 'left', to: null } as never });
      });
      return {};
    },
  } as unknown as Chat;
}

const call = (id: number) => encode({ type: 'call', id, method: 'leave', params: {} });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('Connection: backlogs and held pushes for a client that does not read', () => {
  it('sends a backlog one frame at a time, each once the one before has left the buffer', async () => {
    const socket = new StuckSocket();
    const connection = new Connection(socket as unknown as WebSocket, chatSendingBacklog(5), LIMITS, () => {});
    connection.receive(Buffer.from(call(1)), false);
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(socket.frames, 'the reply and the first piece only').to.have.length(2);
    for (let sent = 3; sent <= 6; sent++) {
      socket.flush();
      for (let i = 0; i < 5; i++) await nextTurn();
      expect(socket.frames).to.have.length(sent);
    }
  });

  it('drops the client as a slow reader (4005) once the live pushes held behind its backlog pass the bound', async () => {
    const socket = new StuckSocket();
    const connection = new Connection(socket as unknown as WebSocket, chatSendingBacklog(2), LIMITS, () => {});
    connection.receive(Buffer.from(call(1)), false);
    for (let i = 0; i < 5; i++) await nextTurn();
    const live = 'x'.repeat(1_000);
    for (let i = 0; i < 10; i++) connection.push(live);
    expect(socket.closedWith, 'within the bound').to.equal(null);
    connection.push(live);
    expect(socket.closedWith).to.equal(CloseCode.SlowReader);
  });

  it(`refuses calls beyond ${MAX_CALLS_IN_FLIGHT} waiting behind an unfinished backlog with RATE_LIMITED`, async () => {
    const socket = new StuckSocket();
    const connection = new Connection(socket as unknown as WebSocket, chatSendingBacklog(2), LIMITS, () => {});
    connection.receive(Buffer.from(call(1)), false);
    for (let i = 0; i < 5; i++) await nextTurn(); // its backlog is stuck on the first piece
    for (let id = 2; id <= MAX_CALLS_IN_FLIGHT + 1; id++) connection.receive(Buffer.from(call(id)), false);
    const refusal = socket.frames.map((f) => JSON.parse(f) as { id: number; error?: { code: string } }).find((f) => f.error);
    expect(refusal).to.deep.include({ id: MAX_CALLS_IN_FLIGHT + 1 });
    expect(refusal!.error!.code).to.equal(ErrorCode.RateLimited);
  });

  it(`refuses calls beyond ${MAX_UNITS_IN_FLIGHT / 1024} K UTF-16 units waiting behind an unfinished backlog`, async () => {
    const socket = new StuckSocket();
    const connection = new Connection(socket as unknown as WebSocket, chatSendingBacklog(2), LIMITS, () => {});
    connection.receive(Buffer.from(call(1)), false);
    for (let i = 0; i < 5; i++) await nextTurn();
    const say = (id: number) => encode({ type: 'call', id, method: 'say', params: { text: '€'.repeat(16_000), cid: `c${id}` } });
    const fits = Math.floor(MAX_UNITS_IN_FLIGHT / say(2).length);
    for (let id = 2; id <= fits + 2; id++) connection.receive(Buffer.from(say(id)), false);
    const refused = socket.frames.map((f) => JSON.parse(f) as { id: number; error?: { code: string } }).filter((f) => f.error);
    expect(refused.map((f) => f.id)).to.deep.equal([fits + 2]);
  });
});
