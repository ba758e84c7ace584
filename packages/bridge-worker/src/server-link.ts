import {
  BridgeErrorCode,
  CallError,
  PendingCalls,
  SUBPROTOCOL,
  decode,
  decodeResult,
  encode,
  type CallFrame,
  type PushFrame,
  type ServerApi,
  type ServerMethod,
} from '@itmchat/protocol';
import type { ChatSocket, OpenSocket } from './socket.js';

export interface LinkHandlers {
  open(): void;
  push(frame: PushFrame): void;
  close(code: number, reason: string): void;
  /** A frame the server should never have sent; logged, otherwise ignored. */
  malformed(problem: string): void;
}

/** One socket to the server, with RPC over it: calls get ids, replies settle their promises. */
export class ServerLink {
  readonly #socket: ChatSocket;
  readonly #calls = new PendingCalls<ServerApi>();
  #closed = false;

  constructor(
    url: string,
    openSocket: OpenSocket,
    readonly handlers: LinkHandlers,
  ) {
    this.#socket = openSocket(url, SUBPROTOCOL);
    this.#socket.onopen = () => handlers.open();
    this.#socket.onmessage = (text) => this.#receive(text);
    this.#socket.onclose = (code, reason) => this.#ended(code, reason);
  }

  call<M extends ServerMethod>(method: M, params: ServerApi[M]['params']): Promise<ServerApi[M]['result']> {
    if (this.#closed) return Promise.reject(new CallError(BridgeErrorCode.Disconnected, 'not connected'));
    const { id, reply } = this.#calls.start(method);
    const frame: CallFrame<M> = { type: 'call', id, method, params };
    this.#socket.send(encode(frame));
    return reply;
  }

  close(code = 1000, reason = ''): void {
    if (this.#closed) return;
    this.#socket.close(code, reason);
    // Do not wait for the close handshake: the bridge is done with this link now.
    this.#ended(code, reason);
  }

  #receive(text: string): void {
    const decoded = decode(text, 'server');
    if (!decoded.ok) return this.handlers.malformed(decoded.error.message);
    const frame = decoded.frame;
    if (frame.type === 'push') return this.handlers.push(frame);
    const method = this.#calls.methodOf(frame.id);
    if (!method) return this.handlers.malformed(`reply to unknown call ${String(frame.id)}`);
    const id = frame.id!;
    if (frame.type === 'error')
      return void this.#calls.reject(id, new CallError(frame.error.code, frame.error.message, frame.error.retryAfterMs));
    const result = decodeResult(method, frame.result);
    if (result.ok) this.#calls.resolve(id, result.frame);
    else this.#calls.reject(id, new CallError('BAD_FRAME', `malformed ${method} result: ${result.error.message}`));
  }

  #ended(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.onopen = this.#socket.onmessage = null;
    this.#socket.onclose = null;
    this.#calls.rejectAll(() => new CallError(BridgeErrorCode.Disconnected, `connection closed (${code})`));
    this.handlers.close(code, reason);
  }
}
