import {
  assertNever,
  BridgeErrorCode,
  CallError,
  DEFAULT_PLACE,
  ErrorCode,
  nameKey,
  checkCommandArguments,
  parseCommand,
  refusalOf,
  runsInWorker,
  type BridgeEvent,
  type ChatMessage,
  type ChatState,
  type CommandResult,
  type WorkerCommandResult,
  type PushFrame,
  type Snapshot,
  SNAPSHOT_MESSAGES,
} from '@itmchat/protocol';
import { Attention } from './attention.js';
import { DEFAULT_BRIDGE_OPTIONS, type BridgeOptions } from './bridge-options.js';
import { joinOnLink } from './join-on-link.js';
import { LinkKeeper } from './link-keeper.js';
import { Outbox } from './outbox.js';
import { PageHub, type PageCallHandlers } from './page-hub.js';
import { OlderPages } from './older-pages.js';
import { lastSeq, recent } from './place-log.js';
import { PlaceView } from './place-view.js';
import { PrivateTalk } from './private-talk.js';
import { AutoAway } from './auto-away.js';
import { isIgnored, runWorkerCommand, type WorkerCommandDeps } from './worker-commands.js';
import type { PagePort } from './ports.js';
import { ServerLink } from './server-link.js';
import type { OpenSocket } from './socket.js';
import type { BridgeStorage, StoredSession } from './storage.js';
import { realTimers, type Timers } from './timers.js';
import { randomId } from './random-id.js';

export interface BridgeDeps {
  readonly openSocket: OpenSocket;
  readonly storage: BridgeStorage;
  readonly timers?: Timers;
  readonly options?: Partial<BridgeOptions>;
  readonly newId?: () => string;
}

/**
 * The bridge: the Flash movie's job of 2008. One server socket shared by every page of the
 * site, the session and each place's log kept in browser storage, so pages come and go
 * while the chat stays joined, loses nothing and fetches nothing twice. Socket, storage,
 * ports and time are injected: this runs the same in a SharedWorker, in a page and in Node tests.
 */
export class BridgeCore {
  readonly #deps: Required<Omit<BridgeDeps, 'options'>>;
  readonly #options: BridgeOptions;
  readonly #pages: PageHub;
  readonly #ready: Promise<void>;
  #state: ChatState = 'idle';
  #session: StoredSession | null = null;
  readonly #view: PlaceView;
  readonly #outbox: Outbox;
  #joinWaiters: { resolve: (s: Snapshot) => void; reject: (e: CallError) => void }[] = [];
  readonly #keeper: LinkKeeper;
  #disposed = false;
  /** The server's longest say, from its hello: pages show a counter near it. */
  #textMaxLength: number | undefined;
  readonly #attention: Attention;
  readonly #olderPages: OlderPages;
  readonly #private: PrivateTalk;
  readonly #autoAway: AutoAway;

