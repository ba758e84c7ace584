import {
  SNAPSHOT_PRIVATE_LINES,
  type BridgeEvent,
  type ChatMessage,
  type ClientApi,
  type ConversationState,
  type PlacePosition,
  type PrivateConversation,
} from '@itmchat/protocol';
import { addGap, addMessages, emptyLog, lastSeq, recent, type PlaceLog } from './place-log.js';

export interface PrivateTalkDeps {
  readonly logLimit: number;
  readonly loadLog: (id: string) => Promise<PlaceLog | null>;
  /** Writes a conversation's log to browser storage, given the lines just added. */
  readonly saveLog: (log: PlaceLog, added: readonly ChatMessage[]) => void;
  /** The list of conversations changed (one was opened, or is with someone else's nick now): stored with the session. */
  readonly listed: (conversations: readonly ListedConversation[]) => void;
  readonly emit: (event: BridgeEvent) => void;
  /** Live lines from the other side came (not a backlog, not this browser's own). */
  readonly live: (conversation: string, messages: readonly ChatMessage[]) => void;
}

/** A conversation as the session record keeps it across page loads. */
export interface ListedConversation {
  readonly id: string;
  readonly with: string;
}

interface Held {
  readonly id: string;
  with: string;
  log: PlaceLog | null;
  /** Its head when this connection joined: numbers up to it are the catch-up, later ones live. */
  liveAfter: number;
}

/**
 * The visitor's private conversations as this browser holds them: each a numbered log kept in
 * browser storage like a place's, resumed from where it stands on every new link, so a reload, a
 * new tab or a reconnect shows it at once and fetches only what was missed.
 */
export class PrivateTalk {
  #held: Held[] = [];

  constructor(private readonly deps: PrivateTalkDeps) {}

  /** A stored session's conversations: their logs read back from browser storage. */
  async restore(listed: readonly ListedConversation[]): Promise<void> {
    this.#held = await Promise.all(listed.map(async (c) => ({ ...c, log: await this.deps.loadLog(c.id), liveAfter: 0 })));
  }

  /** Where this browser stands in each conversation, for a join or resume's `since`. */
  positions(): PlacePosition[] {
    return this.#held.flatMap(({ id, log }) => (log ? [{ place: id, seq: lastSeq(log), epoch: log.epoch }] : []));
  }

  /** The server's list on a new link: the ones it knows, each with whom; a log of another epoch is void. */
  joined(states: readonly ConversationState[]): void {
    const before = JSON.stringify(this.#held.map(({ id, with: other }) => [id, other]));
    this.#held = states.map((state) => {
      const held = this.#held.find((c) => c.id === state.id);
      const log = held?.log?.epoch === state.epoch ? held.log : null;
      return { id: state.id, with: state.with, log, liveAfter: state.head };
    });
    if (JSON.stringify(this.#held.map(({ id, with: other }) => [id, other])) !== before) this.#list();
  }

  /** The nick of whoever sent the newest private line from the other side, for -r. */
  lastFrom(nick: string): string | null {
    let latest: ChatMessage | null = null;
    for (const { log } of this.#held) {
      const theirs = log?.messages.findLast((m) => m.nick !== nick);
      if (theirs && (!latest || theirs.at > latest.at)) latest = theirs;
    }
    return latest?.nick ?? null;
  }

  /** Numbered lines of conversation `id`; `cid` marks this browser's own line; `self` is the visitor's nick. */
  add(id: string, epoch: string, incoming: readonly ChatMessage[], self: string, cid?: string): void {
    const held = this.#open(id, incoming, self);
    const current = held.log?.epoch === epoch ? held.log : emptyLog(id, epoch);
    const { log, added } = addMessages(current, incoming, this.deps.logLimit);
    held.log = log;
    if (added.length === 0 && !cid) return;
    if (added.length > 0) this.deps.saveLog(log, added);
    const shown = added.length > 0 ? added : incoming;
    const backlog = shown.every((m) => m.seq <= held.liveAfter);
    this.deps.emit({
      type: 'private',
      conversation: id,
      with: held.with,
      messages: cid ? shown.map((m) => ({ ...m, cid })) : shown,
      ...(backlog ? { backlog } : {}),
    });
    if (!backlog && !cid) this.deps.live(id, added);
  }

  /** The server could not send some lines of a conversation, or its history restarted. */
  gap({ place, epoch, reason, missed }: ClientApi['gap']): void {
    const held = this.#held.find((c) => c.id === place);
    if (!held) return;
    held.log = reason === 'epoch' || !held.log ? emptyLog(place, epoch) : missed ? addGap(held.log, missed) : held.log;
    this.deps.saveLog(held.log, []);
  }

  /** What a page draws at once: every conversation, the most recent first, with its newest lines. */
  snapshot(): PrivateConversation[] {
    return this.#held.map(({ id, with: other, log }) => ({
      id,
      with: other,
      messages: log ? recent(log, SNAPSHOT_PRIVATE_LINES).messages : [],
    }));
  }

  clear(): void {
    this.#held = [];
  }

  /** The conversation, first in the list now; opened if new, and with whom as its newest line says. */
  #open(id: string, incoming: readonly ChatMessage[], self: string): Held {
    const newest = incoming.at(-1);
    const other = newest ? (newest.nick === self ? newest.to : newest.nick) : undefined;
    let held = this.#held.find((c) => c.id === id);
    const changed = !held || this.#held[0] !== held || (other !== undefined && other !== held.with);
    held ??= { id, with: other ?? '', log: null, liveAfter: 0 };
    if (other !== undefined) held.with = other;
    if (changed) {
      this.#held = [held, ...this.#held.filter((c) => c !== held)];
      this.#list();
    }
    return held;
  }

  #list(): void {
    this.deps.listed(this.#held.map(({ id, with: other }) => ({ id, with: other })));
  }
}
