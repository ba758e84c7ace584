import { expect } from 'chai';
import { BRIDGE_VERSION, type PageMessage, type Snapshot, type WorkerMessage } from '@itmchat/protocol';
import type { BridgeEndpoint } from '../src/endpoint.js';
import { ItmchatClient } from '../src/itmchat-client.js';
import { PageSnapshot } from '../src/page-snapshot.js';

/** A Storage in memory, as localStorage behaves. */
class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
}

class SilentEndpoint implements BridgeEndpoint {
  onmessage: ((message: WorkerMessage) => void) | null = null;
  onreset: (() => void) | null = null;
  post(_message: PageMessage) {}
  close() {}
}

const messages = Array.from({ length: 80 }, (_, i) => ({ seq: i + 1, at: i, nick: 'bob', text: `line ${i + 1}` }));
const joined: Snapshot = {
  state: 'joined',
  nick: 'ana',
  place: 'lobby',
  members: ['ana', 'bob'],
  messages,
  gaps: [{ from: 3, to: 4 }],
  pending: [],
};
const options = { serverUrl: 'ws://chat.test/ws', place: 'lobby', debug: false };

describe('PageSnapshot: the page’s own copy of the last picture, for the first paint', () => {
  it('keeps the state and the last 50 messages, and gives them back', () => {
    const cache = new PageSnapshot('k', new MemoryStorage());
    cache.save(joined);
    const back = cache.load()!;
    expect(back).to.deep.include({ state: 'joined', nick: 'ana', place: 'lobby', members: ['ana', 'bob'] });
    expect(back.messages.map((m) => m.seq)).to.deep.equal(messages.slice(-50).map((m) => m.seq));
    expect(back.gaps, 'gaps older than what is kept go').to.deep.equal([]);
  });

  it('ignores anything that is not a snapshot it wrote', () => {
    const storage = new MemoryStorage();
    const cache = new PageSnapshot('k', storage);
    for (const junk of [
      'not json',
      '{"v":1,"snapshot":{"state":"hacked"}}',
      '{"v":2,"snapshot":{}}',
      '{"v":1,"snapshot":{"state":"joined","messages":[{"seq":"x"}]}}',
      '{"v":1,"snapshot":{"state":"idle","nick":null,"place":null,"members":[],"messages":[],"gaps":[],"pending":[],"notes":[{"id":"n","afterSeq":0,"note":{"kind":"reply"}}]}}',
    ]) {
      storage.setItem('k', junk);
      expect(cache.load(), junk).to.equal(null);
    }
    expect(new PageSnapshot('k', null).load()).to.equal(null);
  });

  it('lets a client draw at once from it, before the worker answers, and writes the worker’s picture back', async () => {
    const storage = new MemoryStorage();
    new PageSnapshot('k', storage).save(joined);
    const endpoint = new SilentEndpoint();
    const client = new ItmchatClient(() => endpoint, options, new PageSnapshot('k', storage));
    try {
      expect(client.drawnEarly).to.equal(true);
      expect(client.snapshot).to.deep.include({ state: 'joined', nick: 'ana' });
      endpoint.onmessage?.({ v: BRIDGE_VERSION, kind: 'welcome', snapshot: { ...joined, members: ['ana'] } });
      client.goodbye(); // a page leaving writes at once
      expect(new PageSnapshot('k', storage).load()!.members).to.deep.equal(['ana']);
    } finally {
      client.close();
    }
  });
});
