import {
  BridgeErrorCode,
  CallError,
  DEFAULT_PLACE,
  ErrorCode,
  isIgnored,
  parseCommand,
  type BridgeEvent,
  type ChatMessage,
  type ChatState,
  type Snapshot,
} from '@itmchat/protocol';
import { Attention } from './attention.js';
import { DEFAULT_BRIDGE_OPTIONS, type BridgeOptions } from './bridge-options.js';
import { ChatSession } from './chat-session.js';
import { LinkKeeper } from './link-keeper.js';
import { Outbox } from './outbox.js';
import { PageHub, type PageCallHandlers } from './page-hub.js';
import { OlderPages } from './older-pages.js';
import { PlaceView } from './place-view.js';
import { PrivateTalk } from './private-talk.js';
import { PushRouter } from './push-routing.js';
import { AutoAway } from './auto-away.js';
import { SessionCommands } from './session-commands.js';
import { snapshotOf } from './snapshot-of.js';
import type { PagePort } from './ports.js';
import type { ServerLink } from './server-link.js';
import type { OpenSocket } from './socket.js';
import type { BridgeStorage } from './storage.js';
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
  readonly #session: ChatSession;
  readonly #view: PlaceView;
  readonly #outbox: Outbox;
  readonly #keeper: LinkKeeper;
  #disposed = false;
  readonly #attention: Attention;
  readonly #olderPages: OlderPages;
  readonly #private: PrivateTalk;
  readonly #autoAway: AutoAway;
  readonly #router: PushRouter;
  readonly #commands: SessionCommands;

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
      command: (line) => this.#commands.run(line),
      joined: () => this.#session.state === 'joined',
    });
    this.#private = new PrivateTalk({
      logLimit: this.#options.logLimit,
      loadLog: (id) => this.#deps.storage.loadLog(id),
      saveLog: (log, added) => this.#persist(() => this.#deps.storage.saveLog(log, added)),
      listed: (conversations) => this.#session.change({ conversations }),
      emit: (event) => this.#emit(event),
      live: (id, messages) => this.#arrived(id, messages),
    });
    this.#attention = new Attention({
      broadcast: (event) => this.#emit(event),
      send: (port, event) => this.#pages.send(port, event),
      now: () => this.#deps.timers.now(),
      visibility: (allHidden) => this.#autoAway.visibility(allHidden),
    });
    this.#olderPages = new OlderPages({ view: this.#view, link: () => this.#joinedLink() });
    this.#outbox = new Outbox({
      timers: this.#deps.timers,
      storeRetryMs: this.#options.storeRetryMs,
      newId: this.#deps.newId,
      save: (lines) => this.#persist(() => this.#deps.storage.saveOutbox(lines)),
      emit: (event) => this.#emit(event),
      refused: (line, error) => this.#view.note({ kind: 'dropped', text: line.text, error }),
      link: () => this.#joinedLink(),
      numbered: (said, line) => this.#router.numbered(said, line),
    });
    const session = () => this.#session.stored;
    this.#router = new PushRouter({
      session,
      view: this.#view,
      private: this.#private,
      olderPages: this.#olderPages,
      outbox: this.#outbox,
      emit: (event) => this.#emit(event),
    });
    this.#commands = new SessionCommands({
      session,
      link: () => this.#joinedLink(),
      view: this.#view,
      outbox: this.#outbox,
      private: this.#private,
      loadLog: (place) => this.#deps.storage.loadLog(place),
      saveSession: (change, told) => this.#session.change(change, told),
      emit: (event) => this.#emit(event),
      moved: (place, held) => this.#session.moved(place, held),
    });
    this.#keeper = new LinkKeeper({
      openSocket: this.#deps.openSocket,
      timers: this.#deps.timers,
      backoff: this.#options.backoff,
      idleCloseMs: this.#options.idleCloseMs,
      wanted: () => this.#session.stored !== null,
      pagesOpen: () => this.#pages.size > 0,
      connecting: () => this.#session.setState('connecting'),
      open: (link) => void this.#session.opened(link),
      push: (frame) => this.#router.route(frame),
      closed: () => this.#session.linkClosed(),
      refused: (code, reason) => this.#emit({ type: 'notice', code: String(code), message: reason || 'the server closed the chat' }),
      report: (level, message) => this.#report(level, message),
    });
    this.#session = new ChatSession({
      storage: this.#deps.storage,
      keeper: this.#keeper,
      view: this.#view,
      private: this.#private,
      outbox: this.#outbox,
      autoAway: this.#autoAway,
      attention: this.#attention,
      persist: (write) => this.#persist(write),
      reportError: (message) => this.#report('error', message),
      emit: (event) => this.#emit(event),
      snapshot: () => this.#snapshot(),
    });
    this.#ready = this.#session.restore();
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
    return this.#session.state;
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
    this.#session.cancelJoins(stopped);
    this.#outbox.dispose(stopped);
  }

  /** Forwards an error the glue caught (uncaught exceptions in the worker) to every page. */
  reportError(message: string): void {
    this.#report('error', message);
  }

  /** What each page call does, for the calling page. */
  readonly #handlers: PageCallHandlers = {
    join: (port, { nick }) => this.#session.join(nick, this.#pages.placeOf(port) ?? DEFAULT_PLACE),
    say: (_port, { text }) => this.#say(text),
    command: (_port, { line }) => {
      const parsed = parseCommand(line);
      if (parsed.ok && (parsed.command.name === 'away' || parsed.command.name === 'back')) this.#autoAway.manual();
      return this.#commands.run(line);
    },
    leave: () => this.#session.leave(),
    older: (_port, { place, before }) => this.#olderPages.older(place, before),
    typing: async (_port, params) => {
      const link = this.#joinedLink();
      if (link) void link.call('typing', params).catch(() => {});
      return {};
    },
  };

  #say(text: string): Promise<ChatMessage> {
    if (!this.#session.stored) return Promise.reject(new CallError(BridgeErrorCode.NotJoined, 'join the chat first'));
    if (text.trim() === '') return Promise.reject(new CallError(ErrorCode.EmptyText, 'say something: the text is empty'));
    return this.#outbox.add(text);
  }

  /** Live lines from others (a place's or a conversation's): the browser may be told, unless their author is ignored. */
  #arrived(place: string, messages: readonly ChatMessage[]): void {
    const session = this.#session.stored;
    const ignored = session?.ignored ?? [];
    this.#attention.arrived(
      place,
      messages.filter((m) => m.nick !== session?.nick && !isIgnored(ignored, m.nick)),
    );
  }

  #snapshot(): Snapshot {
    return snapshotOf({
      state: this.#session.state,
      session: this.#session.stored,
      view: this.#view,
      pending: this.#outbox.lines,
      unread: this.#attention.unread,
      conversations: this.#private.snapshot(),
      textMaxLength: this.#router.textMaxLength,
    });
  }

  /** The server link while joined; null otherwise. */
  #joinedLink(): ServerLink | null {
    return this.#session.state === 'joined' ? this.#keeper.link : null;
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
