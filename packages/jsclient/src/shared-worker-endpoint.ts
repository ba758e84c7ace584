import type { WorkerMessage } from '@itmchat/protocol';
import type { BridgeEndpoint } from './endpoint.js';

/**
 * The bridge in a SharedWorker: one per site and server, shared by every tab.
 * `extendedLifetime` lets the worker outlive the navigation of a site's only tab, so a page
 * change needs no new socket; browsers that do not know the option ignore it.
 */
export function sharedWorkerEndpoint(workerUrl: string, name: string, onError: (message: string) => void): BridgeEndpoint {
  const worker = new SharedWorker(workerUrl, { name, extendedLifetime: true } as WorkerOptions);
  const port = worker.port;
  const endpoint: BridgeEndpoint = {
    post: (message) => port.postMessage(message),
    onmessage: null,
    onreset: null,
    close: () => port.close(),
  };
  port.onmessage = (event: MessageEvent<WorkerMessage>) => endpoint.onmessage?.(event.data);
  worker.onerror = (event) => onError(`chat worker failed to load: ${event.message ?? 'unknown error'}`);
  port.start();
  return endpoint;
}
