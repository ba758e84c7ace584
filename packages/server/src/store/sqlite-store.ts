import Database from 'better-sqlite3';
import type { ChatMessage, MessageKind } from '@itmchat/protocol';
import { newEpoch } from './epoch.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { migrate } from './sqlite-migrations.js';
import {
  CONVERSATIONS_LISTED,
  listings,
  StoreUnavailableError,
  messageOf,
  type ConversationRecord,
  type Party,
  type AppendOutcome,
  type ChatStore,
  type MessageDraft,
  type PlaceRecord,
  type SessionRecords,
  type StoredSession,
} from './store.js';

/** Trim old history every this many appends to a place, not on every one. */
const TRIM_EVERY = 64;

interface PlaceRow {
  id: number;
  name: string;
  epoch: string;
  head: number;
  topic: string | null;
}
interface MessageRow {
  seq: number;
  at: number;
  nick: string;
  text: string;
  kind: string | null;
  recipient: string | null;
}
const MESSAGE_COLUMNS = 'seq, at, nick, text, kind, recipient';

/**
 * The embedded default: one SQLite file in WAL mode. `synchronous = NORMAL` makes each
 * commit survive a crash of the process (the WAL is written before append resolves);
 * only a power loss can take the last commits, as with any WAL database. A batch (the says
 * of one event-loop turn) is one transaction.
 */
export class SqliteStore implements ChatStore {
  readonly #db: Database.Database;
  readonly #historyLimit: number;
  readonly #statements;
  readonly #appendTx;
  readonly #checkpointer: SqliteCheckpointer | null;
  readonly sessions: SessionRecords;

