import {
  BridgeErrorCode,
  SUBPROTOCOL,
  decode,
  decodeResult,
  encode,
  type PushFrame,
  type ServerApi,
  type ServerMethod,
} from '@itmchat/protocol';
import { CallError } from './call-error.js';
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
  readonly #pending = new Map<number, { method: ServerMethod; resolve: (value: never) => void; reject: (error: Error) => void }>();
  #nextId = 1;
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
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { method, resolve: resolve, reject });
      this.#socket.send(encode({ type: 'call', id, method, params } as never));
    });
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
    const pending = frame.id === null ? undefined : this.#pending.get(frame.id);
    if (!pending) return this.handlers.malformed(`reply to unknown call ${String(frame.id)}`);
    this.#pending.delete(frame.id!);
    if (frame.type === 'error') return pending.reject(new CallError(frame.error.code, frame.error.message));
    const result = decodeResult(pending.method, frame.result);
    if (result.ok) pending.resolve(result.frame as never);
    else pending.reject(new CallError('BAD_FRAME', `malformed ${pending.method} result: ${result.error.message}`));
  }

  #ended(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.onopen = this.#socket.onmessage = null;
    this.#socket.onclose = null;
    for (const { reject } of this.#pending.values()) reject(new CallError(BridgeErrorCode.Disconnected, `connection closed (${code})`));
    this.#pending.clear();
    this.handlers.close(code, reason);
  }
}
