import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { MemoryStore } from '../src/store/memory-store.js';
import type { PublishedMessage } from '../src/redis/events.js';
import { placeChannel } from '../src/redis/keys.js';
import { RedisStore } from '../src/store/redis-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { StoreUnavailableError, type AppendOutcome, type ChatStore, type MessageDraft } from '../src/store/store.js';
import { startRedisServer, type TestRedis } from '../../../test/support/redis-server.js';

/** Small enough that a test passes it several times over; the SQLite store trims every 64 appends. */
const HISTORY_LIMIT = 25;

let draftCount = 0;
/** A say with a fresh cid unless one is given. */
function draft(place: string, overrides: Partial<MessageDraft> = {}): MessageDraft {
  draftCount += 1;
  return {
    place,
    nick: 'Ann',
    author: 'ann',
    cid: `c${draftCount}`,
    text: `text ${draftCount}`,
    at: 1_000 + draftCount,
    session: 'session-ann',
    ...overrides,
  };
}

/** Appends one message as a batch of one. */
async function appendOne(store: ChatStore, one: MessageDraft): Promise<AppendOutcome> {
  const [outcome] = await store.append([one]);
  return outcome!;
}

async function appendMany(store: ChatStore, place: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await appendOne(store, draft(place));
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Temp folder for the SQLite files; each call of `file()` names a new one. */
function tempFiles(): { file(): string; cleanup(): void } {
  let dir = '';
  let n = 0;
  return {
    file() {
      dir ||= mkdtempSync(join(tmpdir(), 'itmchat-store-test-'));
      n += 1;
      return join(dir, `store-${n}.db`);
    },
    cleanup() {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = '';
    },
  };
}

let redisPrefixes = 0;
/** A key prefix no other test used: each Redis-backed test starts from empty keys without FLUSHALL. */
const freshPrefix = (): string => `itmchat-test-${++redisPrefixes}:`;

/** One redis-server for the contract suite, started in its `before`. */
function redisKind(): StoreKind {
  let redis: TestRedis | null = null;
  return {
    name: 'RedisStore (throw-away redis-server)',
    async setup() {
      redis = await startRedisServer();
    },
    open(historyLimit) {
      if (!redis) throw new Error('redis-server not started');
      return new RedisStore({ url: redis.url, historyLimit, prefix: freshPrefix() });
    },
    async cleanup() {
      await redis?.stop();
      redis = null;
    },
  };
}

interface StoreKind {
  readonly name: string;
  setup?(): Promise<void>;
  open(historyLimit: number): ChatStore;
  cleanup(): void | Promise<void>;
}

const files = tempFiles();
const kinds: readonly StoreKind[] = [
  { name: 'MemoryStore', open: (historyLimit) => new MemoryStore({ historyLimit }), cleanup: () => {} },
  {
    name: 'SqliteStore (temp file)',
    open: (historyLimit) => new SqliteStore({ file: files.file(), historyLimit }),
    cleanup: files.cleanup,
  },
  redisKind(),
];

for (const kind of kinds) {
  describe(`ChatStore contract: ${kind.name}`, () => {
    let store: ChatStore;

    before(async () => {
      await kind.setup?.();
    });
    beforeEach(() => {
      store = kind.open(HISTORY_LIMIT);
    });
    afterEach(async () => {
      await store.close();
    });
    after(async () => {
      await kind.cleanup();
    });

    it('ensurePlace creates a place with head 0 and a non-empty epoch', async () => {
      const place = await store.ensurePlace('lobby');
      expect(place.name).to.equal('lobby');
      expect(place.head).to.equal(0);
      expect(place.epoch).to.be.a('string').that.is.not.empty;
    });

    it('ensurePlace returns the same epoch again, and a different one for another place', async () => {
      const first = await store.ensurePlace('lobby');
      expect(await store.ensurePlace('lobby')).to.deep.equal(first);
      expect((await store.ensurePlace('kitchen')).epoch).to.not.equal(first.epoch);
    });

    it('append numbers 1, 2, 3 per place, independently for two places', async () => {
      const seqs: [string, number][] = [];
      for (const place of ['lobby', 'kitchen', 'lobby', 'lobby', 'kitchen', 'kitchen']) {
        const outcome = await appendOne(store, draft(place));
        expect(outcome.place).to.equal(place);
        expect(outcome.duplicate).to.equal(false);
        seqs.push([place, outcome.message.seq]);
      }
      expect(seqs).to.deep.equal([
        ['lobby', 1],
        ['kitchen', 1],
        ['lobby', 2],
        ['lobby', 3],
        ['kitchen', 2],
        ['kitchen', 3],
      ]);
      expect((await store.ensurePlace('lobby')).head).to.equal(3);
      expect((await store.ensurePlace('kitchen')).head).to.equal(3);
    });

    it('a batch is numbered in order, and a cid repeated within it is stored once', async () => {
      const outcomes = await store.append([
        draft('lobby', { cid: 'same' }),
        ...Array.from({ length: 8 }, () => draft('lobby')),
        draft('lobby', { cid: 'same' }),
      ]);
      expect(outcomes.map((o) => o.message.seq)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 1]);
      expect(outcomes.map((o) => o.duplicate)).to.deep.equal([...Array(9).fill(false), true]);
      expect((await store.ensurePlace('lobby')).head).to.equal(9);
    });

    it('append stores what it was given', async () => {
      const given = draft('lobby', { nick: 'Zoë', text: 'héllo 👋', at: 123_456 });
      const { message } = await appendOne(store, given);
      expect(message).to.deep.equal({ seq: 1, at: 123_456, nick: 'Zoë', text: 'héllo 👋' });
      expect(await store.readRange('lobby', 1, 1)).to.deep.equal([message]);
    });

    it('append stores kinds, recipients and topics, and lists a private line under both sides, most recent first', async () => {
      const action = await appendOne(store, draft('lobby', { text: 'waves', kind: 'action' }));
      const topic = await appendOne(store, draft('lobby', { text: 'Tea at five', kind: 'topic' }));
      expect((await store.ensurePlace('lobby')).topic).to.equal('Tea at five');
      const parties = [
        { visitor: 'v-ana', nick: 'ana' },
        { visitor: 'v-bob', nick: 'bob' },
      ] as const;
      const line = await appendOne(store, draft('@c1', { text: 'psst', kind: 'private', to: 'bob', parties, at: 10 }));
      await appendOne(
        store,
        draft('@c2', { text: 'psst', kind: 'private', to: 'cat', parties: [parties[0], { visitor: 'v-cat', nick: 'cat' }], at: 20 }),
      );
      expect(await store.readRange('lobby', 1, 2)).to.deep.equal([action.message, topic.message]);
      expect(action.message).to.include({ kind: 'action' });
      expect((await store.readRange('@c1', 1, 1))[0]).to.deep.equal(line.message);
      expect(line.message).to.include({ kind: 'private', to: 'bob' });
      const listed = (await store.conversationsOf('v-ana', 50)).map(({ id, with: other, head }) => ({ id, with: other, head }));
      expect(listed).to.deep.equal([
        { id: '@c2', with: 'cat', head: 1 },
        { id: '@c1', with: 'bob', head: 1 },
      ]);
      expect((await store.conversationsOf('v-bob', 50)).map((c) => c.with)).to.deep.equal(['ana']);
      await appendOne(store, draft('lobby', { text: '', kind: 'topic' }));
      expect((await store.ensurePlace('lobby')).topic).to.equal(undefined);
    });

    it('a nick belongs to the first account that reserves it', async () => {
      expect(await store.nickAccount('ana')).to.equal(null);
      expect(await store.reserveNick('ana', 'user-1')).to.equal('user-1');
      expect(await store.reserveNick('ana', 'user-2')).to.equal('user-1');
      expect(await store.nickAccount('ana')).to.equal('user-1');
    });

    it('append keeps the epoch of a place made by ensurePlace, and makes a place that did not exist', async () => {
      const before = await store.ensurePlace('lobby');
      await appendOne(store, draft('lobby'));
      expect(await store.ensurePlace('lobby')).to.deep.equal({ ...before, head: 1 });
      await appendOne(store, draft('new-place'));
      const made = await store.ensurePlace('new-place');
      expect(made.head).to.equal(1);
      expect(made.epoch).to.be.a('string').that.is.not.empty;
    });

    it('append with the same author and cid returns the original with duplicate: true and keeps the head', async () => {
      const original = await appendOne(store, draft('lobby', { cid: 'same' }));
      await appendOne(store, draft('lobby'));
      const retry = await appendOne(store, draft('lobby', { cid: 'same', text: 'retried text', at: 9 }));
      expect(retry).to.deep.equal({ ...original, duplicate: true });
      expect((await store.ensurePlace('lobby')).head).to.equal(2);
      expect((await store.readRange('lobby', 1, 10)).map((m) => m.text)).to.have.length(2);
    });

    it('a retry names the place the message was stored in, even when sent from another place', async () => {
      const original = await appendOne(store, draft('lobby', { cid: 'moved' }));
      const retry = await appendOne(store, draft('kitchen', { cid: 'moved' }));
      expect(retry).to.deep.equal({ ...original, duplicate: true });
      expect((await store.ensurePlace('kitchen')).head).to.equal(0);
    });

    it('the same cid from a different author is a new message', async () => {
      const ann = await appendOne(store, draft('lobby', { cid: 'shared', author: 'ann' }));
      const bob = await appendOne(store, draft('lobby', { cid: 'shared', author: 'bob', nick: 'Bob' }));
      expect(bob.duplicate).to.equal(false);
      expect(bob.message.seq).to.equal(ann.message.seq + 1);
      expect((await store.readRange('lobby', 1, 2)).map((m) => m.nick)).to.deep.equal(['Ann', 'Bob']);
    });

    describe('readRange', () => {
      beforeEach(async () => {
        await appendMany(store, 'lobby', 6);
        await appendMany(store, 'kitchen', 2);
      });

      const cases: readonly { name: string; from: number; to: number; seqs: number[] }[] = [
        { name: 'an inner range, inclusive', from: 2, to: 4, seqs: [2, 3, 4] },
        { name: 'everything', from: 1, to: 6, seqs: [1, 2, 3, 4, 5, 6] },
        { name: 'a single number', from: 5, to: 5, seqs: [5] },
        { name: 'a range past the head, cut at the head', from: 5, to: 100, seqs: [5, 6] },
        { name: 'a range from 0', from: 0, to: 2, seqs: [1, 2] },
        { name: 'an empty range (from > to)', from: 4, to: 3, seqs: [] },
        { name: 'a range wholly past the head', from: 7, to: 9, seqs: [] },
      ];
      for (const c of cases) {
        it(`returns ${c.name} in order`, async () => {
          expect((await store.readRange('lobby', c.from, c.to)).map((m) => m.seq)).to.deep.equal(c.seqs);
        });
      }

      it('returns only the named place', async () => {
        const kitchen = await store.readRange('kitchen', 1, 10);
        expect(kitchen.map((m) => m.seq)).to.deep.equal([1, 2]);
        const lobbyTexts = new Set((await store.readRange('lobby', 1, 10)).map((m) => m.text));
        for (const m of kitchen) expect(lobbyTexts.has(m.text)).to.equal(false);
      });

      it('returns nothing for an unknown place', async () => {
        expect(await store.readRange('nowhere', 1, 10)).to.deep.equal([]);
      });
    });

    // Past every store's trimming point (MemoryStore at 2 × historyLimit, SqliteStore every 64 appends, RedisStore each append).
    for (const count of [HISTORY_LIMIT + 1, 2 * HISTORY_LIMIT, 3 * HISTORY_LIMIT, 7 * HISTORY_LIMIT]) {
      it(`keeps the retained window fully readable after ${count} appends (historyLimit ${HISTORY_LIMIT})`, async () => {
        await appendMany(store, 'lobby', count);
        const oldestRetained = count - HISTORY_LIMIT + 1;
        expect((await store.ensurePlace('lobby')).head).to.equal(count);
        const window = await store.readRange('lobby', oldestRetained, count);
        expect(window.map((m) => m.seq)).to.deep.equal(range(oldestRetained, count));
        // Whatever older history is still kept is contiguous and ends where the window starts.
        const all = (await store.readRange('lobby', 1, count)).map((m) => m.seq);
        expect(all).to.deep.equal(range(all[0] ?? 1, count));
      });
    }

    it('never reuses a number after trimming', async () => {
      await appendMany(store, 'lobby', 3 * HISTORY_LIMIT);
      const next = await appendOne(store, draft('lobby'));
      expect(next.message.seq).to.equal(3 * HISTORY_LIMIT + 1);
    });

    describe('after close()', () => {
      beforeEach(async () => {
        await appendOne(store, draft('lobby', { cid: 'before-close' }));
        await store.close();
      });

      it('append rejects with StoreUnavailableError', async () => {
        const error = await appendOne(store, draft('lobby')).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(StoreUnavailableError);
      });

      it('append of a known cid rejects too', async () => {
        const error = await appendOne(store, draft('lobby', { cid: 'before-close' })).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(StoreUnavailableError);
      });

      it('ensurePlace rejects with StoreUnavailableError', async () => {
        const error = await store.ensurePlace('lobby').then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(StoreUnavailableError);
      });

      it('readRange rejects with StoreUnavailableError', async () => {
        const error = await store.readRange('lobby', 1, 1).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(StoreUnavailableError);
      });

      it('close() again is harmless', async () => {
        await store.close();
      });
    });
  });
}

