import WebSocket from 'ws';
import { SUBPROTOCOL, encode, type ServerApi, type ServerMethod } from '@itmchat/protocol';
import { WS_CLIENT_OPTIONS } from '../load/adapters/bench-client.js';
import { now } from '../load/clock.js';

const CALL_TIMEOUT_MS = 30_000;

/** One frame as it arrived: when, how many payload bytes, and what it said. */
export interface ArrivedFrame {
  readonly at: number;
  readonly bytes: number;
  readonly frame: { type: string; id?: number; method?: string; params?: { messages?: { seq: number }[] }; result?: unknown };
}

/**
 * A bare itmchat client that stamps every frame on arrival, before reading it, so the times
 * measured are the server's and the wire's, not this client's JSON work.
 */
export class ResumeClient {
  readonly frames: ArrivedFrame[] = [];
  readonly #waiters = new Set<() => void>();
  #nextId = 1;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const at = now();
      this.frames.push({ at, bytes: data.length, frame: JSON.parse(data.toString()) as ArrivedFrame['frame'] });
      for (const waiter of [...this.#waiters]) waiter();
    });
  }

  /** Connects and waits for the server's hello. */
  static async open(url: string): Promise<ResumeClient> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, SUBPROTOCOL, WS_CLIENT_OPTIONS);
    const client = new ResumeClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await client.until(() => client.frames.some((f) => f.frame.method === 'hello'), 'hello');
    return client;
  }

  /** Sends a call; resolves with its result frame's arrival. Fails on an error reply. */
  async call<M extends ServerMethod>(method: M, params: ServerApi[M]['params']): Promise<{ at: number; result: ServerApi[M]['result'] }> {
    const id = this.send(method, params);
    const reply = await this.until(() => this.frames.find((f) => f.frame.id === id), `${method} reply`);
    if (reply.frame.type !== 'result') throw new Error(`${method} failed: ${JSON.stringify(reply.frame)}`);
    return { at: reply.at, result: reply.frame.result as ServerApi[M]['result'] };
  }

  /** Sends a call without waiting; returns its id. */
  send<M extends ServerMethod>(method: M, params: ServerApi[M]['params']): number {
    const id = this.#nextId++;
    this.socket.send(encode({ type: 'call', id, method, params } as never));
    return id;
  }

  /** Resolves with the first truthy value of `probe`, re-checked on every frame. */
  until<T>(probe: () => T | undefined | false, what: string): Promise<T> {
    const found = probe();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, CALL_TIMEOUT_MS);
      const check = () => {
        const value = probe();
        if (!value) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(value);
      };
      this.#waiters.add(check);
    });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.close();
    await closed;
  }
}
