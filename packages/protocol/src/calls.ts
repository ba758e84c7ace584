import type { BridgeError } from './bridge.js';

/**
 * A call refused or failed, with the typed code the protocol gives it (a server `ErrorCode` or
 * a `BridgeErrorCode`): the one error class of every request/reply in the chat — the worker's
 * calls to the server, the page's calls to the worker, and the tests' clients.
 */
export class CallError extends Error implements BridgeError {
  override readonly name = 'CallError';
  constructor(
    readonly code: BridgeError['code'],
    message: string,
    /** With RATE_LIMITED: when the same call would be taken again, as the server said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The code of a refusal, or null when the error was something else (a bug). */
export function refusalOf(error: unknown): BridgeError | null {
  return error instanceof CallError ? { code: error.code, message: error.message } : null;
}

/** Methods with the params they take and the result they answer (`ServerApi`, `BridgeApi`). */
export type CallApi<Api> = { readonly [M in keyof Api]: { readonly params: unknown; readonly result: unknown } };

interface Waiting<M> {
  readonly method: M;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The calling side of request/reply over any channel: each call gets the next id and a promise
 * that its reply settles, exactly once. The channel's owner sends the frame and hands replies in.
 */
export class PendingCalls<Api extends CallApi<Api>> {
  #nextId = 1;
  readonly #waiting = new Map<number, Waiting<keyof Api & string>>();

  /** A new call of `method`: the id to send it under, and the promise its reply settles. */
  start<M extends keyof Api & string>(method: M): { readonly id: number; readonly reply: Promise<Api[M]['result']> } {
    const id = this.#nextId++;
    // Typed by the call's method: whoever settles it hands in a result decoded for that method.
    const reply = new Promise<Api[M]['result']>((resolve, reject) => this.#waiting.set(id, { method, resolve, reject }));
    return { id, reply };
  }

  /** The method of call `id` while it waits for its reply (to decode the result by), else undefined. */
  methodOf(id: number | null): (keyof Api & string) | undefined {
    return id === null ? undefined : this.#waiting.get(id)?.method;
  }

  /** Settles call `id` with its result, decoded for its method; false if no such call waits. */
  resolve(id: number, result: unknown): boolean {
    return this.#settle(id, (waiting) => waiting.resolve(result));
  }

  /** Fails call `id`; false if no such call waits. */
  reject(id: number, error: Error): boolean {
    return this.#settle(id, (waiting) => waiting.reject(error));
  }

  /** Fails every waiting call (the channel is gone: their replies will never come). */
  rejectAll(error: () => Error): void {
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const call of waiting) call.reject(error());
  }

  #settle(id: number, settle: (waiting: Waiting<keyof Api & string>) => void): boolean {
    const waiting = this.#waiting.get(id);
    if (!waiting) return false;
    this.#waiting.delete(id);
    settle(waiting);
    return true;
  }
}
