import {
  assertNever,
  BRIDGE_VERSION,
  BridgeErrorCode,
  ErrorCode,
  decodePageMessage,
  refusalOf,
  type BridgeApi,
  type BridgeEvent,
  type BridgeMethod,
  type PageCall,
  type PageMessage,
  type Snapshot,
  type WorkerMessage,
} from '@itmchat/protocol';
import { PageRegistry } from './pages.js';
import type { PagePort } from './ports.js';
import type { Timers } from './timers.js';

export type HelloMessage = Extract<PageMessage, { kind: 'hello' }>;

/** What each page call does, for the page that made it. */
export type PageCallHandlers = {
  readonly [M in BridgeMethod]: (port: PagePort, params: BridgeApi[M]['params']) => Promise<BridgeApi[M]['result']>;
};

export interface PageHubDeps {
  readonly timers: Timers;
  /** A page silent for this long is taken as gone. */
  readonly pageTimeoutMs: number;
  /** Settles once the bridge has read browser storage: hellos and calls wait for it. */
  readonly ready: Promise<void>;
  readonly handlers: PageCallHandlers;
  /** A page said hello (before storage is read): its settings. */
  readonly hello: (hello: HelloMessage) => void;
  /** What a page that said hello is shown first, once storage is read. */
  readonly welcome: () => Snapshot;
  /** A page posted something: it is there. */
  readonly active: () => void;
  /** A page said hello or pinged, visible or not (absent: an older page, taken as visible). */
  readonly seen: (port: PagePort, visible: boolean | undefined) => void;
  /** A page is gone. */
  readonly gone: (port: PagePort) => void;
  /** The last page is gone. */
  readonly empty: () => void;
  readonly report: (level: 'error', message: string) => void;
}

/**
 * The pages attached to the bridge and what they post: each message decoded (a broken or
 * outdated page is answered, never trusted), hellos welcomed with a snapshot, calls run by the
 * handler of their method and answered with a result or a typed error, events sent to all.
 */
export class PageHub {
  readonly #pages: PageRegistry;
  /** The place each page shows (its hello's): Join goes to the joining page's place. */
  readonly #places = new WeakMap<PagePort, string>();
  #debug = false;
  #disposed = false;

  constructor(private readonly deps: PageHubDeps) {
    this.#pages = new PageRegistry(deps.timers, deps.pageTimeoutMs, deps.empty, deps.gone);
  }

  /** Attaches a page; returns the handler for what it posts. */
  connect(port: PagePort): (data: unknown) => void {
    return (data) => void this.#receive(port, data);
  }

  get size(): number {
    return this.#pages.size;
  }

  /** Whether any page asked for debug logs. */
  get debug(): boolean {
    return this.#debug;
  }

  placeOf(port: PagePort): string | undefined {
    return this.#places.get(port);
  }

  broadcast(event: BridgeEvent): void {
    this.#pages.broadcast({ v: BRIDGE_VERSION, kind: 'event', event } satisfies WorkerMessage);
  }

  /** An event for one page only. */
  send(port: PagePort, event: BridgeEvent): void {
    if (this.#pages.has(port)) port.post({ v: BRIDGE_VERSION, kind: 'event', event } satisfies WorkerMessage);
  }

  /** Forgets every page and ignores whatever they post from now on. */
  dispose(): void {
    this.#disposed = true;
    this.#pages.dispose();
  }

  async #receive(port: PagePort, data: unknown): Promise<void> {
    if (this.#disposed) return;
    const decoded = decodePageMessage(data);
    if (!decoded.ok) {
      const code = decoded.versionMismatch ? BridgeErrorCode.VersionMismatch : BridgeErrorCode.BadMessage;
      port.post({ v: BRIDGE_VERSION, kind: 'error', id: decoded.id, error: { code, message: decoded.message } });
      return;
    }
    const message = decoded.message;
    if (message.kind === 'bye') return this.#pages.remove(port);
    this.#pages.touch(port);
    this.deps.active();
    switch (message.kind) {
      case 'ping':
        return this.deps.seen(port, message.visible);
      case 'hello':
        this.deps.seen(port, message.visible);
        return this.#hello(port, message);
      case 'call':
        return this.#call(port, message);
      default:
        return assertNever(message);
    }
  }

  async #hello(port: PagePort, hello: HelloMessage): Promise<void> {
    this.#places.set(port, hello.place);
    this.#debug ||= hello.debug;
    this.deps.hello(hello);
    await this.deps.ready;
    port.post({ v: BRIDGE_VERSION, kind: 'welcome', snapshot: this.deps.welcome() });
  }

  async #call(port: PagePort, call: PageCall): Promise<void> {
    await this.deps.ready;
    try {
      const result = await this.#run(port, call);
      port.post({ v: BRIDGE_VERSION, kind: 'result', id: call.id, result });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) this.deps.report('error', `${call.method} failed: ${String((error as Error)?.stack ?? error)}`);
      port.post({
        v: BRIDGE_VERSION,
        kind: 'error',
        id: call.id,
        error: refusal ?? { code: ErrorCode.Internal, message: 'internal error in the chat worker' },
      });
    }
  }

  #run<M extends BridgeMethod>(port: PagePort, call: PageCall<M>): Promise<BridgeApi[M]['result']> {
    return this.deps.handlers[call.method](port, call.params);
  }
}
