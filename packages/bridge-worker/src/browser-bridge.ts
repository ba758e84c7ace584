import { BridgeCore } from './bridge-core.js';
import { IdbStorage } from './idb-storage.js';
import { MemoryStorage } from './memory-storage.js';
import { adaptWebSocket } from './socket.js';

/**
 * The bridge as a browser runs it, in the SharedWorker or in the leader tab of the fallback:
 * the browser's WebSocket and the IndexedDB database `databaseName`.
 */
export function createBrowserBridge(databaseName: string): BridgeCore {
  return new BridgeCore({
    openSocket: (url, protocol) => adaptWebSocket(new WebSocket(url, protocol)),
    // Private modes may lack IndexedDB: the chat still works, it just forgets on restart.
    storage: typeof indexedDB === 'undefined' ? new MemoryStorage() : new IdbStorage(databaseName),
  });
}
