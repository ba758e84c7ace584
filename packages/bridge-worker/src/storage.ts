import type { ChatMessage, PendingLine } from '@itmchat/protocol';
import type { PlaceLog } from './place-log.js';

/** The joined state that survives page loads: who, where, and the token to resume. */
export interface StoredSession {
  readonly nick: string;
  readonly place: string;
  readonly token: string | null;
  /**
   * This browser's random author key for the session, sent on identify and resume: the server
   * dedupes a say's cid per author, so a line retried after a server restart is stored once.
   * Absent in a session stored by an older worker (cids are then scoped to the server's session).
   */
  readonly author?: string;
  /** (Since 0.3.) The private conversations, most recent first, so a reload resumes them all. */
  readonly conversations?: readonly { readonly id: string; readonly with: string }[];
  /** (Since 0.3.) Nicks whose lines this browser hides (-ignore). */
  readonly ignored?: readonly string[];
}

/**
 * What the bridge keeps in the browser between page loads (IndexedDB in a browser, memory
 * in tests). Writes are incremental: `saveLog` is told which messages are new.
 */
export interface BridgeStorage {
  loadSession(): Promise<StoredSession | null>;
  saveSession(session: StoredSession | null): Promise<void>;
  loadOutbox(): Promise<PendingLine[]>;
  saveOutbox(lines: readonly PendingLine[]): Promise<void>;
  loadLog(place: string): Promise<PlaceLog | null>;
  /** Stores `log` given the messages just added to it; older messages it no longer holds are deleted. */
  saveLog(log: PlaceLog, added: readonly ChatMessage[]): Promise<void>;
  /** Forgets everything: session, outbox and every place's log (on leave). */
  clear(): Promise<void>;
}
