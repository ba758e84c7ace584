import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { MIGRATIONS, migrate, schemaVersion, type Migration } from '../src/store/sqlite-migrations.js';
import { SqliteStore } from '../src/store/sqlite-store.js';

/**
 * Written by the server as released before numbered migrations (schema version 1): places
 * lobby (Ana's and Bob's lines, both with cid c1) and kitchen (one line of Ana's, cid c2).
 */
const V1_FILE = fileURLToPath(new URL('./fixtures/schema-v1.db', import.meta.url));
const HISTORY_LIMIT = 1000;

const ADD_EDITED_AT: Migration = { version: 2, what: 'a column', sql: 'ALTER TABLE messages ADD COLUMN edited_at INTEGER' };
const tables = (db: Database.Database): string[] =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
const columns = (db: Database.Database, table: string): string[] =>
  db
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
    .all()
    .map((row) => row.name);

describe('SQLite schema migrations', () => {
  let dir: string;
  let n = 0;
  const open: Database.Database[] = [];
  /** A copy of the released v1 data file, or a new path when `fresh`. */
  const dataFile = (fresh = false): string => {
    const file = join(dir, `chat-${++n}.db`);
    if (!fresh) copyFileSync(V1_FILE, file);
    return file;
  };
  const database = (file: string): Database.Database => {
    const db = new Database(file);
    open.push(db);
    return db;
  };

  before(() => (dir = mkdtempSync(join(tmpdir(), 'itmchat-migrations-'))));
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('numbers its steps 1, 2, 3 … with nothing skipped or repeated', () => {
    expect(MIGRATIONS.map((m) => m.version)).to.deep.equal(MIGRATIONS.map((_, i) => i + 1));
  });

  it('gives a new file every step, and a second start applies none', () => {
    const db = database(dataFile(true));
    expect(migrate(db)).to.deep.equal(MIGRATIONS.map((m) => m.version));
    expect(schemaVersion(db)).to.equal(MIGRATIONS.at(-1)!.version);
    expect(tables(db)).to.include.members(['meta', 'places', 'messages']);
    expect(migrate(db)).to.deep.equal([]);
  });

  it('opens the data file written by the release before migrations: history, numbering and cids carry on', async () => {
    const store = new SqliteStore({ file: dataFile(), historyLimit: HISTORY_LIMIT });
    try {
      expect((await store.readRange('lobby', 1, 10)).map((m) => [m.seq, m.nick, m.text])).to.deep.equal([
        [1, 'Ana', 'first line, kept across upgrades'],
        [2, 'Bob', 'hé — ünïcode 🙂'],
      ]);
      expect(await store.ensurePlace('kitchen')).to.include({ head: 1 });
      const [next, retried] = await store.append([
        { place: 'lobby', nick: 'Ana', author: 'ana', cid: 'c3', text: 'after the upgrade', at: 1_764_000_003_000 },
        { place: 'lobby', nick: 'Ana', author: 'ana', cid: 'c1', text: 'first line, kept across upgrades', at: 1_764_000_004_000 },
      ]);
      expect(next).to.deep.include({ duplicate: false });
      expect(next!.message.seq).to.equal(3);
      expect(retried).to.deep.include({ duplicate: true });
      expect(retried!.message.seq).to.equal(1);
    } finally {
      await store.close();
    }
  });

  it('applies to an older file only the steps it lacks, in order', () => {
    const db = database(dataFile());
    expect(schemaVersion(db)).to.equal(1);
    expect(migrate(db, [...MIGRATIONS.slice(0, 1), ADD_EDITED_AT])).to.deep.equal([2]);
    expect(schemaVersion(db)).to.equal(2);
    expect(columns(db, 'messages')).to.include('edited_at');
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).to.deep.equal({ n: 3 });
  });

  it('leaves the file at the last whole step when a step fails: nothing of the failed step is kept', () => {
    const db = database(dataFile());
    const broken: Migration = {
      version: 2,
      what: 'half a step',
      sql: 'CREATE TABLE reactions (seq INTEGER); INSERT INTO nowhere VALUES (1);',
    };
    expect(() => migrate(db, [...MIGRATIONS.slice(0, 1), broken])).to.throw(/nowhere/);
    expect(schemaVersion(db)).to.equal(1);
    expect(tables(db)).not.to.include('reactions');
  });

  it('refuses a file written by a newer release, and leaves it as it was', () => {
    const file = dataFile();
    const db = database(file);
    db.prepare("UPDATE meta SET value = '7' WHERE key = 'schema_version'").run();
    expect(() => migrate(db)).to.throw(`schema version 7; this server understands up to ${MIGRATIONS.at(-1)!.version}`);
    expect(() => new SqliteStore({ file, historyLimit: HISTORY_LIMIT })).to.throw(/schema version 7/);
    expect(schemaVersion(db)).to.equal(7);
  });
});
