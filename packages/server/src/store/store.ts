import type { ChatMessage } from '@itmchat/protocol';

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
}

export interface MessageDraft {
  readonly place: string;
  readonly nick: string;
  /** Who may repeat a cid: the client's author key, or its session (see Session.author). */
  readonly author: string;
  readonly cid: string;
  readonly text: string;
  readonly at: number;
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
