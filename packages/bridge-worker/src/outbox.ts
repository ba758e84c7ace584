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
import type { ServerLink } from './server-link.js';
import type { Timers } from './timers.js';

export interface OutboxDeps {
  readonly timers: Timers;
  /** Wait before resending a line the server could not store. */
  readonly storeRetryMs: number;
  readonly newId: () => string;
  /** Writes the lines still pending to browser storage. */
  readonly save: (lines: readonly PendingLine[]) => void;
  readonly emit: (event: BridgeEvent) => void;
  /** The link lines go out on now; null while the chat is not joined. */
  readonly link: () => ServerLink | null;
  /** The server numbered `line`: the message as the log keeps it (the core adds it there). */
  readonly numbered: (said: ServerApi['say']['result'], line: PendingLine) => ChatMessage;
}

/**
 * The lines the visitor said that the server has not numbered yet. Each line owns its cid,
 * chosen once, so a resend after a reconnect is stored once; it stays (and stays in browser
 * storage) until the server numbers or refuses it, and the page's say() waits for exactly that.
 */
export class Outbox {
  #lines: PendingLine[] = [];
  /** Page say() calls waiting for their line to be numbered, by cid. */
  readonly #waiters = new Map<string, { resolve: (m: ChatMessage) => void; reject: (e: CallError) => void }>();
  /** Lines sent on the current link and not yet answered: a resend must wait for a new link. */
  readonly #inFlight = new Set<string>();
  /** Resends of lines the store could not take yet. */
  readonly #retryTimers = new Set<unknown>();

  constructor(private readonly deps: OutboxDeps) {}

  get lines(): readonly PendingLine[] {
    return this.#lines;
  }

  /** The lines a previous worker left in storage, to send once joined. */
  restore(lines: readonly PendingLine[]): void {
    this.#lines = [...lines];
  }

  /** Queues `text` under a new cid and sends it if joined; resolves once numbered, rejects if refused. */
  add(text: string): Promise<ChatMessage> {
    const line: PendingLine = { cid: this.deps.newId(), text };
    this.#lines.push(line);
    this.#save();
    this.deps.emit({ type: 'pending', line });
    const numbered = new Promise<ChatMessage>((resolve, reject) => this.#waiters.set(line.cid, { resolve, reject }));
    this.#send(line);
    return numbered;
  }

  /** Sends every pending line, oldest first: the chat is joined on a new link. */
  sendAll(): void {
    for (const line of this.#lines) this.#send(line);
  }

  /** The link is gone: its unanswered lines go again on the next one. */
  linkLost(): void {
    this.#inFlight.clear();
  }

  /** The visitor left: every line is dropped, from storage too, and its say() rejected with `reason`. */
  cancel(reason: CallError): void {
    this.#lines = [];
    this.#save();
    this.#rejectAll(reason);
  }

  /** The bridge stops: timers cleared and waiting say() calls rejected; the lines stay stored for the next bridge. */
  dispose(reason: CallError): void {
    for (const timer of this.#retryTimers) this.deps.timers.clearTimeout(timer);
    this.#retryTimers.clear();
    this.#rejectAll(reason);
  }

  /** Sends a pending line; the cid makes a resend after a reconnect harmless. */
  #send(line: PendingLine): void {
    const link = this.deps.link();
    if (!link || this.#inFlight.has(line.cid)) return;
    this.#inFlight.add(line.cid);
    link.call('say', { text: line.text, cid: line.cid }).then(
      (said) => {
        this.#settle(line.cid, null);
        const message = this.deps.numbered(said, line);
        this.#waiters.get(line.cid)?.resolve(message);
        this.#waiters.delete(line.cid);
      },
      (error: unknown) => {
        this.#inFlight.delete(line.cid);
        const refusal = refusalOf(error);
        if (!refusal || refusal.code === BridgeErrorCode.Disconnected || refusal.code === ErrorCode.ShuttingDown) return; // stays queued for the next link
        if (refusal.code === ErrorCode.StoreUnavailable) return this.#retryLater(line);
        this.#settle(line.cid, refusal);
      },
    );
  }

  /** Nothing was stored: the same cid again shortly, on whatever link is up then. */
  #retryLater(line: PendingLine): void {
    const retry = this.deps.timers.setTimeout(() => {
      this.#retryTimers.delete(retry);
      if (this.#lines.includes(line)) this.#send(line);
    }, this.deps.storeRetryMs);
    this.#retryTimers.add(retry);
  }

  /** Takes a line out of the outbox: numbered (error null) or refused by the server. */
  #settle(cid: string, error: BridgeError | null): void {
    this.#inFlight.delete(cid);
    this.#lines = this.#lines.filter((l) => l.cid !== cid);
    this.#save();
    if (!error) return;
    this.deps.emit({ type: 'dropped', cid, error });
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
