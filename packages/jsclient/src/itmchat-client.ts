import {
  BRIDGE_VERSION,
  BridgeErrorCode,
  CallError,
  PAGE_PING_MS,
  PendingCalls,
  pageCall,
  type BridgeApi,
  type BridgeEvent,
  type BridgeMethod,
  type Snapshot,
  type WorkerMessage,
} from '@itmchat/protocol';
import { applyEvent } from './apply-event.js';
import type { ChatClient, Listener } from './chat-client.js';
import type { BridgeEndpoint } from './endpoint.js';
import type { PageSnapshot } from './page-snapshot.js';

/** How long after a change the page writes its snapshot down (and at once when it leaves). */
const SAVE_AFTER_MS = 500;

export interface ClientOptions {
  /** The chat server's WebSocket URL, e.g. wss://chat.example.org/ws */
  readonly serverUrl: string;
  /** Place a visitor joins when they click Join. */
  readonly place: string;
  /** Forward the worker's debug log to this page's console. */
  readonly debug: boolean;
  /** How long the worker keeps its socket once no page is open (default 30 s). */
  readonly idleCloseMs?: number;
}

const EMPTY: Snapshot = { state: 'idle', nick: null, place: null, members: [], messages: [], gaps: [], pending: [] };

/**
 * The page-side relay (jsclient.js of 2008): RPC with request ids and promise results over
 * whatever endpoint reaches the bridge, and the bridge's events re-emitted to the UI.
 */
export class ItmchatClient implements ChatClient {
  #snapshot: Snapshot = EMPTY;
  readonly #listeners = new Map<BridgeEvent['type'], Set<(event: BridgeEvent) => void>>();
  readonly #calls = new PendingCalls<BridgeApi>();
  #endpoint: BridgeEndpoint;
  #welcomed: (() => void) | null = null;
  #snapshotArrived!: Promise<void>;
  readonly #ping: ReturnType<typeof setInterval>;
  #saving: ReturnType<typeof setTimeout> | null = null;
  /** Drawn from the page's own copy, before the worker answered (see PageSnapshot). */
  readonly drawnEarly: boolean;

  constructor(
    readonly makeEndpoint: () => BridgeEndpoint,
    readonly options: ClientOptions,
    /** The page's synchronous copy of the last picture: the first one drawn, and kept up to date. */
    readonly pageSnapshot: PageSnapshot | null = null,
  ) {
    const early = pageSnapshot?.load() ?? null;
    this.drawnEarly = early !== null;
    if (early) this.#snapshot = early;
    this.#endpoint = this.#open();
    this.#ping = setInterval(() => this.#tellVisibility(), PAGE_PING_MS);
    // Shown or hidden: the worker decides for the whole browser what is unread and who alerts.
    globalThis.document?.addEventListener('visibilitychange', this.#tellVisibility);
  }

  /** A ping saying whether this page is visible. */
  readonly #tellVisibility = (): void => {
    this.#endpoint.post({ v: BRIDGE_VERSION, kind: 'ping', visible: pageVisible() });
  };

  get snapshot(): Snapshot {
    return this.#snapshot;
  }

  /** Resolves once the bridge has sent this page its first snapshot. */
  ready(): Promise<void> {
    return this.#snapshotArrived;
  }