  constructor(options: { readonly file: string; readonly historyLimit: number }) {
    this.#historyLimit = options.historyLimit;
    this.#db = new Database(options.file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    // Checkpoints happen beside the event loop (see SqliteCheckpointer), never inside a commit.
    this.#db.pragma('wal_autocheckpoint = 0');
    this.#db.pragma('foreign_keys = ON');
    try {
      migrate(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    const db = this.#db;
    this.#statements = {
      placeByName: db.prepare<[string], PlaceRow>('SELECT id, name, epoch, head, topic FROM places WHERE name = ?'),
      insertPlace: db.prepare<[string, string, number]>('INSERT INTO places (name, epoch, created_at) VALUES (?, ?, ?)'),
      byCid: db.prepare<[string, string], MessageRow & { placeId: number }>(
        `SELECT place_id AS placeId, ${MESSAGE_COLUMNS} FROM messages WHERE author = ? AND cid = ?`,
      ),
      placeById: db.prepare<[number], PlaceRow>('SELECT id, name, epoch, head, topic FROM places WHERE id = ?'),
      setHead: db.prepare<[number, number]>('UPDATE places SET head = ? WHERE id = ?'),
      setTopic: db.prepare<[string | null, number]>('UPDATE places SET topic = ? WHERE id = ?'),
      insertMessage: db.prepare<[number, number, number, string, string, string, string, string | null, string | null]>(
        'INSERT INTO messages (place_id, seq, at, nick, author, cid, text, kind, recipient) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      range: db.prepare<[number, number, number], MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE place_id = ? AND seq BETWEEN ? AND ? ORDER BY seq`,
      ),
      listConversation: db.prepare<[string, string, string, number]>(
        `INSERT INTO conversations (visitor, id, with_nick, touched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (visitor, id) DO UPDATE SET with_nick = excluded.with_nick, touched_at = excluded.touched_at`,
      ),
      conversationsOf: db.prepare<[string, number], ConversationRecord>(
        `SELECT c.id, c.with_nick AS "with", p.epoch, p.head FROM conversations c JOIN places p ON p.name = c.id
         WHERE c.visitor = ? ORDER BY c.touched_at DESC LIMIT ?`,
      ),
      unlistBeyond: db.prepare<[string, string, number]>(
        `DELETE FROM conversations WHERE visitor = ? AND id NOT IN
         (SELECT id FROM conversations WHERE visitor = ? ORDER BY touched_at DESC LIMIT ?)`,
      ),
      unlistConversation: db.prepare<[string]>('DELETE FROM conversations WHERE id = ?'),
      nickAccount: db.prepare<[string], { subject: string }>('SELECT subject FROM nick_accounts WHERE key = ?'),
      reserveNick: db.prepare<[string, string, number]>('INSERT OR IGNORE INTO nick_accounts (key, subject, claimed_at) VALUES (?, ?, ?)'),
      trim: db.prepare<[number, number]>('DELETE FROM messages WHERE place_id = ? AND seq <= ?'),
      deleteIfEmpty: db.prepare<[string]>('DELETE FROM places WHERE name = ? AND head = 0'),
      // The newest message of each place is the last of its primary key: one index step per place.
      stale: db.prepare<[number], { id: number; name: string }>(
        'SELECT id, name FROM places p WHERE coalesce((SELECT at FROM messages m WHERE m.place_id = p.id ORDER BY seq DESC LIMIT 1), 0) < ?',
      ),
      deleteMessagesOf: db.prepare<[number]>('DELETE FROM messages WHERE place_id = ?'),
      deletePlace: db.prepare<[number]>('DELETE FROM places WHERE id = ?'),
      saveSession: db.prepare<[StoredSession]>(
        `INSERT INTO sessions (id, nick, key, place, digest, author, address, saved_at)
         VALUES (@id, @nick, @key, @place, @digest, @author, @address, @savedAt)
         ON CONFLICT (id) DO UPDATE SET nick = excluded.nick, key = excluded.key, place = excluded.place, digest = excluded.digest, author = excluded.author,
           address = excluded.address, saved_at = excluded.saved_at`,
      ),
      removeSession: db.prepare<[string]>('DELETE FROM sessions WHERE id = ?'),
      forgetSessionsBefore: db.prepare<[number]>('DELETE FROM sessions WHERE saved_at < ?'),
      sessions: db.prepare<[], StoredSession>(
        'SELECT id, nick, key, place, digest, author, address, saved_at AS savedAt FROM sessions ORDER BY saved_at',
      ),
    };
    const statements = this.#statements;
    // Synchronous, as each is one small write: a join, a resume's new token, a move, a leave.
    this.sessions = {
      save: (session) => this.#sqlite('could not save the session', () => statements.saveSession.run(session)),
      remove: (id) => this.#sqlite('could not forget the session', () => statements.removeSession.run(id)),
      load: (since) =>
        this.#sqlite('could not load the sessions', () => {
          statements.forgetSessionsBefore.run(since);
          return statements.sessions.all();
        }),
    };
    this.#checkpointer =
      options.file === ':memory:'
        ? null
        : new SqliteCheckpointer(options.file, (message) => {
            process.emitWarning(`itmchat: SQLite checkpoint failed: ${message}`);
          });
    this.#appendTx = db.transaction((drafts: readonly MessageDraft[]): AppendOutcome[] => {
      // Numbers are handed out from the rows read once per place; each place's head is written once per batch.
      const batch = new Map<string, PlaceRow & { next: number }>();
      const outcomes = drafts.map((draft) => this.#appendNow(draft, batch));
      for (const place of batch.values()) this.#statements.setHead.run(place.next - 1, place.id);
      return outcomes;
    });
  }

  async ensurePlace(name: string): Promise<PlaceRecord> {
    const row = this.#sqlite('could not load the place', () => this.#placeRow(name));
    return row.topic === null
      ? { name: row.name, epoch: row.epoch, head: row.head }
      : { name: row.name, epoch: row.epoch, head: row.head, topic: row.topic };
  }

  async conversationsOf(visitor: string, limit: number): Promise<ConversationRecord[]> {
    return this.#sqlite('could not list the conversations', () => this.#statements.conversationsOf.all(visitor, limit));
  }

  async append(drafts: readonly MessageDraft[]): Promise<AppendOutcome[]> {
    return this.#sqlite('could not store the messages', () => this.#appendTx(drafts));
  }

  async nickAccount(key: string): Promise<string | null> {
    return this.#sqlite('could not read the nick', () => this.#statements.nickAccount.get(key)?.subject ?? null);
  }

  async reserveNick(key: string, subject: string): Promise<string> {
    return this.#sqlite('could not reserve the nick', () => {
      this.#statements.reserveNick.run(key, subject, Date.now());
      return this.#statements.nickAccount.get(key)!.subject;
    });
  }

  async readRange(name: string, from: number, to: number): Promise<ChatMessage[]> {
    return this.#sqlite('could not read the history', () => {
      const row = this.#statements.placeByName.get(name);
      return row ? this.#statements.range.all(row.id, from, to).map(toMessage) : [];
    });
  }

  async release(name: string): Promise<void> {
    this.#sqlite('could not forget the place', () => this.#statements.deleteIfEmpty.run(name));
  }

  async expire(before: number, keep: ReadonlySet<string>): Promise<number> {
    return this.#sqlite('could not expire places', () =>
      this.#db.transaction(() => {
        const stale = this.#statements.stale.all(before).filter((place) => !keep.has(place.name));
        for (const place of stale) {
          this.#statements.deleteMessagesOf.run(place.id);
          this.#statements.deletePlace.run(place.id);
          this.#statements.unlistConversation.run(place.name);
        }
        return stale.length;
      })(),
    );
  }

  async check(): Promise<void> {
    this.#sqlite('sqlite', () => this.#statements.placeByName.get(''));
  }

  async close(): Promise<void> {
    if (!this.#db.open) return;
    await this.#checkpointer?.stop();
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    this.#db.close();
  }

  #appendNow(draft: MessageDraft, batch: Map<string, PlaceRow & { next: number }>): AppendOutcome {
    const earlier = this.#statements.byCid.get(draft.author, draft.cid);
    if (earlier) {
      return { place: this.#statements.placeById.get(earlier.placeId)!.name, message: toMessage(earlier), duplicate: true };
    }
    let place = batch.get(draft.place);
    if (!place) {
      const row = this.#placeRow(draft.place);
      batch.set(draft.place, (place = { ...row, next: row.head + 1 }));
    }
    const seq = place.next++;
    const { at, nick, author, cid, text } = draft;
    this.#statements.insertMessage.run(place.id, seq, at, nick, author, cid, text, draft.kind ?? null, draft.to ?? null);
    if (draft.kind === 'topic') this.#statements.setTopic.run(text || null, place.id);
    if (draft.parties) this.#list(draft.place, draft.parties, at);
    if (seq % TRIM_EVERY === 0) this.#statements.trim.run(place.id, seq - this.#historyLimit);
    return { place: place.name, message: messageOf(draft, seq), duplicate: false };
  }

  /** Both sides list the conversation, each with the other's nick, and keep at most CONVERSATIONS_LISTED. */
  #list(id: string, parties: readonly [Party, Party], at: number): void {
    for (const side of listings(parties)) {
      this.#statements.listConversation.run(side.visitor, id, side.with, at);
      this.#statements.unlistBeyond.run(side.visitor, side.visitor, CONVERSATIONS_LISTED);
    }
  }

  /** Runs on the open database; any SQLite failure (disk full, I/O error) means the store is unavailable. */
  #sqlite<T>(what: string, run: () => T): T {
    this.#assertOpen();
    try {
      return run();
    } catch (error) {
      throw new StoreUnavailableError(`${what}: ${(error as Error).message}`);
    }
  }

  #placeRow(name: string): PlaceRow {
    const existing = this.#statements.placeByName.get(name);
    if (existing) return existing;
    this.#statements.insertPlace.run(name, newEpoch(), Date.now());
    return this.#statements.placeByName.get(name)!;
  }

  #assertOpen(): void {
    if (!this.#db.open) throw new StoreUnavailableError('store is closed');
  }
}

function toMessage(row: MessageRow): ChatMessage {
  const { seq, at, nick, text, kind, recipient } = row;
  const message: ChatMessage = { seq, at, nick, text };
  if (kind === null) return message;
  const typed = kind as Exclude<MessageKind, 'say'>;
  return recipient === null ? { ...message, kind: typed } : { ...message, kind: typed, to: recipient };
}
