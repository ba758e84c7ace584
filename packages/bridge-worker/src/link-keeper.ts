import { CloseCode, type PushFrame } from '@itmchat/protocol';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { ServerLink } from './server-link.js';
import type { OpenSocket } from './socket.js';
import type { Timers } from './timers.js';

/** Close codes after which the bridge must not reconnect by itself. */
const NO_RECONNECT: readonly number[] = [CloseCode.UnsupportedProtocol, CloseCode.ProtocolAbuse, CloseCode.SessionReplaced];

export interface LinkKeeperDeps {
  readonly openSocket: OpenSocket;
  readonly timers: Timers;
  readonly backoff: BackoffPolicy;
  /** With no page open for this long the socket closes, unless the first page said otherwise. */
  readonly idleCloseMs: number;
  /** Whether there is a session to be connected for. */
  readonly wanted: () => boolean;
  readonly pagesOpen: () => boolean;
  /** A new link is opening. */
  readonly connecting: () => void;
  /** The link's socket is open: the core identifies or resumes on it. */
  readonly open: (link: ServerLink) => void;
  readonly push: (frame: PushFrame) => void;
  /** The current link closed (whatever follows: a reconnect, or not). */
  readonly closed: (code: number, reason: string) => void;
  /** The server closed with a code that forbids reconnecting by ourselves. */
  readonly refused: (code: number, reason: string) => void;
  readonly report: (level: 'debug' | 'warn', message: string) => void;
}

/**
 * Keeps the one link to the server: opens it, reconnects with backoff and jitter after a drop
 * (not after a close that forbids it, nor while no page is open), and closes it once no page
 * has been open for the idle time, so presence stays honest. It knows nothing of sessions.
 */
export class LinkKeeper {
  #serverUrl: string | null = null;
  /** Set by the first page that gives it, for the worker's life. */
  #pageIdleCloseMs: number | undefined;
  #link: ServerLink | null = null;
  #attempt = 0;
  #reconnectTimer: unknown = null;
  #idleTimer: unknown = null;
  #disposed = false;

  constructor(private readonly deps: LinkKeeperDeps) {}

  get link(): ServerLink | null {
    return this.#link;
  }

  /** The first page to say where the server is, and how long to stay with no page, decides it. */
  configure(serverUrl: string, idleCloseMs: number | undefined): void {
    this.#serverUrl ??= serverUrl;
    this.#pageIdleCloseMs ??= idleCloseMs;
  }

  /** Connects unless a link is up or a reconnect is already waiting its turn. */
  ensure(): void {
    if (!this.#link && this.#reconnectTimer === null) this.connect();
  }

  /** Connects now unless a link is up, cutting any reconnect wait short. */
  connect(): void {
    if (this.#link || this.#disposed || !this.#serverUrl || !this.deps.wanted()) return;
    this.#clearReconnect();
    this.deps.connecting();
    const link: ServerLink = new ServerLink(this.#serverUrl, this.deps.openSocket, {
      open: () => this.deps.open(link),
      push: (frame) => this.deps.push(frame),
      close: (code, reason) => this.#onClose(link, code, reason),
      malformed: (problem) => this.deps.report('warn', `server sent a malformed frame: ${problem}`),
    });
    this.#link = link;
  }

  /** Joined on the current link: the next drop starts the backoff afresh. */
  joined(): void {
    this.#attempt = 0;
  }

  /** A page spoke: no idle close while one is there. */
  pageActive(): void {
    this.deps.timers.clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  /** The last page went: close the socket if none comes back within the idle time. */
  noPagesLeft(): void {
    this.#idleTimer = this.deps.timers.setTimeout(() => {
      this.#idleTimer = null;
      if (this.deps.pagesOpen()) return;
      this.#clearReconnect();
      // Close without leaving: the session stays stored, and the next page resumes it.
      this.#link?.close(1000, 'no page open');
    }, this.#pageIdleCloseMs ?? this.deps.idleCloseMs);
  }

  /** Closes the current link for good: no close callback, no reconnect (the visitor left). */
  stop(reason: string): void {
    this.#clearReconnect();
    const link = this.#link;
    this.#link = null;
    link?.close(1000, reason);
  }

  /** Clears every timer and closes the link; nothing connects afterwards. */
  dispose(): void {
    this.#disposed = true;
    this.pageActive();
    this.stop('bridge stopped');
  }

  #onClose(link: ServerLink, code: number, reason: string): void {
    if (this.#link !== link) return;
    this.#link = null;
    this.deps.closed(code, reason);
    if (!this.deps.wanted()) return;
    if (NO_RECONNECT.includes(code)) return this.deps.refused(code, reason);
    if (!this.deps.pagesOpen()) return; // nobody to chat for: reconnect when a page comes back
    // Closed for abusing the rate limits: come back only after the longest pause, not at once.
    const delay =
      code === CloseCode.RateLimitAbuse
        ? this.deps.backoff.maxMs
        : backoffDelay(this.#attempt++, this.deps.backoff, () => this.deps.timers.random());
    this.deps.report('debug', `socket closed (${code}); reconnecting in ${delay} ms`);
    this.#reconnectTimer = this.deps.timers.setTimeout(() => {
      this.#reconnectTimer = null;
      this.connect();
    }, delay);
  }

  #clearReconnect(): void {
    this.deps.timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
  }
}
