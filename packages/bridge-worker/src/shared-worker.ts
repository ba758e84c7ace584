/**
 * The SharedWorker script (built to itmchat-worker.js): thin glue that hands every page's
 * MessagePort to the browser's bridge (`createBrowserBridge`). Its name is
 * "itmchat:<server URL>", so each chat server gets its own worker and database.
 */
import { createBrowserBridge } from './browser-bridge.js';

interface SharedWorkerScope {
  readonly name: string;
  onconnect: ((event: MessageEvent) => void) | null;
  addEventListener(type: 'error' | 'unhandledrejection', listener: (event: ErrorEvent & PromiseRejectionEvent) => void): void;
}
const scope = globalThis as unknown as SharedWorkerScope;

const core = createBrowserBridge(scope.name || 'itmchat');

scope.onconnect = (event) => {
  const port = event.ports[0]!;
  const receive = core.connectPage({ post: (message) => port.postMessage(message), close: () => port.close() });
  port.onmessage = (message) => receive(message.data);
  port.start();
};

// A worker's console is invisible to the site's developers: forward what goes wrong to the pages.
scope.addEventListener('error', (event) => core.reportError(`uncaught: ${event.message}`));
scope.addEventListener('unhandledrejection', (event) => core.reportError(`unhandled rejection: ${String(event.reason)}`));
