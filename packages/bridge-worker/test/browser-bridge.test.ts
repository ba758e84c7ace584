import 'fake-indexeddb/auto';
import { expect } from 'chai';
import { SUBPROTOCOL } from '@itmchat/protocol';
import { createBrowserBridge } from '../src/browser-bridge.js';
import { IdbStorage } from '../src/idb-storage.js';
import { SERVER_URL, TestPage } from './support/bridge-harness.js';

/** Runs `body` with the global `name` replaced (`undefined`: absent), then puts it back. */
async function withGlobal(name: string, value: unknown, body: () => Promise<void>): Promise<void> {
  const saved = Object.getOwnPropertyDescriptor(globalThis, name);
  if (value === undefined) delete (globalThis as Record<string, unknown>)[name];
  else Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  try {
    await body();
  } finally {
    delete (globalThis as Record<string, unknown>)[name];
    if (saved) Object.defineProperty(globalThis, name, saved);
  }
}

/** Waits until `done` holds; IndexedDB (even the fake) answers later than a few ticks. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(done(), 'timed out').to.equal(true);
}

describe('createBrowserBridge', () => {
  it('runs on memory storage where IndexedDB is missing (private modes), without storage errors', async () => {
    await withGlobal('indexedDB', undefined, async () => {
      const page = new TestPage(createBrowserBridge('itmchat:no-idb'));
      page.hello();
      await until(() => page.port.welcomes().length === 1);
      expect(page.port.welcomes()[0]!.snapshot).to.include({ state: 'idle' });
      expect(page.port.events('log')).to.deep.equal([]);
    });
  });

  it("restores the session from IndexedDB and resumes it over the browser's WebSocket", async () => {
    const name = `itmchat:idb-${Date.now()}`;
    await new IdbStorage(name).saveSession({ nick: 'Ana', place: 'kitchen', token: 'token-ana' });
    const opened: [string, string][] = [];
    class RecordingWebSocket {
      constructor(url: string, protocol: string) {
        opened.push([url, protocol]);
      }
    }
    await withGlobal('WebSocket', RecordingWebSocket, async () => {
      const page = new TestPage(createBrowserBridge(name));
      page.hello();
      await until(() => page.port.welcomes().length === 1);
      expect(page.port.welcomes()[0]!.snapshot).to.include({ state: 'connecting', nick: 'Ana', place: 'kitchen' });
      expect(opened).to.deep.equal([[SERVER_URL, SUBPROTOCOL]]);
    });
  });
});
