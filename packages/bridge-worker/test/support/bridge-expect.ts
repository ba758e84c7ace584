import type { ChatMessage, Snapshot } from '@itmchat/protocol';
import { MemoryStorage } from '../../src/memory-storage.js';
import { TOKEN, logOf, msgs } from './bridge-harness.js';
import type { FakePort } from './fake-port.js';

/** What the BridgeCore suites read off pages and storage. */
export const seqs = (list: readonly { seq: number }[]) => list.map((m) => m.seq);
export const states = (port: FakePort) => port.events('state').map((e) => e.state);
export const lastSnapshot = (port: FakePort): Snapshot => {
  const snapshot = port.events('snapshot').at(-1)?.snapshot;
  if (!snapshot) throw new Error('no snapshot event');
  return snapshot;
};

/** Storage as a visitor's earlier page left it: joined as Ana in kitchen, holding 1..3. */
export function storedSession(fields: { token?: string | null; held?: ChatMessage[]; place?: string } = {}): MemoryStorage {
  const { token = TOKEN, held = msgs(1, 3), place = 'kitchen' } = fields;
  const storage = new MemoryStorage();
  storage.session = { nick: 'Ana', place, token };
  if (held.length > 0) storage.logs.set(place, logOf(place, held));
  return storage;
}