  constructor(deps: BridgeDeps) {
    this.#deps = {
      openSocket: deps.openSocket,
      storage: deps.storage,
      timers: deps.timers ?? realTimers,
      newId: deps.newId ?? randomId,
    };
    this.#options = { ...DEFAULT_BRIDGE_OPTIONS, ...deps.options };
    this.#view = new PlaceView({
      logLimit: this.#options.logLimit,
      save: (log, added) => this.#persist(() => this.#deps.storage.saveLog(log, added)),
      emit: (event) => this.#emit(event),
      replaced: () => this.#emit({ type: 'snapshot', snapshot: this.#snapshot() }),
      now: () => this.#deps.timers.now(),
      newId: () => this.#deps.newId(),
      live: (place, messages) => this.#arrived(place, messages),
    });
    this.#autoAway = new AutoAway({
      timers: this.#deps.timers,
      command: (line) => this.#noted(this.#command(line)),
      joined: () => this.#state === 'joined',
    });
    this.#private = new PrivateTalk({
      logLimit: this.#options.logLimit,
      loadLog: (id) => this.#deps.storage.loadLog(id),
      saveLog: (log, added) => this.#persist(() => this.#deps.storage.saveLog(log, added)),
      listed: (conversations) => this.#saveSession({ conversations }),
      emit: (event) => this.#emit(event),
      live: (id, messages) => this.#arrived(id, messages),
    });
    this.#attention = new Attention({
      broadcast: (event) => this.#emit(event),
      send: (port, event) => this.#pages.send(port, event),
      now: () => this.#deps.timers.now(),
      visibility: (allHidden) => this.#autoAway.visibility(allHidden),
    });
    this.#olderPages = new OlderPages({ view: this.#view, link: () => (this.#state === 'joined' ? this.#keeper.link : null) });
    this.#outbox = new Outbox({
      timers: this.#deps.timers,
      storeRetryMs: this.#options.storeRetryMs,
      newId: this.#deps.newId,
      save: (lines) => this.#persist(() => this.#deps.storage.saveOutbox(lines)),
      emit: (event) => this.#emit(event),
      refused: (line, error) => this.#view.note({ kind: 'dropped', text: line.text, error }),
      link: () => (this.#state === 'joined' ? this.#keeper.link : null),
      numbered: (said, line) => {
        const { kind, to } = line;
        const message: ChatMessage = {
          seq: said.seq,
          at: said.at,
          nick: this.#session?.nick ?? '',
          text: line.text,
          ...(to === undefined ? (kind ? { kind } : {}) : { kind: 'private', to }),
        };
        if (said.place === this.#view.log?.place) this.#addMessages(said.place, this.#view.log.epoch, [message], line.cid);
        if (to !== undefined && said.epoch) this.#private.add(said.place, said.epoch, [message], message.nick, line.cid);
        return message;
      },
    });
    this.#keeper = new LinkKeeper({
      openSocket: this.#deps.openSocket,
      timers: this.#deps.timers,
      backoff: this.#options.backoff,
      idleCloseMs: this.#options.idleCloseMs,
      wanted: () => this.#session !== null,
      pagesOpen: () => this.#pages.size > 0,
      connecting: () => this.#setState('connecting'),
      open: (link) => void this.#onOpen(link),
      push: (frame) => this.#onPush(frame),
      closed: () => {
        this.#outbox.linkLost();
        this.#setState(this.#session ? 'offline' : 'idle');
      },
      refused: (code, reason) => this.#emit({ type: 'notice', code: String(code), message: reason || 'the server closed the chat' }),
      report: (level, message) => this.#report(level, message),
    });
    this.#ready = this.#restore();
    this.#pages = new PageHub({
      timers: this.#deps.timers,
      pageTimeoutMs: this.#options.pageTimeoutMs,
      ready: this.#ready,
      handlers: this.#handlers,
      hello: (hello) => this.#keeper.configure(hello.serverUrl, hello.idleCloseMs),
      welcome: () => {
        // Auto-join: a stored session means the visitor joined on an earlier page. Connect first,
        // so the page's first picture is already "connecting", never the Join form.
        this.#keeper.ensure();
        return this.#snapshot();
      },
      active: () => this.#keeper.pageActive(),
      seen: (port, visible) => this.#attention.seen(port, visible),
      gone: (port) => this.#attention.gone(port),
      empty: () => this.#keeper.noPagesLeft(),
      report: (level, message) => this.#report(level, message),
    });
  }

  /** Attaches a page; returns the handler for what it posts. */
  connectPage(port: PagePort): (data: unknown) => void {
    return this.#pages.connect(port);
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
    this.#keeper.dispose();
    this.#autoAway.stop();
    this.#pages.dispose();
    const stopped = new CallError(BridgeErrorCode.Disconnected, 'the chat bridge stopped');
    for (const waiter of this.#joinWaiters.splice(0)) waiter.reject(stopped);
    this.#outbox.dispose(stopped);
  }

  /** Forwards an error the glue caught (uncaught exceptions in the worker) to every page. */
  reportError(message: string): void {
    this.#report('error', message);
  }

  async #restore(): Promise<void> {
    const { storage } = this.#deps;
    try {
      this.#session = await storage.loadSession();
      this.#outbox.restore(await storage.loadOutbox());
      if (this.#session) this.#view.log = await storage.loadLog(this.#session.place);
      await this.#private.restore(this.#session?.conversations ?? []);
    } catch (error) {
      this.#report('error', `could not read browser storage: ${String(error)}`);
    }
  }

  /** What each page call does, for the calling page. */
  readonly #handlers: PageCallHandlers = {
    join: (port, { nick }) => this.#join(nick, this.#pages.placeOf(port) ?? DEFAULT_PLACE),
    say: (_port, { text }) => this.#say(text),
    command: (_port, { line }) => {
      const parsed = parseCommand(line);
      if (parsed.ok && (parsed.command.name === 'away' || parsed.command.name === 'back')) this.#autoAway.manual();
      return this.#noted(this.#command(line));
    },
    leave: () => this.#leave(),
    older: (_port, { place, before }) => this.#olderPages.older(place, before),
    typing: async (_port, params) => {
      const link = this.#keeper.link;
      if (this.#state === 'joined' && link) void link.call('typing', params).catch(() => {});
      return {};
    },
  };

  // ---- page calls ----

  #join(nick: string, place: string): Promise<Snapshot> {
    if (this.#session) {
      if (this.#state === 'joined') return Promise.resolve(this.#snapshot());
      if (nameKey(this.#session.nick) !== nameKey(nick)) {
        return Promise.reject(new CallError(ErrorCode.AlreadyJoined, `already joining as ${this.#session.nick}`));
      }
    } else {
      this.#session = { nick, place, token: null, author: randomId() };
      this.#view.log = null;
      this.#persist(() => this.#deps.storage.saveSession(this.#session));
    }
    const joined = new Promise<Snapshot>((resolve, reject) => this.#joinWaiters.push({ resolve, reject }));
    this.#keeper.connect();
    return joined;
  }

  #say(text: string): Promise<ChatMessage> {
    if (!this.#session) return Promise.reject(new CallError(BridgeErrorCode.NotJoined, 'join the chat first'));
    if (text.trim() === '') return Promise.reject(new CallError(ErrorCode.EmptyText, 'say something: the text is empty'));
    return this.#outbox.add(text);
  }

  /** A command's answer or refusal goes into the log as a note (every page shows it, and it stays). */
  #noted<R extends CommandResult | WorkerCommandResult>(answer: Promise<R>): Promise<R> {
    return answer.then(
      (result) => {
        // A line said (-me, -msg, -r) is in the log as itself; a note would say it twice.
        if (result.command !== 'said') this.#view.note({ kind: 'reply', result });
        return result;
      },
      (error: unknown) => {
        const refusal = refusalOf(error);
        if (refusal) this.#view.note({ kind: 'commandError', error: refusal });
        throw error;
      },
    );
  }

  async #command(line: string): Promise<CommandResult | WorkerCommandResult> {
    const link = this.#keeper.link;
    if (!this.#session) throw new CallError(BridgeErrorCode.NotJoined, 'join the chat first');
    const parsed = parseCommand(line);
    // Before the link is asked for: a line said offline waits in the outbox like any other.
    if (parsed.ok && runsInWorker(parsed.command)) {
      const checked = checkCommandArguments(parsed.command);
      if (!checked.ok) throw new CallError(checked.code, checked.message);
      return runWorkerCommand(this.#workerCommands, checked.command);
    }
    if (this.#state !== 'joined' || !link) throw new CallError(BridgeErrorCode.Offline, 'the chat is reconnecting; try again in a moment');
    if (parsed.ok && parsed.command.name === 'goto') return { command: 'goto', place: await this.#goto(link, parsed.command.place) };
    const result = await link.call('command', { line });
    if (result.command === 'nick') this.#saveSession({ nick: result.nick }, true);
    // The server tells the others; this browser's own pages learn it here.
    if (result.command === 'away' && this.#session) {
      this.#view.awayChanged({ place: this.#session.place, nick: this.#session.nick, away: result.away });
    }
    return result;
  }

  readonly #workerCommands: WorkerCommandDeps = {
    say: (text, as) => this.#outbox.add(text, as),
    lastFrom: () => this.#private.lastFrom(this.#session?.nick ?? ''),
    ignored: () => this.#session?.ignored ?? [],
    setIgnored: (nicks) => {
      this.#saveSession({ ignored: nicks });
      this.#emit({ type: 'ignored', nicks });
    },
  };

  /** Changes the stored session (and tells the pages its nick when `told`). */
  #saveSession(change: Partial<StoredSession>, told = false): void {
    if (!this.#session) return;
    this.#session = { ...this.#session, ...change };
    this.#persist(() => this.#deps.storage.saveSession(this.#session));
    if (told) this.#emit({ type: 'state', state: this.#state, nick: this.#session.nick, place: this.#session.place });
  }

  /** Live lines from others (a place's or a conversation's): the browser may be told, unless their author is ignored. */
  #arrived(place: string, messages: readonly ChatMessage[]): void {
    const ignored = this.#session?.ignored ?? [];
    this.#attention.arrived(
      place,
      messages.filter((m) => m.nick !== this.#session?.nick && !isIgnored(ignored, m.nick)),
    );
  }

  /** -goto through the goto call, so the server sends only what this browser lacks of the place. */
  async #goto(link: ServerLink, rawPlace: string) {
    const key = nameKey(rawPlace);
    const held = key === this.#view.log?.place ? this.#view.log : await this.#deps.storage.loadLog(key).catch(() => null);
    const since = held ? { seq: lastSeq(held), epoch: held.epoch } : undefined;
    const place = await link.call('goto', since ? { place: rawPlace, since } : { place: rawPlace });
    // Synchronous from here: the backlog pushes that follow the reply must find the new log in place.
    this.#session = { ...this.#session!, place: place.name };
    this.#view.moved(place, held);
    this.#persist(() => this.#deps.storage.saveSession(this.#session));
    this.#emit({ type: 'state', state: this.#state, nick: this.#session.nick, place: place.name });
    this.#emit({ type: 'snapshot', snapshot: this.#snapshot() });
    return place;
  }

  async #leave(): Promise<Record<string, never>> {
    const link = this.#keeper.link;
    if (link && this.#state === 'joined') await link.call('leave', {}).catch(() => undefined);
    this.#endSession(new CallError(BridgeErrorCode.Cancelled, 'left the chat'));
    this.#persist(() => this.#deps.storage.clear());
    return {};
  }

  // ---- the server socket ----

  async #onOpen(link: ServerLink): Promise<void> {
    const session = this.#session;
    if (!session) return link.close(1000, 'left');
    const outcome = await joinOnLink(link, session, [...this.#view.position(), ...this.#private.positions()]);
    if (outcome.kind === 'refused') {
      const { code, message } = outcome.refusal;
      this.#emit({ type: 'notice', code, message });
      this.#endSession(new CallError(code, message));
      return this.#persist(() => this.#deps.storage.saveSession(null));
    }
    // Passing: drop this link, and the link keeper retries with backoff (a dropped socket it handles itself).
    if (outcome.kind === 'retry') return this.#keeper.link === link ? link.close(1000, 'join failed') : undefined;
    // Synchronous from here until the end: the backlog pushes follow this reply.
    const { joined } = outcome;
    if (this.#keeper.link !== link || this.#session !== session) return;
    this.#session = { ...session, nick: joined.nick, place: joined.place.name, token: joined.token };
    this.#persist(() => this.#deps.storage.saveSession(this.#session));
    this.#view.joined(joined.place);
    this.#private.joined(joined.conversations ?? []);
    this.#keeper.joined();
    this.#setState('joined');
    const snapshot = this.#snapshot();
    for (const waiter of this.#joinWaiters.splice(0)) waiter.resolve(snapshot);
    this.#emit({ type: 'snapshot', snapshot });
    this.#outbox.sendAll();
  }

  #onPush(frame: PushFrame): void {
    switch (frame.method) {
      case 'hello':
        this.#textMaxLength = frame.params.limits.textMaxLength;
        return this.#outbox.paceTo(frame.params.limits.sayRate);
      case 'userSay':
        return this.#addMessages(frame.params.place, frame.params.epoch, frame.params.messages);
      case 'gap':
        return frame.params.place.startsWith('@') ? this.#private.gap(frame.params) : this.#view.gap(frame.params);
      case 'history':
        return this.#olderPages.piece(frame.params);
      case 'userAway':
        return this.#view.awayChanged(frame.params);
      case 'userTyping':
        return this.#emit({ type: 'typing', ...frame.params });
      case 'userJoin':
      case 'userLeave':
        if (frame.params.place === this.#session?.place) this.#view.presence(frame.params, frame.method === 'userJoin' ? 'join' : 'leave');
        return;
      default:
        return assertNever(frame);
    }
  }

  /** Messages of the place the visitor is in (of any other, they are not kept), or of a private conversation ("@…"). */
  #addMessages(place: string, epoch: string, incoming: readonly ChatMessage[], cid?: string): void {
    if (place === this.#session?.place) this.#view.addMessages(place, epoch, incoming, cid);
    else if (place.startsWith('@')) this.#private.add(place, epoch, incoming, this.#session?.nick ?? '', cid);
  }

  // ---- lifecycle ----

  #endSession(reason: CallError): void {
    this.#session = null;
    this.#view.clear();
    this.#private.clear();
    this.#autoAway.stop();
    this.#attention.clear();
    for (const waiter of this.#joinWaiters.splice(0)) waiter.reject(reason);
    this.#outbox.cancel(reason);
    this.#keeper.stop('left');
    this.#setState('idle');
    this.#emit({ type: 'snapshot', snapshot: this.#snapshot() });
  }

  #setState(state: ChatState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#emit({ type: 'state', state, nick: this.#session?.nick ?? null, place: this.#session?.place ?? null });
  }

  /** What a page draws at once: the newest messages of the log; older ones it asks for as the visitor scrolls back. */
  #snapshot(): Snapshot {
    const log = this.#view.log;
    return {
      state: this.#state,
      nick: this.#session?.nick ?? null,
      place: this.#session?.place ?? null,
      members: [...this.#view.members],
      ...(log ? recent(log, SNAPSHOT_MESSAGES) : { messages: [], gaps: [], notes: [] }),
      pending: [...this.#outbox.lines],
      unread: this.#attention.unread,
      ...nonEmpty('conversations', this.#private.snapshot()),
      ...nonEmpty('ignored', [...(this.#session?.ignored ?? [])]),
      ...(this.#view.topic === undefined ? {} : { topic: this.#view.topic }),
      ...nonEmpty(
        'away',
        [...this.#view.away].map(([nick, message]) => ({ nick, message })),
      ),
      ...(this.#textMaxLength === undefined ? {} : { textMaxLength: this.#textMaxLength }),
    };
  }

  #emit(event: BridgeEvent): void {
    this.#pages.broadcast(event);
  }

  #report(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    if (level === 'error' || level === 'warn' || this.#pages.debug) this.#emit({ type: 'log', level, message });
  }

  /** Storage failures (quota, private mode) are reported, never allowed to break the chat. */
  #persist(write: () => Promise<void>): void {
    write().catch((error: unknown) => this.#report('error', `could not write browser storage: ${String(error)}`));
  }
}

/** `{ [key]: items }`, or nothing when there are none (as from an older worker). */
function nonEmpty<K extends string, T>(key: K, items: readonly T[]): { [P in K]?: readonly T[] } {
  return (items.length > 0 ? { [key]: items } : {}) as { [P in K]?: readonly T[] };
}
