import {
  decode,
  type CallFrame,
  type ClientApi,
  type ClientMethod,
  type ErrorCode,
  type ServerApi,
  type ServerMethod,
} from '@itmchat/protocol';
import type { ChatSocket, OpenSocket } from '../../src/socket.js';

/** One socket the bridge opened. The test plays the server: opens it, feeds it frames, closes it. */
export class FakeSocket implements ChatSocket {
  onopen: (() => void) | null = null;
  onmessage: ((text: string) => void) | null = null;
  onclose: ((code: number, reason: string) => void) | null = null;
  /** Every frame the bridge sent, as text. */
  readonly sent: string[] = [];
  /** Set when the bridge closed the socket itself. */
  closedByClient: { code: number | undefined; reason: string | undefined } | null = null;
  closedByServer = false;

  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {}

  send(text: string): void {
    if (this.closedByClient || this.closedByServer) throw new Error(`send on a closed socket: ${text}`);
    this.sent.push(text);
  }

  close(code?: number, reason?: string): void {
    this.closedByClient ??= { code, reason };
  }

  get isClosed(): boolean {
    return this.closedByClient !== null || this.closedByServer;
  }

  // ---- driven by the test ----

  open(): void {
    this.onopen?.();
  }

  /** Delivers raw text, as the server would send it. */
  receive(text: string): void {
    this.onmessage?.(text);
  }

  reply<M extends ServerMethod>(id: number, result: ServerApi[M]['result']): void {
    this.receive(JSON.stringify({ type: 'result', id, result }));
  }

  replyError(id: number, code: ErrorCode, message = code.toLowerCase(), retryAfterMs?: number): void {
    this.receive(JSON.stringify({ type: 'error', id, error: { code, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } }));
  }

  push<M extends ClientMethod>(method: M, params: ClientApi[M]): void {
    this.receive(JSON.stringify({ type: 'push', method, params }));
  }

  /** The server (or the network) ends the connection. */
  drop(code = 1006, reason = ''): void {
    this.closedByServer = true;
    this.onclose?.(code, reason);
  }

  /** Every call sent, decoded and validated with the protocol's own decoder. */
  get calls(): CallFrame[] {
    return this.sent.map((text) => {
      const decoded = decode(text, 'client');
      if (!decoded.ok) throw new Error(`the bridge sent a malformed frame (${decoded.error.message}): ${text}`);
      return decoded.frame;
    });
  }

  callsOf<M extends ServerMethod>(method: M): CallFrame<M>[] {
    return this.calls.filter((c) => c.method === method) as CallFrame<M>[];
  }

  /** The one call of `method` sent; fails if there is not exactly one. */
  only<M extends ServerMethod>(method: M): CallFrame<M> {
    const calls = this.callsOf(method);
    if (calls.length !== 1) throw new Error(`expected one ${method} call, got ${calls.length}: ${this.sent.join(' ')}`);
    return calls[0]!;
  }

  get methods(): string[] {
    return this.calls.map((c) => c.method);
  }
}

/** The OpenSocket the bridge gets; records every socket it opens. */
export class FakeNetwork {
  readonly sockets: FakeSocket[] = [];

  readonly open: OpenSocket = (url, protocol) => {
    const socket = new FakeSocket(url, protocol);
    this.sockets.push(socket);
    return socket;
  };

  get last(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }
}
