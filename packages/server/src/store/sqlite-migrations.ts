import type Database from 'better-sqlite3';

/**
 * The SQLite data file's schema, as numbered steps. A step is never edited once released: a
 * change to the schema is a new step at the end. At start-up `migrate` applies, in order, each
 * step the file has not had, each in its own transaction with the version it reaches, so a
 * crash mid-way leaves the file at the last whole step. The version lives in `meta` (key
 * `schema_version`), where files written before numbered steps already keep it.
 */
export interface Migration {
  readonly version: number;
  readonly what: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    what: 'places with their numbering, and messages with their authors and client ids',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE places (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        epoch TEXT NOT NULL,
        head INTEGER NOT NULL DEFAULT 0,   -- last number given; never goes down, even when history is trimmed
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE messages (
        place_id INTEGER NOT NULL REFERENCES places(id),
        seq INTEGER NOT NULL,
        at INTEGER NOT NULL,
        nick TEXT NOT NULL,
        author TEXT NOT NULL,
        cid TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (place_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE UNIQUE INDEX messages_by_cid ON messages (author, cid);
    `,
  },
  {
    version: 2,
    what: 'sessions, so a visitor resumes the same session after a restart (token digests only)',
    sql: `
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        nick TEXT NOT NULL,
        key TEXT NOT NULL,
        place TEXT NOT NULL,
        digest TEXT NOT NULL,   -- SHA-256 of the current token's secret, never the token
        author TEXT NOT NULL,
        address TEXT NOT NULL,
        saved_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    what: 'kinds of lines (actions, private lines, topics, nick changes), topics, and who takes part in which private conversation',
    sql: `
      ALTER TABLE messages ADD COLUMN kind TEXT;        -- NULL: a say
      ALTER TABLE messages ADD COLUMN recipient TEXT;   -- a private line: the nick it was sent to
      ALTER TABLE places ADD COLUMN topic TEXT;
      CREATE TABLE conversations (
        visitor TEXT NOT NULL,      -- one side's stable identity (a digest of its author key)
        id TEXT NOT NULL,           -- the conversation: a place name no visitor can type
        with_nick TEXT NOT NULL,    -- the other side's nick as of the last line
        touched_at INTEGER NOT NULL,
        PRIMARY KEY (visitor, id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX conversations_by_use ON conversations (visitor, touched_at);
    `,
  },
  {
    version: 4,
    what: 'nicks that belong to signed accounts',
    sql: `
      CREATE TABLE nick_accounts (
        key TEXT PRIMARY KEY,       -- the nick's identity key (look-alikes share it)
        subject TEXT NOT NULL,      -- the host site's user id (the token's sub)
        claimed_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
];

/** The version a data file has: 0 for a new, empty one. */
export function schemaVersion(db: Database.Database): number {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) return 0;
  const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").get();
  return row ? Number(row.value) : 0;
}

/**
 * Brings the file to the newest version of `migrations`; returns the versions applied. A file
 * newer than this server (written by a later release) is refused, never touched.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const current = schemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (!Number.isSafeInteger(current) || current > newest) {
    throw new Error(`data file has schema version ${current}; this server understands up to ${newest} (a newer release wrote it)`);
  }
  const applied: number[] = [];
  for (const step of migrations.filter((m) => m.version > current)) {
    db.transaction(() => {
      db.exec(step.sql);
      db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
        String(step.version),
      );
    })();
    applied.push(step.version);
  }
  return applied;
}
