import { createBrowserBridge } from '@itmchat/bridge-worker';
import type { BridgeEndpoint } from './endpoint.js';
import { ItmchatClient, type ClientOptions } from './itmchat-client.js';
import { leaderEndpoint } from './leader-endpoint.js';
import { PageSnapshot } from './page-snapshot.js';
import { sharedWorkerEndpoint } from './shared-worker-endpoint.js';

export interface ConnectOptions extends ClientOptions {
  /** URL of the worker script; must be same-origin with the page. */
  readonly workerUrl: string;
}

/**
 * Attaches this page to the browser's one chat bridge, creating it if needed. Opens no
 * server socket by itself: that happens on join, or at once if the visitor joined on an earlier page.
 */
export async function connectChat(options: ConnectOptions): Promise<ItmchatClient> {
  // One bridge (and one IndexedDB database) per chat server.
  const name = `itmchat:${options.serverUrl}`;
  const makeEndpoint = (): BridgeEndpoint =>
    typeof SharedWorker === 'function'
      ? sharedWorkerEndpoint(options.workerUrl, name, (message) => console.error(`[itmchat] ${message}`))
      : leaderEndpoint(name, () => createBrowserBridge(name));
  const client = new ItmchatClient(makeEndpoint, options, new PageSnapshot(name));
  // A page cannot be relied on to say goodbye; when it can, it does.
  addEventListener('pagehide', () => client.goodbye());
  addEventListener('pageshow', (event) => {
    if (event.persisted) void client.reattach();
  });
  // With the page's own copy of the last picture, the chat is drawn at once (at the first paint);
  // the worker's snapshot replaces it when it comes. Without one, wait for the worker.
  if (!client.drawnEarly) await client.ready();
  return client;
}
