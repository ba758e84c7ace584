import type { Rooms } from './rooms.js';
import { Session } from './session.js';
import type { SessionTable } from './session-table.js';
import type { SessionRecords } from './store/store.js';

/** Sessions written down longer ago than this are not taken back at start-up (a server down for a day lost them). */
const RESTORE_WITHIN_MS = 86_400_000;

export interface RestoreDeps {
  readonly sessions: SessionTable;
  readonly rooms: Rooms;
  /** Starts the session's grace period: its visitor has that long to resume. */
  readonly startGrace: (session: Session) => void;
}

/**
 * This node's sessions as the store keeps them (SQLite), so a restart or a deploy takes them back
 * and their visitors resume as if nothing happened. Best effort: a session whose record could not
 * be written still works until the next restart. Nothing at all without such a store.
 */
export class SessionLedger {
  constructor(
    private readonly records: SessionRecords | undefined,
    private readonly now: () => number,
  ) {}

  /** Its nick, place, current token digest and author, after a join, a resume or a move. */
  save(session: Session): void {
    this.#write(() =>
      this.records?.save({
        id: session.id,
        nick: session.nick,
        key: session.key,
        place: session.place,
        digest: session.digest,
        author: session.author,
        address: session.address,
        savedAt: this.now(),
      }),
    );
  }

  remove(session: Session): void {
    this.#write(() => this.records?.remove(session.id));
  }

  /**
   * Puts the sessions kept back in their places (a restart), each waiting its grace period for
   * its visitor; nobody is told anything, as for a reload. Returns how many.
   */
  async restore({ sessions, rooms, startGrace }: RestoreDeps): Promise<number> {
    let restored = 0;
    for (const record of this.#load(this.now() - RESTORE_WITHIN_MS)) {
      const room = sessions.byId(record.id) || sessions.byNick(record.key) ? null : await rooms.load(record.place).catch(() => null);
      if (!room) {
        this.#write(() => this.records?.remove(record.id)); // its nick was taken meanwhile, or its place is gone
        continue;
      }
      const session = new Session(record.nick, record.key, record.place, record.id, record.digest);
      session.author = record.author;
      session.address = record.address;
      sessions.add(session);
      room.members.set(session.key, session);
      startGrace(session);
      restored += 1;
    }
    return restored;
  }

  #load(since: number) {
    try {
      return this.records?.load(since) ?? [];
    } catch {
      return []; // an unreadable table costs the visitors their sessions, never the start-up
    }
  }

  #write(write: () => void): void {
    try {
      write();
    } catch {
      // The store is failing (disk full): the session lives on in memory; the store says so elsewhere.
    }
  }
}