// A store swept by the server (Redis's keys expire by themselves: tested below).
for (const kind of kinds.slice(0, 2)) {
  describe(`forgetting places: ${kind.name}`, () => {
    let store: ChatStore;
    beforeEach(() => {
      store = kind.open(HISTORY_LIMIT);
    });
    afterEach(async () => {
      await store.close();
      await kind.cleanup();
    });

    it('release forgets a place that never had a message, and keeps one that has', async () => {
      const empty = await store.ensurePlace('made-and-left');
      await appendOne(store, draft('talked'));
      await store.release('made-and-left');
      await store.release('talked');
      expect((await store.ensurePlace('made-and-left')).epoch, 'made anew').to.not.equal(empty.epoch);
      expect((await store.ensurePlace('talked')).head).to.equal(1);
    });

    it('expire forgets places whose last message is older than the cutoff, with their history and cids, but not occupied ones', async () => {
      await appendOne(store, draft('old', { at: 1_000, cid: 'old-line' }));
      await appendOne(store, draft('old-but-occupied', { at: 1_000 }));
      await appendOne(store, draft('recent', { at: 9_000 }));
      await store.ensurePlace('never-talked');
      expect(await store.expire(5_000, new Set(['old-but-occupied']))).to.equal(2);
      expect(await store.readRange('old', 1, 10)).to.deep.equal([]);
      expect((await store.ensurePlace('old')).head).to.equal(0);
      expect((await store.ensurePlace('old-but-occupied')).head).to.equal(1);
      expect((await store.ensurePlace('recent')).head).to.equal(1);
      // The forgotten line's cid is free again: a new message, not a duplicate of something gone.
      expect(await appendOne(store, draft('old', { cid: 'old-line' }))).to.include({ duplicate: false });
    });
  });
}

