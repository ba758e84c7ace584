import {
  assertNever,
  BRIDGE_VERSION,
  BridgeErrorCode,
  CallError,
  CloseCode,
  DEFAULT_PLACE,
  ErrorCode,
  decodePageMessage,
  nameKey,
  parseCommand,
  refusalOf,
  type BridgeApi,
  type BridgeEvent,
  type BridgeMethod,
  type ChatMessage,
  type ChatState,
  type CommandResult,
  type PageCall,
  type PageMessage,
  type PendingLine,
  type PushFrame,
  type Snapshot,
  type WorkerMessage,
} from '@itmchat/protocol';
import { backoffDelay } from './backoff.js';
import { DEFAULT_BRIDGE_OPTIONS, type BridgeOptions } from './bridge-options.js';
import { PageRegistry } from './pages.js';
import { addGap, addMessages, emptyLog, lastSeq, type PlaceLog } from './place-log.js';
import type { PagePort } from './ports.js';
import { ServerLink } from './server-link.js';
import type { OpenSocket } from './socket.js';
import type { BridgeStorage, StoredSession } from './storage.js';
import { realTimers, type Timers } from './timers.js';
import { randomId } from './random-id.js';

type PageCallHandlers = {
  readonly [M in BridgeMethod]: (port: PagePort, params: BridgeApi[M]['params']) => Promise<BridgeApi[M]['result']>;
};

export interface BridgeDeps {
  readonly openSocket: OpenSocket;
  readonly storage: BridgeStorage;
  readonly timers?: Timers;
  readonly options?: Partial<BridgeOptions>;
  readonly newId?: () => string;
}

/** Server refusals after which retrying the same session is pointless. */
const FINAL_JOIN_ERRORS: readonly string[] = [ErrorCode.NickTaken, ErrorCode.InvalidNick, ErrorCode.InvalidPlace];
/** Close codes after which the bridge must not reconnect by itself. */
const NO_RECONNECT: readonly number[] = [CloseCode.UnsupportedProtocol, CloseCode.ProtocolAbuse, CloseCode.SessionReplaced];

/**
 * The bridge: the Flash movie's job of 2008. One server socket shared by every page of the
 * site, the session and each place's log kept in browser storage, so pages come and go
 * while the chat stays joined, loses nothing and fetches nothing twice. Socket, storage,
 * ports and time are injected: this runs the same in a SharedWorker, in a page and in Node tests.
 */
export class BridgeCore {
  readonly #deps: Required<Omit<BridgeDeps, 'options'>>;
  readonly #options: BridgeOptions;
  readonly #pages: PageRegistry;
  readonly #ready: Promise<void>;
  #serverUrl: string | null = null;
  /** The place each page shows (its hello's): Join goes to the joining page's place. */
  readonly #pagePlaces = new WeakMap<PagePort, string>();
  /** Set by the first page that gives it, for the worker's life. */
  #pageIdleCloseMs: number | undefined;
  #debug = false;
  #state: ChatState = 'idle';
  #session: StoredSession | null = null;
  #log: PlaceLog | null = null;
  #members: string[] = [];
  #outbox: PendingLine[] = [];
  /** Page say() calls waiting for their line to be numbered, by cid. */
  readonly #sayWaiters = new Map<string, { resolve: (m: ChatMessage) => void; reject: (e: CallError) => void }>();
  #joinWaiters: { resolve: (s: Snapshot) => void; reject: (e: CallError) => void }[] = [];
  #link: ServerLink | null = null;
  #attempt = 0;
  #reconnectTimer: unknown = null;
  #idleTimer: unknown = null;
  /** Retries of lines the store could not take yet (see #send). */
  readonly #retryTimers = new Set<unknown>();
  #disposed = false;
  /** Lines sent on the current link and not yet answered: a retry must wait for a new link. */
  readonly #inFlight = new Set<string>();

