import {
  BridgeErrorCode,
  CallError,
  ErrorCode,
  refusalOf,
  type BridgeError,
  type BridgeEvent,
  type ChatMessage,
  type PendingLine,
  type ServerApi,
} from '@itmchat/protocol';
import { SayPacer, type SayRate } from './say-pacer.js';
import type { ServerLink } from './server-link.js';
import type { Timers } from './timers.js';

export interface OutboxDeps {
  readonly timers: Timers;
  /** Wait before resending a line the server could not store (STORE_UNAVAILABLE). */
  readonly storeRetryMs: number;
  readonly newId: () => string;
  /** Writes the lines still pending to browser storage. */
  readonly save: (lines: readonly PendingLine[]) => void;
  readonly emit: (event: BridgeEvent) => void;
  /** The link lines go out on now; null while the chat is not joined. */
  readonly link: () => ServerLink | null;
  /** The server refused `line` for good: the log notes it. */
  readonly refused: (line: PendingLine, error: BridgeError) => void;
  /** The server numbered `line`: the message as the log keeps it (the core adds it there). */
  readonly numbered: (said: ServerApi['say']['result'], line: PendingLine) => ChatMessage;
}

/** The retry after a RATE_LIMITED that said no time (an older server). */
const RATE_RETRY_MS = 1_000;

/**
 * The lines the visitor said that the server has not numbered yet. Each line owns its cid,
 * chosen once, so a resend after a reconnect is stored once; it stays (and stays in browser
 * storage) until the server numbers or finally refuses it, and the page's say() waits for exactly
 * that. Lines go one at a time, oldest first, paced to the server's announced say rate: a line
 * held back (rate-limited, not stored, the link down) holds back the lines after it, so they are
 * numbered in the order typed.
 */
export class Outbox {
  #lines: PendingLine[] = [];
  /** Page say() calls waiting for their line to be numbered, by cid. */
  readonly #waiters = new Map<string, { resolve: (m: ChatMessage) => void; reject: (e: CallError) => void }>();
  /** The send of the oldest line now awaiting its answer; null when none is on the wire. */
  #sending: object | null = null;
  /** Before the oldest line may go again: the pace, or a retry the server asked for. */
  #wake: unknown = null;
  readonly #pacer: SayPacer;

  constructor(private readonly deps: OutboxDeps) {
    this.#pacer = new SayPacer(deps.timers);
  }

  get lines(): readonly PendingLine[] {
    return this.#lines;
  }

  /** The lines a previous worker left in storage, to send once joined. */
  restore(lines: readonly PendingLine[]): void {
    this.#lines = [...lines];
  }

  /** The say limit a new link's server announced (its `hello`). */
  paceTo(rate: SayRate | undefined): void {
    this.#pacer.set(rate);
  }

  /**
   * Queues `text` (an action or a private line with `as`) under a new cid and sends it when its
   * turn comes; resolves once numbered, rejects if refused.
   */
  add(text: string, as: Pick<PendingLine, 'kind' | 'to'> = {}): Promise<ChatMessage> {
    const line: PendingLine = { cid: this.deps.newId(), text, ...as };
    this.#lines.push(line);
    this.#save();
    this.deps.emit({ type: 'pending', line });
    const numbered = new Promise<ChatMessage>((resolve, reject) => this.#waiters.set(line.cid, { resolve, reject }));
    this.#pump();
    return numbered;
  }

  /** The chat is joined on a new link: the pending lines go, oldest first. */
  sendAll(): void {
    this.#pump();
  }

  /** The link is gone: the line on it goes again on the next one. */
  linkLost(): void {
    this.#sending = null;
  }

  /** The visitor left: every line is dropped, from storage too, and its say() rejected with `reason`. */
  cancel(reason: CallError): void {
    this.#lines = [];
    this.#sending = null;
    this.#stopWaiting();
    this.#save();
    this.#rejectAll(reason);
  }

  /** The bridge stops: timers cleared and waiting say() calls rejected; the lines stay stored for the next bridge. */
  dispose(reason: CallError): void {
    this.#stopWaiting();
    this.#rejectAll(reason);
  }

  /** Sends the oldest line if nothing is on the wire, the link is up and the pace allows. */
  #pump(): void {
    const line = this.#lines[0];
    const link = this.deps.link();
    if (!line || !link || this.#sending || this.#wake !== null) return;
    const wait = this.#pacer.wait();
    if (wait > 0) return this.#retryIn(wait);
    this.#pacer.take();
    const sending = {};
    this.#sending = sending;
    const { text, cid, kind, to } = line;
    link.call('say', { text, cid, ...(kind ? { kind } : {}), ...(to === undefined ? {} : { to }) }).then(
      (said) => {
        this.#settle(line.cid, null);
        const message = this.deps.numbered(said, line);
        this.#waiters.get(line.cid)?.resolve(message);
        this.#waiters.delete(line.cid);
        this.#next(sending);
      },
      (error: unknown) => {
        if (this.#sending !== sending) return; // its link is gone: the line went back to waiting
        this.#sending = null;
        this.#refused(line, refusalOf(error), error);
      },
    );
  }

  /** What a refusal of the oldest line means for it, and for the lines behind it. */
  #refused(line: PendingLine, refusal: BridgeError | null, error: unknown): void {
    const code = refusal?.code;
    if (!refusal || code === BridgeErrorCode.Disconnected || code === ErrorCode.ShuttingDown) return; // again on the next link
    if (code === ErrorCode.RateLimited) {
      this.#pacer.empty();
      return this.#retryIn((error as CallError).retryAfterMs ?? RATE_RETRY_MS);
    }
    if (code === ErrorCode.StoreUnavailable) return this.#retryIn(this.deps.storeRetryMs);
    this.#settle(line.cid, refusal); // final: too long, empty, not joined
    this.#pump();
  }

  #next(sending: object): void {
    if (this.#sending !== sending) return;
    this.#sending = null;
    this.#pump();
  }

  /** The oldest line again (same cid) after `ms`, on whatever link is up then. */
  #retryIn(ms: number): void {
    this.#wake = this.deps.timers.setTimeout(() => {
      this.#wake = null;
      this.#pump();
    }, ms);
  }

  #stopWaiting(): void {
    if (this.#wake !== null) this.deps.timers.clearTimeout(this.#wake);
    this.#wake = null;
  }

  /** Takes a line out of the outbox: numbered (error null) or refused by the server. */
  #settle(cid: string, error: BridgeError | null): void {
    const line = this.#lines.find((l) => l.cid === cid);
    this.#lines = this.#lines.filter((l) => l.cid !== cid);
    this.#save();
    if (!error) return;
    this.deps.emit({ type: 'dropped', cid, error });
    if (line) this.deps.refused(line, error);
    this.#waiters.get(cid)?.reject(new CallError(error.code, error.message));
    this.#waiters.delete(cid);
  }

  #rejectAll(reason: CallError): void {
    for (const waiter of this.#waiters.values()) waiter.reject(reason);
    this.#waiters.clear();
  }

  #save(): void {
    this.deps.save([...this.#lines]);
  }
}
