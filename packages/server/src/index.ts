export { BUNDLES_PATH } from './security-headers.js';
export { WS_PATH } from '@itmchat/protocol';
export { createItmchat, openStore, type Itmchat, type ItmchatDependencies, type RequestHandler } from './itmchat.js';
export { startServer, type RunningServer } from './server.js';
export {
  DEFAULT_OPTIONS,
  DEFAULT_SAY_RATE,
  DEFAULT_COMMAND_RATE,
  DEFAULT_PRESENCE_RATE,
  DEFAULT_PRESENCE_RATE_PER_IP,
  DEFAULT_MAX_RATE_REFUSALS,
  DEFAULT_MAX_CONNECTIONS_PER_IP,
  DEFAULT_MAX_PLACES,
  DEFAULT_MAX_BUFFERED_BYTES,
  type ServerOptions,
} from './options.js';
export type { Rate } from './token-bucket.js';
export { OptionsError, resolveOptions } from './validate-options.js';
export { Chat } from './chat.js';
export type { ChatStore, PlaceRecord, MessageDraft, AppendOutcome } from './store/store.js';
export { StoreUnavailableError } from './store/store.js';
export { MemoryStore } from './store/memory-store.js';
export { SqliteStore } from './store/sqlite-store.js';
export { RedisStore, type RedisStoreOptions } from './store/redis-store.js';
export { DEFAULT_REDIS_PREFIX } from './options.js';
export { placeChannel } from './redis/keys.js';
export type { PublishedMessage } from './redis/events.js';
export { jsonLogger, silentLogger, LOG_LEVELS, type Logger, type LogLevel, type JsonLoggerOptions } from './logger.js';
