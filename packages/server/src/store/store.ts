import type { ChatMessage, MessageKind } from '@itmchat/protocol';

/**
 * Where places, their numbering and their history live. SQLite (default), memory (tests)
 * and Redis (several nodes) implement it; the chat logic sees only this. Methods are async so a
 * networked store fits; an implementation must number and append in one atomic step.
 */
export interface ChatStore {
  /** The place, made with a fresh epoch and head 0 if it did not exist. */
  ensurePlace(name: string): Promise<PlaceRecord>;
  /**
   * Stores each message under its place's next number, in order, as one atomic step: all are
   * stored or none. A draft whose `author` already stored its `cid` (earlier, or earlier in the
   * same batch) is not written again: the stored message comes back with `duplicate: true`.
   */
  append(drafts: readonly MessageDraft[]): Promise<AppendOutcome[]>;
  /**
   * The private conversations `visitor` takes part in, the most recently used first, at most
   * `limit`: what a join or resume lists, so a client resumes them all. One whose history has
   * expired is left out.
   */
  conversationsOf(visitor: string, limit: number): Promise<ConversationRecord[]>;
  /**
   * The account a nick key belongs to (its first signed visitor claimed it for good), or null:
   * an anonymous visitor may not take such a nick, on any node, even while its owner is away.
   */
  nickAccount(key: string): Promise<string | null>;
  /** Claims nick key `key` for account `subject` if no account holds it; resolves with its holder afterwards. */
  reserveNick(key: string, subject: string): Promise<string>;
  /** Retained messages numbered `from`…`to` of a place, oldest first. */
  readRange(place: string, from: number, to: number): Promise<ChatMessage[]>;
  /**
   * Nobody is in the place any more (on this node): forgotten if it holds no message, so a name
   * made and left costs nothing (a later visit makes it anew, with a new epoch). A place with
   * messages stays, for `expire`.
   */
  release(place: string): Promise<void>;
  /**
   * Forgets, with their history, the places whose newest message is older than `before` (ms since
   * the epoch) and those with none, but never one named in `keep` (occupied); returns how many.
   * A store whose keys expire by themselves (Redis) forgets nothing here.
   */
  expire(before: number, keep: ReadonlySet<string>): Promise<number>;
  /**
   * Where a single node keeps its sessions, so a visitor resumes the same session after a
   * restart or a deploy; absent where sessions live elsewhere (Redis keeps them cluster-wide) or
   * nowhere (memory).
   */
  readonly sessions?: SessionRecords;
  /** Resolves when the store can serve now (a round-trip where there is one); rejects with StoreUnavailableError saying why not. */
  check(): Promise<void>;
  /** Flushes and releases the store; later calls fail. */
  close(): Promise<void>;
}

/** What a restarted server needs to take a session back: never the token, only its secret's digest. */
export interface StoredSession {
  readonly id: string;
  readonly nick: string;
  readonly key: string;
  readonly place: string;
  readonly digest: string;
  readonly author: string;
  readonly address: string;
  /** When it was last written (ms since the epoch). */
  readonly savedAt: number;
}

export interface SessionRecords {
  /** Writes the session's record (a join, a resume's new token, a move). */
  save(session: StoredSession): void;
  /** The session ended (left or timed out). */
  remove(id: string): void;
  /** Every record, for the start-up; records saved before `since` are forgotten instead. */
  load(since: number): StoredSession[];
}

export interface PlaceRecord {
  readonly name: string;
  readonly epoch: string;
  /** Number of the newest message (0 when none). */
  readonly head: number;
  /** The text of its latest `topic` message, absent when none was set (or it was cleared). */
  readonly topic?: string;
}

/** One side of a private conversation: the visitor's stable identity (see Session.visitor) and nick. */
export interface Party {
  readonly visitor: string;
  readonly nick: string;
}

/** A conversation as `conversationsOf` lists it for one of its two sides. */
export interface ConversationRecord {
  readonly id: string;
  /** The other side's nick, as of the conversation's last line. */
  readonly with: string;
  readonly epoch: string;
  readonly head: number;
}

export interface MessageDraft {
  readonly place: string;
  readonly nick: string;
  /** Who may repeat a cid: the client's author key, or its session (see Session.author). */
  readonly author: string;
  readonly cid: string;
  readonly text: string;
  readonly at: number;
  /** Absent: a say. A `topic` message sets the place's topic to its text (empty: cleared) in the same step. */
  readonly kind?: Exclude<MessageKind, 'say'>;
  /** A private line: the recipient's nick, and both sides, so each lists the conversation (sender first). */
  readonly to?: string;
  readonly parties?: readonly [Party, Party];
  /**
   * The author's session. A store that fans out (Redis publishes each new message) sends it
   * along, so no node sends the author their own line back; no store keeps it.
   */
  readonly session?: string;
}

export interface AppendOutcome {
  readonly place: string;
  readonly message: ChatMessage;
  readonly duplicate: boolean;
}

/** Thrown by a store that cannot take a write; the caller reports STORE_UNAVAILABLE and acknowledges nothing. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** The message a draft becomes under number `seq`: kind and recipient only where they are set. */
export function messageOf(draft: MessageDraft, seq: number): ChatMessage {
  const message: ChatMessage = { seq, at: draft.at, nick: draft.nick, text: draft.text };
  if (draft.kind === undefined) return message;
  return draft.to === undefined ? { ...message, kind: draft.kind } : { ...message, kind: draft.kind, to: draft.to };
}

/** Each side of a private line's conversation with the other side's nick: how both come to list it. */
export function listings([sender, recipient]: readonly [Party, Party]): { readonly visitor: string; readonly with: string }[] {
  return [
    { visitor: sender.visitor, with: recipient.nick },
    { visitor: recipient.visitor, with: sender.nick },
  ];
}

/** Most conversations a store lists for one visitor: the oldest beyond it drop out of the list (their history stays). */
export const CONVERSATIONS_LISTED = 50;
