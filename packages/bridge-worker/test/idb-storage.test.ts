import 'fake-indexeddb/auto';
import { expect } from 'chai';
import { createStore, keys } from 'idb-keyval';
import { IdbStorage } from '../src/idb-storage.js';
import { addMessages, emptyLog } from '../src/place-log.js';
import { EPOCH, logOf, msgs } from './support/bridge-harness.js';

let dbCount = 0;
/** A fresh database per test, so tests never see each other's data. */
function freshName(): string {
  return `itmchat-test-${++dbCount}-${Date.now()}`;
}

/** Every key in the database, sorted: what is really on disk. */
async function storedKeys(name: string): Promise<string[]> {
  return (await keys(createStore(name, 'itmchat'))).map(String).sort();
}

const msgKeys = (place: string, seqs: number[]) => seqs.map((s) => `msg:${place}:${s}`);

describe('IdbStorage', () => {
  it('starts empty', async () => {
    const storage = new IdbStorage(freshName());
    expect(await storage.loadSession()).to.equal(null);
    expect(await storage.loadOutbox()).to.deep.equal([]);
    expect(await storage.loadLog('lobby')).to.equal(null);
  });

  it('round-trips the session, including clearing it', async () => {
    const name = freshName();
    const session = { nick: 'Ana', place: 'kitchen', token: 'tok' };
    await new IdbStorage(name).saveSession(session);
    expect(await new IdbStorage(name).loadSession()).to.deep.equal(session);
    await new IdbStorage(name).saveSession(null);
    expect(await new IdbStorage(name).loadSession()).to.equal(null);
  });

  it('round-trips the outbox in order', async () => {
    const name = freshName();
    const lines = [
      { cid: 'a', text: 'one' },
      { cid: 'b', text: 'two' },
    ];
    await new IdbStorage(name).saveOutbox(lines);
    expect(await new IdbStorage(name).loadOutbox()).to.deep.equal(lines);
  });

  it('round-trips a log with its epoch and gaps, one place apart from another', async () => {
    const name = freshName();
    const writer = new IdbStorage(name);
    const note = { kind: 'reply', result: { command: 'where', place: 'lobby' } } as const;
    const lobby = { ...logOf('lobby', msgs(1, 3)), gaps: [{ from: 4, to: 6 }], notes: [{ id: 'n1', at: 5, afterSeq: 3, note }] };
    const kitchen = logOf('kitchen', msgs(10, 11), 'other-epoch');
    await writer.saveLog(lobby, lobby.messages);
    await writer.saveLog(kitchen, kitchen.messages);
    const reader = new IdbStorage(name);
    expect(await reader.loadLog('lobby')).to.deep.equal(lobby);
    expect(await reader.loadLog('kitchen')).to.deep.equal(kitchen);
  });

  it('writes only the added messages, keyed by number', async () => {
    const name = freshName();
    const storage = new IdbStorage(name);
    const first = addMessages(emptyLog('lobby', EPOCH), msgs(1, 2));
    await storage.saveLog(first.log, first.added);
    const second = addMessages(first.log, msgs(3, 3));
    // Claims only 3 is new: 1 and 2 must already be on disk from the first save.
    await storage.saveLog(second.log, second.added);
    expect(await storedKeys(name)).to.deep.equal(['log:lobby', ...msgKeys('lobby', [1, 2, 3])].sort());
    expect((await new IdbStorage(name).loadLog('lobby'))?.messages).to.deep.equal(msgs(1, 3));
  });

  const trims: [name: string, fresh: boolean][] = [
    ['by the same instance', false],
    ['by a new instance that never loaded the log (after a worker restart)', true],
  ];
  for (const [label, restart] of trims) {
    it(`deletes messages the log dropped, ${label}`, async () => {
      const name = freshName();
      const first = addMessages(emptyLog('lobby', EPOCH), msgs(1, 4), 4);
      const original = new IdbStorage(name);
      await original.saveLog(first.log, first.added);
      const writer = restart ? new IdbStorage(name) : original;
      const second = addMessages(first.log, msgs(5, 6), 4);
      await writer.saveLog(second.log, second.added);
      expect(await storedKeys(name)).to.deep.equal(['log:lobby', ...msgKeys('lobby', [3, 4, 5, 6])].sort());
      expect((await new IdbStorage(name).loadLog('lobby'))?.messages).to.deep.equal(msgs(3, 6));
    });
  }

  it('an emptied log (epoch change) deletes every message of that place only', async () => {
    const name = freshName();
    const storage = new IdbStorage(name);
    await storage.saveLog(logOf('lobby', msgs(1, 3)), msgs(1, 3));
    await storage.saveLog(logOf('kitchen', msgs(1, 2)), msgs(1, 2));
    await storage.saveLog(emptyLog('lobby', 'new-epoch'), []);
    expect(await storedKeys(name)).to.deep.equal(['log:kitchen', 'log:lobby', ...msgKeys('kitchen', [1, 2])].sort());
    expect(await new IdbStorage(name).loadLog('lobby')).to.deep.equal(emptyLog('lobby', 'new-epoch'));
  });

  it('does not store an added message the log does not hold', async () => {
    const name = freshName();
    const storage = new IdbStorage(name);
    // A caller passing more than the log kept must not leave unindexed messages behind.
    await storage.saveLog(logOf('lobby', msgs(2, 3)), msgs(1, 3));
    expect(await storedKeys(name)).to.deep.equal(['log:lobby', ...msgKeys('lobby', [2, 3])].sort());
  });

  it('clear() removes session, outbox and every log', async () => {
    const name = freshName();
    const storage = new IdbStorage(name);
    await storage.saveSession({ nick: 'Ana', place: 'lobby', token: null });
    await storage.saveOutbox([{ cid: 'a', text: 'x' }]);
    await storage.saveLog(logOf('lobby', msgs(1, 2)), msgs(1, 2));
    await storage.clear();
    expect(await storedKeys(name)).to.deep.equal([]);
    const reader = new IdbStorage(name);
    expect(await reader.loadSession()).to.equal(null);
    expect(await reader.loadOutbox()).to.deep.equal([]);
    expect(await reader.loadLog('lobby')).to.equal(null);
    // After a clear the instance starts the place afresh: a new save deletes nothing it should keep.
    await storage.saveLog(logOf('lobby', msgs(7, 7)), msgs(7, 7));
    expect((await new IdbStorage(name).loadLog('lobby'))?.messages).to.deep.equal(msgs(7, 7));
  });

  it('writes the index, the new messages and the deletions of one save in a single transaction', async () => {
    const name = freshName();
    const storage = new IdbStorage(name);
    await storage.saveLog(logOf('lobby', msgs(1, 3)), msgs(1, 3));
    const opened: IDBTransactionMode[] = [];
    const original = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      opened.push(args[1] ?? 'readonly');
      return original.apply(this, args);
    } as IDBDatabase['transaction'];
    try {
      // Keeps 3, adds 4 and 5, drops 1 and 2: one index write, two puts, two deletes.
      await storage.saveLog(logOf('lobby', msgs(3, 5)), msgs(4, 5));
    } finally {
      IDBDatabase.prototype.transaction = original;
    }
    expect(opened).to.deep.equal(['readwrite']);
    expect(await storedKeys(name)).to.deep.equal(['log:lobby', ...msgKeys('lobby', [3, 4, 5])]);
  });
});
