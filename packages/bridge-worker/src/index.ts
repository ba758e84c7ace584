export { BridgeCore, type BridgeDeps } from './bridge-core.js';
export { createBrowserBridge } from './browser-bridge.js';
export { DEFAULT_BRIDGE_OPTIONS, type BridgeOptions } from './bridge-options.js';
export { IdbStorage } from './idb-storage.js';
export { MemoryStorage } from './memory-storage.js';
export { mergeBySeq } from './merge-by-seq.js';
export { adaptWebSocket, type ChatSocket, type OpenSocket } from './socket.js';
export type { BridgeStorage, StoredSession } from './storage.js';
export type { PagePort } from './ports.js';
