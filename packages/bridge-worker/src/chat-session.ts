import {
  BridgeErrorCode,
  CallError,
  ErrorCode,
  nameKey,
  type BridgeEvent,
  type ChatState,
  type PlaceState,
  type Snapshot,
} from '@itmchat/protocol';
import type { Attention } from './attention.js';
import type { AutoAway } from './auto-away.js';
import { joinOnLink } from './join-on-link.js';
import type { LinkKeeper } from './link-keeper.js';
import type { Outbox } from './outbox.js';
import type { PlaceLog } from './place-log.js';
import type { PlaceView } from './place-view.js';
import type { PrivateTalk } from './private-talk.js';
import { randomId } from './random-id.js';
import type { ServerLink } from './server-link.js';
import type { BridgeStorage, StoredSession } from './storage.js';

export interface ChatSessionDeps {
  readonly storage: BridgeStorage;
  readonly keeper: LinkKeeper;
  readonly view: PlaceView;
  readonly private: PrivateTalk;
  readonly outbox: Outbox;
  readonly autoAway: AutoAway;
  readonly attention: Attention;
  /** Runs a browser storage write; a failure is reported, never thrown. */
  readonly persist: (write: () => Promise<void>) => void;
  /** An error every page is told of. */
  readonly reportError: (message: string) => void;
  readonly emit: (event: BridgeEvent) => void;
  readonly snapshot: () => Snapshot;
}

/**
 * The visitor's session through its life: read back from browser storage, joined from a page,
 * resumed or joined again on every new link, moved by -goto, ended by a leave or a refusal for
 * good. It holds the stored session, the chat state the pages are told, and the page join()
 * calls that wait to be let in.
 */
export class ChatSession {
  #state: ChatState = 'idle';
  #stored: StoredSession | null = null;
  #joinWaiters: { resolve: (s: Snapshot) => void; reject: (e: CallError) => void }[] = [];

  constructor(private readonly deps: ChatSessionDeps) {}

  get state(): ChatState {
    return this.#state;
  }

  /** The session as browser storage keeps it; null when there is none to be joined for. */
  get stored(): StoredSession | null {
    return this.#stored;
  }

  /** Reads back what earlier pages left: the session, the outbox, the place's log and the conversations. */
  async restore(): Promise<void> {
    const { storage } = this.deps;
    try {
      this.#stored = await storage.loadSession();
      this.deps.outbox.restore(await storage.loadOutbox());
      if (this.#stored) this.deps.view.log = await storage.loadLog(this.#stored.place);
      await this.deps.private.restore(this.#stored?.conversations ?? []);
    } catch (error) {
      this.deps.reportError(`could not read browser storage: ${String(error)}`);
    }
  }

  /** A page's join(): resolves with the first snapshot once the server let the visitor in. */
  join(nick: string, place: string): Promise<Snapshot> {
    if (this.#stored) {
      if (this.#state === 'joined') return Promise.resolve(this.deps.snapshot());
      if (nameKey(this.#stored.nick) !== nameKey(nick)) {
        return Promise.reject(new CallError(ErrorCode.AlreadyJoined, `already joining as ${this.#stored.nick}`));
      }
    } else {
      this.#stored = { nick, place, token: null, author: randomId() };
      this.deps.view.log = null;
      this.#persist();
    }
    const joined = new Promise<Snapshot>((resolve, reject) => this.#joinWaiters.push({ resolve, reject }));
    this.deps.keeper.connect();
    return joined;
  }

  async leave(): Promise<Record<string, never>> {
    const link = this.deps.keeper.link;
    if (link && this.#state === 'joined') await link.call('leave', {}).catch(() => undefined);
    this.#end(new CallError(BridgeErrorCode.Cancelled, 'left the chat'));
    this.deps.persist(() => this.deps.storage.clear());
    return {};
  }

  /** A new link is open: the session is resumed on it, or joined again. */
  async opened(link: ServerLink): Promise<void> {
    const session = this.#stored;
    if (!session) return link.close(1000, 'left');
    const { keeper, view } = this.deps;
    const outcome = await joinOnLink(link, session, [...view.position(), ...this.deps.private.positions()]);
    if (outcome.kind === 'refused') {
      const { code, message } = outcome.refusal;
      this.deps.emit({ type: 'notice', code, message });
      this.#end(new CallError(code, message));
      return this.deps.persist(() => this.deps.storage.saveSession(null));
    }
    // Passing: drop this link, and the link keeper retries with backoff (a dropped socket it handles itself).
    if (outcome.kind === 'retry') return keeper.link === link ? link.close(1000, 'join failed') : undefined;
    // Synchronous from here until the end: the backlog pushes follow this reply.
    const { joined } = outcome;
    if (keeper.link !== link || this.#stored !== session) return;
    this.#stored = { ...session, nick: joined.nick, place: joined.place.name, token: joined.token };
    this.#persist();
    view.joined(joined.place);
    this.deps.private.joined(joined.conversations ?? []);
    keeper.joined();
    this.setState('joined');
    const snapshot = this.deps.snapshot();
    for (const waiter of this.#joinWaiters.splice(0)) waiter.resolve(snapshot);
    this.deps.emit({ type: 'snapshot', snapshot });
    this.deps.outbox.sendAll();
  }

  /** The link closed: a session waits offline for the next one. */
  linkClosed(): void {
    this.deps.outbox.linkLost();
    this.setState(this.#stored ? 'offline' : 'idle');
  }

  /** Changes the stored session (and tells the pages its nick when `told`). */
  change(change: Partial<StoredSession>, told = false): void {
    if (!this.#stored) return;
    this.#stored = { ...this.#stored, ...change };
    this.#persist();
    if (told) this.deps.emit({ type: 'state', state: this.#state, nick: this.#stored.nick, place: this.#stored.place });
  }

  /** -goto's reply came. Synchronous: the backlog pushes that follow the reply must find the new log in place. */
  moved(place: PlaceState, held: PlaceLog | null): void {
    this.#stored = { ...this.#stored!, place: place.name };
    this.deps.view.moved(place, held);
    this.#persist();
    this.deps.emit({ type: 'state', state: this.#state, nick: this.#stored.nick, place: place.name });
    this.deps.emit({ type: 'snapshot', snapshot: this.deps.snapshot() });
  }

  setState(state: ChatState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.deps.emit({ type: 'state', state, nick: this.#stored?.nick ?? null, place: this.#stored?.place ?? null });
  }

  /** Rejects the join() calls still waiting (the bridge stopped, or the session ended). */
  cancelJoins(reason: CallError): void {
    for (const waiter of this.#joinWaiters.splice(0)) waiter.reject(reason);
  }

  #end(reason: CallError): void {
    this.#stored = null;
    this.deps.view.clear();
    this.deps.private.clear();
    this.deps.autoAway.stop();
    this.deps.attention.clear();
    this.cancelJoins(reason);
    this.deps.outbox.cancel(reason);
    this.deps.keeper.stop('left');
    this.setState('idle');
    this.deps.emit({ type: 'snapshot', snapshot: this.deps.snapshot() });
  }

  #persist(): void {
    this.deps.persist(() => this.deps.storage.saveSession(this.#stored));
  }
}
