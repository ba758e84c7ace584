import 'fake-indexeddb/auto';
import { expect } from 'chai';
import { SUBPROTOCOL } from '@itmchat/protocol';
import type { BridgeCore } from '../src/bridge-core.js';
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

/**
 * Stands in for the browser's WebSocket as `adaptWebSocket` uses it: it never connects, and
 * `close()` behaves as a browser's does on a socket still connecting (the close event follows,
 * asynchronously, with code 1006).
 */
class StandInWebSocket {
  static readonly opened: [string, string][] = [];
  readyState = 0; // CONNECTING
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;

  constructor(url: string, protocol: string) {
    StandInWebSocket.opened.push([url, protocol]);
  }

  send(): void {
    throw new Error("InvalidStateError: Failed to execute 'send' on 'WebSocket': still in CONNECTING state");
  }

  close(): void {
    if (this.readyState >= 2) return;
    this.readyState = 2; // CLOSING
    setTimeout(() => {
      this.readyState = 3; // CLOSED
      this.onclose?.({ code: 1006, reason: '', wasClean: false });
    }, 0);
  }
}

/** Waits until `done` holds; IndexedDB (even the fake) answers later than a few ticks. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(done(), 'timed out').to.equal(true);
}

describe('createBrowserBridge', () => {
  const bridges: BridgeCore[] = [];
  const started = (bridge: BridgeCore): BridgeCore => (bridges.push(bridge), bridge);
  afterEach(() => {
    for (const bridge of bridges.splice(0)) bridge.dispose();
    StandInWebSocket.opened.length = 0;
  });

  it('runs on memory storage where IndexedDB is missing (private modes), without storage errors', async () => {
    await withGlobal('indexedDB', undefined, async () => {
      const page = new TestPage(started(createBrowserBridge('itmchat:no-idb')));
      page.hello();
      await until(() => page.port.welcomes().length === 1);
      expect(page.port.welcomes()[0]!.snapshot).to.include({ state: 'idle' });
      expect(page.port.events('log')).to.deep.equal([]);
    });
  });

  it("restores the session from IndexedDB and resumes it over the browser's WebSocket", async () => {
    const name = `itmchat:idb-${Date.now()}`;
    await new IdbStorage(name).saveSession({ nick: 'Ana', place: 'kitchen', token: 'token-ana' });
    await withGlobal('WebSocket', StandInWebSocket, async () => {
      const bridge = started(createBrowserBridge(name));
      const page = new TestPage(bridge);
      page.hello();
      await until(() => page.port.welcomes().length === 1);
      expect(page.port.welcomes()[0]!.snapshot).to.include({ state: 'connecting', nick: 'Ana', place: 'kitchen' });
      expect(StandInWebSocket.opened).to.deep.equal([[SERVER_URL, SUBPROTOCOL]]);
      // Disposed, the bridge closes its socket and leaves no timer behind (the leak check after the run sees any).
      bridge.dispose();
      expect(page.port.events('log')).to.deep.equal([]);
    });
  });
});