  constructor(deps: BridgeDeps) {
    this.#deps = {
      openSocket: deps.openSocket,
      storage: deps.storage,
      timers: deps.timers ?? realTimers,
      newId: deps.newId ?? randomId,
    };
    this.#options = { ...DEFAULT_BRIDGE_OPTIONS, ...deps.options };
    this.#pages = new PageRegistry(this.#deps.timers, this.#options.pageTimeoutMs, () => this.#noPagesLeft());
    this.#ready = this.#restore();
  }

  /** Attaches a page; returns the handler for what it posts. */
  connectPage(port: PagePort): (data: unknown) => void {
    return (data) => void this.#onPageMessage(port, data);
  }

  get state(): ChatState {
    return this.#state;
  }

  get pageCount(): number {
    return this.#pages.size;
  }

  /**
   * Stops the bridge for good: every timer it owns is cleared and the socket closed without
   * leaving (the stored session stays, for the next bridge to resume). Calls still waiting are
   * rejected; whatever a page posts afterwards is ignored.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const { timers } = this.#deps;
    for (const timer of [this.#reconnectTimer, this.#idleTimer, ...this.#retryTimers]) timers.clearTimeout(timer);
    this.#reconnectTimer = this.#idleTimer = null;
    this.#retryTimers.clear();
    this.#pages.dispose();
    const stopped = new CallError(BridgeErrorCode.Disconnected, 'the chat bridge stopped');
    for (const waiter of [...this.#joinWaiters.splice(0), ...this.#sayWaiters.values()]) waiter.reject(stopped);
    this.#sayWaiters.clear();
    const link = this.#link;
    this.#link = null;
    link?.close(1000, 'bridge stopped');
  }

  /** Forwards an error the glue caught (uncaught exceptions in the worker) to every page. */
  reportError(message: string): void {
    this.#report('error', message);
  }

  async #restore(): Promise<void> {
    const { storage } = this.#deps;
    try {
      this.#session = await storage.loadSession();
      this.#outbox = await storage.loadOutbox();
      if (this.#session) this.#log = await storage.loadLog(this.#session.place);
    } catch (error) {
      this.#report('error', `could not read browser storage: ${String(error)}`);
    }
  }

  async #onPageMessage(port: PagePort, data: unknown): Promise<void> {
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
    this.#deps.timers.clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    switch (message.kind) {
      case 'ping':
        return;
      case 'hello':
        return this.#hello(port, message);
      case 'call':
        return this.#call(port, message);
      default:
        return assertNever(message);
    }
  }

  async #hello(port: PagePort, hello: Extract<PageMessage, { kind: 'hello' }>): Promise<void> {
    this.#serverUrl ??= hello.serverUrl;
    this.#pagePlaces.set(port, hello.place);
    this.#debug ||= hello.debug;
    this.#pageIdleCloseMs ??= hello.idleCloseMs;
    await this.#ready;
    // Auto-join: a stored session means the visitor joined on an earlier page. Connect first,
    // so the page's first picture is already "connecting", never the Join form.
    if (this.#session && !this.#link && this.#reconnectTimer === null) this.#connect();
    port.post({ v: BRIDGE_VERSION, kind: 'welcome', snapshot: this.#snapshot() });
  }

  async #call(port: PagePort, call: Extract<PageMessage, { kind: 'call' }>): Promise<void> {
    await this.#ready;
    try {
      const result = await this.#run(port, call);
      port.post({ v: BRIDGE_VERSION, kind: 'result', id: call.id, result });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) this.#report('error', `${call.method} failed: ${String((error as Error)?.stack ?? error)}`);
      port.post({
        v: BRIDGE_VERSION,
        kind: 'error',
        id: call.id,
        error: refusal ?? { code: ErrorCode.Internal, message: 'internal error in the chat worker' },
      });
    }
  }

  /** What each page call does, for the calling page. */
  readonly #handlers: PageCallHandlers = {
    join: (port, { nick }) => this.#join(nick, this.#pagePlaces.get(port) ?? DEFAULT_PLACE),
    say: (_port, { text }) => this.#say(text),
    command: (_port, { line }) => this.#command(line),
    leave: () => this.#leave(),
  };

  #run<M extends BridgeMethod>(port: PagePort, call: PageCall<M>): Promise<BridgeApi[M]['result']> {
    return this.#handlers[call.method](port, call.params);
  }

  // ---- page calls ----

  #join(nick: string, place: string): Promise<Snapshot> {
    if (this.#session) {
      if (this.#state === 'joined') return Promise.resolve(this.#snapshot());
      if (nameKey(this.#session.nick) !== nameKey(nick)) {
        return Promise.reject(new CallError(ErrorCode.AlreadyJoined, `already joining as ${this.#session.nick}`));
      }
    } else {
      this.#session = { nick, place, token: null };
      this.#log = null;
      this.#persist(() => this.#deps.storage.saveSession(this.#session));
    }
    const joined = new Promise<Snapshot>((resolve, reject) => this.#joinWaiters.push({ resolve, reject }));
    if (!this.#link) this.#connect();
    return joined;
  }

  #say(text: string): Promise<ChatMessage> {
    if (!this.#session) return Promise.reject(new CallError(BridgeErrorCode.NotJoined, 'join the chat first'));
    if (text.trim() === '') return Promise.reject(new CallError(ErrorCode.EmptyText, 'say something: the text is empty'));
    const line: PendingLine = { cid: this.#deps.newId(), text };
    this.#outbox.push(line);
    this.#saveOutbox();
    this.#emit({ type: 'pending', line });
    const numbered = new Promise<ChatMessage>((resolve, reject) => this.#sayWaiters.set(line.cid, { resolve, reject }));
    if (this.#state === 'joined') this.#send(line);
    return numbered;
  }

  async #command(line: string): Promise<CommandResult> {
    const link = this.#link;
    if (!this.#session) throw new CallError(BridgeErrorCode.NotJoined, 'join the chat first');
    if (this.#state !== 'joined' || !link) throw new CallError(BridgeErrorCode.Offline, 'the chat is reconnecting; try again in a moment');
    const parsed = parseCommand(line);
    if (parsed.ok && parsed.command.name === 'goto') return { command: 'goto', place: await this.#goto(link, parsed.command.place) };
    return link.call('command', { line });
  }

  /** -goto through the goto call, so the server sends only what this browser lacks of the place. */
  async #goto(link: ServerLink, rawPlace: string) {
    const key = nameKey(rawPlace);
    const held = key === this.#log?.place ? this.#log : await this.#deps.storage.loadLog(key).catch(() => null);
    const since = held ? { seq: lastSeq(held), epoch: held.epoch } : undefined;
    const place = await link.call('goto', since ? { place: rawPlace, since } : { place: rawPlace });
    // Synchronous from here: the backlog pushes that follow the reply must find the new log in place.
    this.#session = { ...this.#session!, place: place.name };
    this.#log = held?.place === place.name && held.epoch === place.epoch ? held : emptyLog(place.name, place.epoch);
    this.#members = [...place.members];
    this.#persist(() => this.#deps.storage.saveSession(this.#session));
    this.#emit({ type: 'state', state: this.#state, nick: this.#session.nick, place: place.name });
    this.#emit({ type: 'snapshot', snapshot: this.#snapshot() });
    return place;
  }

  async #leave(): Promise<Record<string, never>> {
    const link = this.#link;
    if (link && this.#state === 'joined') await link.call('leave', {}).catch(() => undefined);
    this.#endSession(new CallError(BridgeErrorCode.Cancelled, 'left the chat'));
    this.#persist(() => this.#deps.storage.clear());
    return {};
  }

  // ---- the server socket ----

  #connect(): void {
    if (this.#disposed || !this.#serverUrl || !this.#session) return;
    this.#deps.timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#setState('connecting');
    const link: ServerLink = new ServerLink(this.#serverUrl, this.#deps.openSocket, {
      open: () => void this.#onOpen(link),
      push: (frame) => this.#onPush(frame),
      close: (code, reason) => this.#onClose(link, code, reason),
      malformed: (problem) => this.#report('warn', `server sent a malformed frame: ${problem}`),
    });
    this.#link = link;
  }

  async #onOpen(link: ServerLink): Promise<void> {
    const session = this.#session;
    if (!session) return link.close(1000, 'left');
    const since = this.#log ? [{ place: this.#log.place, seq: lastSeq(this.#log), epoch: this.#log.epoch }] : [];
    let joined;
    try {
      joined = session.token
        ? await link.call('resume', { token: session.token, since }).catch((error: unknown) => {
            if (refusalOf(error)?.code === ErrorCode.UnknownSession) return null; // expired: join again under the same nick
            throw error;
          })
        : null;
      joined ??= await link.call('identify', { nick: session.nick, place: session.place, since });
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal && FINAL_JOIN_ERRORS.includes(refusal.code)) {
        this.#emit({ type: 'notice', code: refusal.code, message: refusal.message });
        this.#endSession(new CallError(refusal.code, refusal.message));
        this.#persist(() => this.#deps.storage.saveSession(null));
      } else if (this.#link === link) {
        // A passing refusal (store down, server shutting down, bad reply): drop this link, #onClose retries with backoff.
        link.close(1000, 'join failed');
      }
      return; // a dropped socket is handled by #onClose
    }
    // Synchronous from here until the end: the backlog pushes follow this reply.
    if (this.#link !== link || this.#session !== session) return;
    this.#session = { nick: joined.nick, place: joined.place.name, token: joined.token };
    this.#persist(() => this.#deps.storage.saveSession(this.#session));
    if (this.#log?.place !== joined.place.name) this.#log = emptyLog(joined.place.name, joined.place.epoch);
    this.#members = [...joined.place.members];
    this.#attempt = 0;
    this.#setState('joined');
    const snapshot = this.#snapshot();
    for (const waiter of this.#joinWaiters.splice(0)) waiter.resolve(snapshot);
    this.#emit({ type: 'snapshot', snapshot });
    for (const line of this.#outbox) this.#send(line);
  }

  #onPush(frame: PushFrame): void {
    switch (frame.method) {
      case 'hello':
        return;
      case 'userSay':
        return this.#addMessages(frame.params.place, frame.params.epoch, frame.params.messages);
      case 'gap': {
        const { place, epoch, reason, missed } = frame.params;
        if (place !== this.#log?.place) return;
        if (reason === 'epoch') {
          // The server's history was wiped: what this browser holds of the place is void.
          this.#log = emptyLog(place, epoch);
          this.#persist(() => this.#deps.storage.saveLog(this.#log!, []));
          this.#emit({ type: 'snapshot', snapshot: this.#snapshot() });
        } else if (missed) {
          this.#log = addGap(this.#log, missed);
          this.#persist(() => this.#deps.storage.saveLog(this.#log!, []));
          this.#emit({ type: 'gap', place, gap: missed, reason });
        }
        return;
      }
      case 'userJoin':
      case 'userLeave': {
        const { place, nick } = frame.params;
        if (place !== this.#session?.place) return;
        const joining = frame.method === 'userJoin';
        this.#members = this.#members.filter((m) => m !== nick);
        if (joining) this.#members.push(nick);
        this.#emit({ type: 'presence', ...frame.params, change: joining ? 'join' : 'leave' });
        return;
      }
      default:
        return assertNever(frame);
    }
  }

  #onClose(link: ServerLink, code: number, reason: string): void {
    if (this.#link !== link) return;
    this.#link = null;
    this.#inFlight.clear();
    if (!this.#session) return this.#setState('idle');
    this.#setState('offline');
    if (NO_RECONNECT.includes(code)) {
      this.#emit({ type: 'notice', code: String(code), message: reason || 'the server closed the chat' });
      return;
    }
    if (this.#pages.size === 0) return; // nobody to chat for: reconnect when a page comes back
    // Closed for abusing the rate limits: come back only after the longest pause, not at once.
    const delay =
      code === CloseCode.RateLimitAbuse
        ? this.#options.backoff.maxMs
        : backoffDelay(this.#attempt++, this.#options.backoff, () => this.#deps.timers.random());
    this.#report('debug', `socket closed (${code}); reconnecting in ${delay} ms`);
    this.#reconnectTimer = this.#deps.timers.setTimeout(() => {
      this.#reconnectTimer = null;
      if (!this.#link) this.#connect();
    }, delay);
  }

  /** Sends a pending line; the cid makes a resend after a reconnect harmless. */
  #send(line: PendingLine): void {
    const link = this.#link;
    if (!link || this.#inFlight.has(line.cid)) return;
    this.#inFlight.add(line.cid);
    link.call('say', { text: line.text, cid: line.cid }).then(
      (said) => {
        const message: ChatMessage = { seq: said.seq, at: said.at, nick: this.#session?.nick ?? '', text: line.text };
        this.#settleLine(line.cid, null);
        if (said.place === this.#log?.place) this.#addMessages(said.place, this.#log.epoch, [message], line.cid);
        this.#sayWaiters.get(line.cid)?.resolve(message);
        this.#sayWaiters.delete(line.cid);
      },
      (error: unknown) => {
        this.#inFlight.delete(line.cid);
        const refusal = refusalOf(error);
        if (!refusal || refusal.code === BridgeErrorCode.Disconnected || refusal.code === ErrorCode.ShuttingDown) return; // stays queued for the next link
        if (refusal.code === ErrorCode.StoreUnavailable) {
          // Nothing was stored: try the same cid again shortly, on whatever link is up then.
          const retry = this.#deps.timers.setTimeout(() => {
            this.#retryTimers.delete(retry);
            if (this.#outbox.includes(line) && this.#state === 'joined') this.#send(line);
          }, this.#options.storeRetryMs);
          this.#retryTimers.add(retry);
          return;
        }
        this.#settleLine(line.cid, refusal);
      },
    );
  }

  /** Takes a line out of the outbox: numbered (error null) or refused by the server. */
  #settleLine(cid: string, error: { code: CallError['code']; message: string } | null): void {
    this.#inFlight.delete(cid);
    this.#outbox = this.#outbox.filter((l) => l.cid !== cid);
    this.#saveOutbox();
    if (!error) return;
    this.#emit({ type: 'dropped', cid, error });
    this.#sayWaiters.get(cid)?.reject(new CallError(error.code, error.message));
    this.#sayWaiters.delete(cid);
  }

  #addMessages(place: string, epoch: string, incoming: readonly ChatMessage[], cid?: string): void {
    if (place !== this.#session?.place) return;
    const current = this.#log && this.#log.epoch === epoch ? this.#log : emptyLog(place, epoch);
    const { log, added } = addMessages(current, incoming, this.#options.logLimit);
    this.#log = log;
    if (added.length === 0) {
      // Our own line already held (the resume backlog brought it before the retry's answer): pages still need its cid to settle it.
      if (cid) this.#emit({ type: 'messages', place, messages: incoming.map((m) => ({ ...m, cid })) });
      return;
    }
    this.#persist(() => this.#deps.storage.saveLog(log, added));
    this.#emit({ type: 'messages', place, messages: cid ? added.map((m) => ({ ...m, cid })) : added });
  }

  // ---- lifecycle ----

  #noPagesLeft(): void {
    this.#idleTimer = this.#deps.timers.setTimeout(() => {
      this.#idleTimer = null;
      if (this.#pages.size > 0) return;
      this.#deps.timers.clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = null;
      // Close without leaving: the session stays stored, and the next page resumes it.
      this.#link?.close(1000, 'no page open');
    }, this.#pageIdleCloseMs ?? this.#options.idleCloseMs);
  }

  #endSession(reason: CallError): void {
    this.#session = null;
    this.#log = null;
    this.#members = [];
    this.#outbox = [];
    this.#saveOutbox();
    this.#deps.timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    for (const waiter of this.#joinWaiters.splice(0)) waiter.reject(reason);
    for (const waiter of this.#sayWaiters.values()) waiter.reject(reason);
    this.#sayWaiters.clear();
    const link = this.#link;
    this.#link = null;
    link?.close(1000, 'left');
    this.#setState('idle');
    this.#emit({ type: 'snapshot', snapshot: this.#snapshot() });
  }

  #setState(state: ChatState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#emit({ type: 'state', state, nick: this.#session?.nick ?? null, place: this.#session?.place ?? null });
  }

  #snapshot(): Snapshot {
    return {
      state: this.#state,
      nick: this.#session?.nick ?? null,
      place: this.#session?.place ?? null,
      members: [...this.#members],
      messages: this.#log?.messages ?? [],
      gaps: this.#log?.gaps ?? [],
      pending: [...this.#outbox],
    };
  }

  #emit(event: BridgeEvent): void {
    this.#pages.broadcast({ v: BRIDGE_VERSION, kind: 'event', event } satisfies WorkerMessage);
  }

  #report(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    if (level === 'error' || level === 'warn' || this.#debug) this.#emit({ type: 'log', level, message });
  }

  #saveOutbox(): void {
    const lines = [...this.#outbox];
    this.#persist(() => this.#deps.storage.saveOutbox(lines));
  }

  /** Storage failures (quota, private mode) are reported, never allowed to break the chat. */
  #persist(write: () => Promise<void>): void {
    write().catch((error: unknown) => this.#report('error', `could not write browser storage: ${String(error)}`));
  }
}