  on<T extends BridgeEvent['type']>(type: T, listener: Listener<T>): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as (event: BridgeEvent) => void);
    return () => set.delete(listener as (event: BridgeEvent) => void);
  }

  join(nick: string) {
    return this.#call('join', { nick });
  }

  say(text: string) {
    return this.#call('say', { text });
  }

  command(line: string) {
    return this.#call('command', { line });
  }

  typing(to?: string) {
    return this.#call('typing', to === undefined ? {} : { to });
  }

  leave() {
    return this.#call('leave', {});
  }

  older(place: string, before: number) {
    return this.#call('older', { place, before });
  }

  /** The page is going (pagehide): tell the bridge now rather than let it time out. */
  goodbye(): void {
    this.#saveNow();
    this.#endpoint.post({ v: BRIDGE_VERSION, kind: 'bye' });
    this.#endpoint.close();
    // Replies to this endpoint's calls can no longer arrive.
    this.#rejectPending(BridgeErrorCode.Cancelled, 'the page left before the chat answered');
  }

  /** The page came back from the back/forward cache: attach again and redraw from a fresh snapshot. */
  reattach(): Promise<void> {
    this.#endpoint = this.#open();
    return this.#snapshotArrived;
  }

  close(): void {
    clearInterval(this.#ping);
    globalThis.document?.removeEventListener('visibilitychange', this.#tellVisibility);
    this.goodbye();
  }

  #open(): BridgeEndpoint {
    // Settled by the first welcome on this endpoint, however many hellos it takes (a leader may change first).
    this.#snapshotArrived = new Promise((resolve) => (this.#welcomed = resolve));
    const endpoint = this.makeEndpoint();
    endpoint.onmessage = (message) => this.#receive(message);
    endpoint.onreset = () => {
      // The bridge that had this page's calls is gone: their answers will never come.
      this.#rejectPending(BridgeErrorCode.Disconnected, 'the chat bridge changed before it answered');
      this.#hello(endpoint);
    };
    this.#hello(endpoint);
    return endpoint;
  }

  #hello(endpoint: BridgeEndpoint): void {
    const { serverUrl, place, debug, idleCloseMs } = this.options;
    endpoint.post({
      v: BRIDGE_VERSION,
      kind: 'hello',
      serverUrl,
      place,
      debug,
      visible: pageVisible(),
      ...(idleCloseMs === undefined ? {} : { idleCloseMs }),
    });
  }

  #rejectPending(code: BridgeErrorCode, message: string): void {
    this.#calls.rejectAll(() => new CallError(code, message));
  }

  #call<M extends BridgeMethod>(method: M, params: BridgeApi[M]['params']): Promise<BridgeApi[M]['result']> {
    const { id, reply } = this.#calls.start(method);
    this.#endpoint.post(pageCall(id, method, params));
    return reply;
  }

  #receive(message: WorkerMessage): void {
    switch (message.kind) {
      case 'welcome':
        this.#snapshot = message.snapshot;
        this.#welcomed?.();
        this.#dispatch({ type: 'snapshot', snapshot: message.snapshot });
        return this.#saveSoon();
      case 'event':
        this.#snapshot = applyEvent(this.#snapshot, message.event);
        this.#dispatch(message.event);
        return this.#saveSoon();
      case 'result':
      case 'error': {
        // Results come from this origin's own worker, of the same bridge version (checked at hello).
        const settled =
          message.id !== null &&
          (message.kind === 'result'
            ? this.#calls.resolve(message.id, message.result)
            : this.#calls.reject(message.id, new CallError(message.error.code, message.error.message)));
        if (!settled && message.kind === 'error') {
          this.#dispatch({ type: 'log', level: 'error', message: `${message.error.code}: ${message.error.message}` });
        }
        return;
      }
    }
  }

  #saveSoon(): void {
    if (this.pageSnapshot) this.#saving ??= setTimeout(() => this.#saveNow(), SAVE_AFTER_MS);
  }

  #saveNow(): void {
    if (this.#saving) clearTimeout(this.#saving);
    this.#saving = null;
    this.pageSnapshot?.save(this.#snapshot);
  }

  #dispatch(event: BridgeEvent): void {
    if (event.type === 'log' && (event.level === 'error' || this.options.debug)) {
      console[event.level === 'debug' ? 'debug' : event.level](`[itmchat worker] ${event.message}`);
    }
    for (const listener of this.#listeners.get(event.type) ?? []) listener(event);
  }
}

/** Whether the page is shown now (true where there is no document, as in a test). */
function pageVisible(): boolean {
  return globalThis.document?.visibilityState !== 'hidden';
}
