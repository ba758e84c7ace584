import WebSocket from 'ws';
import {
  CallError,
  PendingCalls,
  SUBPROTOCOL,
  decode,
  decodeResult,
  encode,
  type CallFrame,
  type ChatMessage,
  type ClientApi,
  type ClientMethod,
  type ServerApi,
  type ServerMethod,
} from '@itmchat/protocol';

export { CallError };

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

type Push = { [M in ClientMethod]: { method: M; params: ClientApi[M] } }[ClientMethod];

/**
 * A real `ws` client speaking the protocol, for integration tests. Every frame it receives
 * is checked with the protocol's own decoder, so a malformed server frame fails the test.
 */
export class TestClient {
  readonly pushes: Push[] = [];
  readonly closed: Promise<Closed>;
  readonly #calls = new PendingCalls<ServerApi>();
  readonly #waiters = new Set<() => void>();
  /** Replies to frames not sent through `call` (raw or broken frames): their ids and codes. */
  readonly strayReplies: { id: number | null; code: string }[] = [];
  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.#calls.rejectAll(() => new Error(`socket closed (${code})`));
        resolve({ code, reason: reason.toString() });
        this.#notify();
      }),
    );
    socket.on('message', (data) => this.#receive(data.toString()));
  }

  static connect(
    url: string,
    options: { protocols?: string | string[]; origin?: string; headers?: Record<string, string>; localAddress?: string } = {},
  ): Promise<TestClient> {
    const socket = new WebSocket(url, options.protocols ?? SUBPROTOCOL, {
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    const client = new TestClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  call<M extends ServerMethod>(method: M, params: ServerApi[M]['params']): Promise<ServerApi[M]['result']> {
    const { id, reply } = this.#calls.start(method);
    const frame: CallFrame<M> = { type: 'call', id, method, params };
    this.socket.send(encode(frame));
    return reply;
  }

  /** Resolves with the error code of a call that must fail; fails if it succeeds. */
  async refusal<M extends ServerMethod>(method: M, params: ServerApi[M]['params']): Promise<CallError['code']> {
    try {
      await this.call(method, params);
    } catch (error) {
      if (error instanceof CallError) return error.code;
      throw error;
    }
    throw new Error(`${method} was expected to fail`);
  }

  send(text: string | Buffer): void {
    this.socket.send(text);
  }

  /** Waits until `predicate` holds over what was received, or fails after `ms`. */
  async until(predicate: () => boolean, what = 'condition', ms = 5000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
    });
  }

  /** Params of every push of one method, in arrival order. */
  pushesOf<M extends ClientMethod>(method: M): ClientApi[M][] {
    return this.pushes.filter((p) => p.method === method).map((p) => p.params as ClientApi[M]);
  }

  /** Every line of a private conversation received (places named "@…"), in arrival order. */
  privateLines(): ChatMessage[] {
    return this.pushesOf('userSay').flatMap((push) => (push.place.startsWith('@') ? push.messages : []));
  }

  /** Numbers of every chat message received for a place, in arrival order. */
  seqs(place: string): number[] {
    return this.pushesOf('userSay')
      .filter((p) => p.place === place)
      .flatMap((p) => p.messages.map((m) => m.seq));
  }

  texts(place: string): string[] {
    return this.pushesOf('userSay')
      .filter((p) => p.place === place)
      .flatMap((p) => p.messages.map((m) => m.text));
  }

  async close(): Promise<Closed> {
    this.socket.close();
    return this.closed;
  }

  #receive(text: string): void {
    const decoded = decode(text, 'server');
    if (!decoded.ok) throw new Error(`server sent a malformed frame: ${decoded.error.message}: ${text}`);
    const frame = decoded.frame;
    if (frame.type === 'push') {
      this.pushes.push({ method: frame.method, params: frame.params } as Push);
    } else {
      const method = this.#calls.methodOf(frame.id);
      if (!method) {
        this.strayReplies.push({ id: frame.id, code: frame.type === 'error' ? frame.error.code : 'result' });
        this.#notify();
        return;
      }
      const id = frame.id!;
      if (frame.type === 'error') {
        // The code leads the message, so a failed test says at once what the server answered.
        this.#calls.reject(id, new CallError(frame.error.code, `${frame.error.code}: ${frame.error.message}`, frame.error.retryAfterMs));
      } else {
        const result = decodeResult(method, frame.result);
        if (!result.ok) this.#calls.reject(id, new Error(`malformed ${method} result: ${result.error.message}`));
        else this.#calls.resolve(id, result.frame);
      }
    }
    this.#notify();
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