describe('SqliteStore on disk', () => {
  const temp = tempFiles();
  const open: SqliteStore[] = [];
  let file: string;

  const openStore = (historyLimit = HISTORY_LIMIT): SqliteStore => {
    const store = new SqliteStore({ file, historyLimit });
    open.push(store);
    return store;
  };
  /** Closes the store and opens the same file again, as a server restart does. */
  const reopen = async (store: SqliteStore, historyLimit = HISTORY_LIMIT): Promise<SqliteStore> => {
    await store.close();
    return openStore(historyLimit);
  };

  beforeEach(() => {
    file = temp.file();
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  after(() => temp.cleanup());

  it('keeps epochs, heads and history across a reopen', async () => {
    let store = openStore();
    const lobby = await store.ensurePlace('lobby');
    const empty = await store.ensurePlace('empty');
    await appendMany(store, 'lobby', 4);
    await appendMany(store, 'kitchen', 2);
    const kitchen = await store.ensurePlace('kitchen');
    const lobbyHistory = await store.readRange('lobby', 1, 4);

    store = await reopen(store);
    expect(await store.ensurePlace('lobby')).to.deep.equal({ ...lobby, head: 4 });
    expect(await store.ensurePlace('kitchen')).to.deep.equal(kitchen);
    expect(await store.ensurePlace('empty')).to.deep.equal(empty);
    expect(await store.readRange('lobby', 1, 4)).to.deep.equal(lobbyHistory);
    expect((await appendOne(store, draft('lobby'))).message.seq).to.equal(5);
  });

  it('keeps cid de-duplication across a reopen', async () => {
    let store = openStore();
    const original = await appendOne(store, draft('lobby', { cid: 'persisted' }));
    store = await reopen(store);
    expect(await appendOne(store, draft('lobby', { cid: 'persisted', text: 'again' }))).to.deep.equal({ ...original, duplicate: true });
    expect((await store.ensurePlace('lobby')).head).to.equal(1);
  });

  it('continues numbering with no reuse after trimming and a reopen', async () => {
    let store = openStore();
    await appendMany(store, 'lobby', 3 * HISTORY_LIMIT);
    store = await reopen(store);
    expect((await store.ensurePlace('lobby')).head).to.equal(3 * HISTORY_LIMIT);
    expect((await appendOne(store, draft('lobby'))).message.seq).to.equal(3 * HISTORY_LIMIT + 1);
    const oldestRetained = 3 * HISTORY_LIMIT + 1 - HISTORY_LIMIT + 1;
    const window = await store.readRange('lobby', oldestRetained, 3 * HISTORY_LIMIT + 1);
    expect(window.map((m) => m.seq)).to.deep.equal(range(oldestRetained, 3 * HISTORY_LIMIT + 1));
  });

  it('refuses a data file with another schema_version', async () => {
    await openStore().close();
    const db = new Database(file);
    db.prepare("UPDATE meta SET value = '999' WHERE key = 'schema_version'").run();
    db.close();
    expect(() => new SqliteStore({ file, historyLimit: HISTORY_LIMIT })).to.throw(Error, /schema version 999/);
  });
});

/** Retries `attempt` every 50 ms until it resolves; rejects with the last error after `withinMs`. */
async function eventually<T>(attempt: () => Promise<T>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** How a call ended and how long it took. */
async function settle(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started };
}

describe('RedisStore: several nodes on one redis-server', () => {
  let redis: TestRedis;
  let prefix: string;
  const open: { close(): unknown }[] = [];

  /** A store as one server node would open it, on this test's prefix. */
  const node = (historyLimit = HISTORY_LIMIT): RedisStore => {
    const store = new RedisStore({ url: redis.url, historyLimit, prefix });
    open.push(store);
    return store;
  };
  /** A plain client, to look at keys or subscribe. */
  const client = (): Redis => {
    const raw = new Redis(redis.url);
    open.push({ close: () => raw.disconnect() });
    return raw;
  };

  before(async () => {
    redis = await startRedisServer();
  });
  beforeEach(() => {
    prefix = freshPrefix();
  });
  afterEach(async () => {
    for (const each of open.splice(0)) await each.close();
  });
  after(async () => {
    await redis.stop();
  });

  it('keeps the documented keys: place hash, stream ids <seq>-0, a cid index of retained messages only', async () => {
    const store = node();
    await appendOne(store, draft('lobby', { cid: 'first' }));
    await appendMany(store, 'lobby', 3 * HISTORY_LIMIT - 1);
    const { epoch } = await store.ensurePlace('lobby');
    const raw = client();
    expect(await raw.hgetall(`${prefix}place:lobby`)).to.deep.equal({ epoch, head: String(3 * HISTORY_LIMIT) });
    const ids = (await raw.xrange(`${prefix}history:lobby`, '-', '+')).map(([id]) => id);
    expect(ids).to.deep.equal(range(2 * HISTORY_LIMIT + 1, 3 * HISTORY_LIMIT).map((seq) => `${seq}-0`));
    expect(await raw.hlen(`${prefix}cid:ann`)).to.equal(HISTORY_LIMIT);
    // The cid of a message trimmed out of history is forgotten: a retry that late is a new message.
    const late = await appendOne(store, draft('lobby', { cid: 'first' }));
    expect(late).to.include({ duplicate: false });
    expect(late.message.seq).to.equal(3 * HISTORY_LIMIT + 1);
  });

  it('lets an empty place expire a day after it was opened, and a place with messages retentionMs after its last', async () => {
    const store = new RedisStore({ url: redis.url, historyLimit: HISTORY_LIMIT, prefix, retentionMs: 3_600_000 });
    open.push(store);
    await store.ensurePlace('quiet');
    await appendOne(store, draft('busy'));
    const raw = client();
    const day = 86_400_000;
    expect(await raw.pttl(`${prefix}place:quiet`)).to.be.within(day - 10_000, day);
    for (const key of ['place:busy', 'history:busy', 'cid:ann'])
      expect(await raw.pttl(`${prefix}${key}`), key).to.be.within(3_590_000, 3_600_000);
    // Kept for good when there is no retention: the first message lifts an empty place's expiry.
    const keeper = node();
    await keeper.ensurePlace('kept');
    await appendOne(keeper, draft('kept'));
    expect(await raw.pttl(`${prefix}place:kept`)).to.equal(-1);
  });

  it('release deletes a place that never had a message once nobody on any node is in it', async () => {
    const store = node();
    await store.ensurePlace('left');
    await store.ensurePlace('occupied');
    await appendOne(store, draft('talked'));
    const raw = client();
    await raw.hset(`${prefix}presence:occupied`, 'bob', '{}'); // someone on another node
    for (const place of ['left', 'occupied', 'talked']) await store.release(place);
    expect(await raw.exists(`${prefix}place:left`)).to.equal(0);
    expect(await raw.exists(`${prefix}place:occupied`)).to.equal(1);
    expect(await raw.exists(`${prefix}place:talked`)).to.equal(1);
  });

  it("a second node continues the first one's numbering, epoch and cids", async () => {
    const first = node();
    const lobby = await first.ensurePlace('lobby');
    const original = await appendOne(first, draft('lobby', { cid: 'from-first' }));
    await appendMany(first, 'lobby', 3);

    const second = node();
    expect(await second.ensurePlace('lobby')).to.deep.equal({ ...lobby, head: 4 });
    expect((await appendOne(second, draft('lobby'))).message.seq).to.equal(5);
    expect(await appendOne(second, draft('kitchen', { cid: 'from-first' }))).to.deep.equal({ ...original, duplicate: true });
    expect(await second.readRange('lobby', 1, 5)).to.deep.equal(await first.readRange('lobby', 1, 5));

    await first.close();
    const third = node();
    expect((await appendOne(third, draft('lobby'))).message.seq).to.equal(6);
  });

  it('two nodes appending to one place at once get one gap-free, repeat-free numbering', async () => {
    const limit = 1_000;
    const nodes = [node(limit), node(limit)] as const;
    const rounds = 20;
    const perBatch = 10;
    const batches: { node: number; outcomes: AppendOutcome[] }[] = [];
    // Each round both nodes send a batch at the same time; which one Redis runs first is up to it.
    for (let round = 0; round < rounds; round++) {
      const sent = nodes.map(async (store, n) => {
        const outcomes = await store.append(
          Array.from({ length: perBatch }, () => draft('lobby', { author: `node${n}`, nick: `Node${n}` })),
        );
        batches.push({ node: n, outcomes });
      });
      await Promise.all(sent);
    }

    const seqs = batches.flatMap((b) => b.outcomes.map((o) => o.message.seq)).sort((a, b) => a - b);
    expect(seqs).to.deep.equal(range(1, 2 * rounds * perBatch));
    for (const { outcomes } of batches) {
      const first = outcomes[0]!.message.seq;
      expect(
        outcomes.map((o) => o.message.seq),
        'a batch is numbered in one run',
      ).to.deep.equal(range(first, first + perBatch - 1));
    }
    const ofNode0 = batches.filter((b) => b.node === 0).flatMap((b) => b.outcomes.map((o) => o.message.seq));
    expect(ofNode0.at(-1)! - ofNode0[0]!, 'the nodes interleave').to.be.above(rounds * perBatch);

    const stored = await nodes[1].readRange('lobby', 1, 2 * rounds * perBatch);
    const byText = new Map(batches.flatMap((b) => b.outcomes.map((o) => [o.message.text, o.message] as const)));
    expect(stored.map((m) => m.seq)).to.deep.equal(range(1, 2 * rounds * perBatch));
    for (const m of stored) expect(byText.get(m.text)).to.deep.equal(m);
    expect((await nodes[0].ensurePlace('lobby')).head).to.equal(2 * rounds * perBatch);
  });

  it('publishes each new message on placeChannel in number order, with its epoch, and not a duplicate', async () => {
    const subscriber = client();
    const received: PublishedMessage[] = [];
    subscriber.on('message', (channel: string, json: string) => {
      if (channel === placeChannel('lobby', prefix)) received.push(JSON.parse(json) as PublishedMessage);
    });
    await subscriber.subscribe(placeChannel('lobby', prefix));
    const [a, b] = [node(), node()];
    const { epoch } = await a.ensurePlace('lobby');

    await Promise.all(
      range(1, 8).map((i) =>
        (i % 2 ? a : b).append([
          draft('lobby'),
          draft('kitchen'),
          draft('lobby', { nick: 'Zoë', text: 'quote " backslash \\ slash / tab \t ✓ 👋' }),
        ]),
      ),
    );
    await appendOne(a, draft('lobby', { cid: 'once' }));
    await appendOne(b, draft('lobby', { cid: 'once' }));
    await appendOne(b, draft('lobby'));

    await eventually(async () => expect(received).to.have.length(18), 2_000);
    expect(received.map((m) => m.seq)).to.deep.equal(range(1, 18));
    expect(new Set(received.map((m) => m.epoch))).to.deep.equal(new Set([epoch]));
    const stored = await a.readRange('lobby', 1, 18);
    expect(received.map(({ epoch: _epoch, kind: _kind, author: _author, session: _session, ...message }) => message)).to.deep.equal(stored);
    expect(new Set(received.map((m) => `${m.kind} ${m.author} ${m.session}`))).to.deep.equal(new Set(['say ann session-ann']));
  });

  it('rejects at once with StoreUnavailableError while redis-server is down, and works again after a restart', async () => {
    const store = node();
    const before = await store.ensurePlace('lobby');
    await appendOne(store, draft('lobby', { cid: 'before-restart' }));

    await redis.stop();
    const calls = [() => appendOne(store, draft('lobby')), () => store.ensurePlace('lobby'), () => store.readRange('lobby', 1, 1)];
    for (const call of calls) {
      const { error, ms } = await settle(call);
      expect(error).to.be.instanceOf(StoreUnavailableError);
      expect(ms).to.be.below(500);
    }
    // A node started while Redis is down waits at most its timeout (1 s) for the first connection.
    const { error, ms } = await settle(() => node().ensurePlace('lobby'));
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect(ms).to.be.below(1_500);

    await redis.restart();
    const after = await eventually(() => store.ensurePlace('lobby'), 3_000);
    // The throw-away server keeps nothing: the place starts over under a new epoch, so clients drop their numbers.
    expect(after.head).to.equal(0);
    expect(after.epoch).to.not.equal(before.epoch);
    const again = await appendOne(store, draft('lobby', { cid: 'before-restart' }));
    expect(again).to.include({ duplicate: false });
    expect(again.message.seq).to.equal(1);
  });
});
