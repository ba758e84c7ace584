/** Every server setting, with its default in one place. The CLI and tests only override. */
export interface ServerOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  readonly host: string;
  /** SQLite file for places, numbering and history; ':memory:' keeps everything in memory (tests). Unused with `redisUrl`. */
  readonly dataFile: string;
  /**
   * `redis://host:port`: run as one node of a cluster sharing this Redis for numbering, history,
   * fan-out, presence and sessions (docs/scaling.md). Unset: this process is the whole chat.
   */
  readonly redisUrl?: string;
  /** Prefix of every Redis key and channel, so several chats (or tests) can share one Redis. */
  readonly redisPrefix: string;
  /** With Redis: a node silent this long is taken for dead; its visitors leave presence within 1.5 × this. */
  readonly nodeTtlMs: number;
  /**
   * Origins allowed to open the WebSocket, e.g. "https://example.org". The server's own origin
   * and localhost are always allowed; "*" allows any. Clients that send no Origin (non-browsers) are allowed.
   */
  readonly allowedOrigins: readonly string[];
  /** Place a visitor joins when they name none. */
  readonly defaultPlace: string;
  /** Messages kept per place for resume. */
  readonly historyLimit: number;
  /** Messages a visitor with no history of a place is sent when entering it. */
  readonly joinBacklog: number;
  /** Longest say, in characters. */
  readonly textMaxLength: number;
  /** How long a dropped visitor keeps their nick and place, waiting for a resume (a page reload). */
  readonly graceMs: number;
  /** Ping interval; a socket that misses one pong is dropped. */
  readonly heartbeatMs: number;
  /** Largest WebSocket frame accepted, in bytes; larger ones close the socket with 1009. */
  readonly maxPayload: number;
  /** Malformed frames tolerated on one connection before it is closed with 4002. */
  readonly maxBadFrames: number;
  /** Folders served over HTTP: URL prefix → directory. */
  readonly staticRoots: readonly { readonly prefix: string; readonly dir: string }[];
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_FILE = 'itmchat.db';
export const DEFAULT_PLACE = 'lobby';
export const DEFAULT_HISTORY_LIMIT = 1000;
export const DEFAULT_JOIN_BACKLOG = 50;
export const DEFAULT_TEXT_MAX_LENGTH = 2000;
export const DEFAULT_GRACE_MS = 60_000;
export const DEFAULT_HEARTBEAT_MS = 30_000;
export const DEFAULT_MAX_PAYLOAD = 64 * 1024;
export const DEFAULT_MAX_BAD_FRAMES = 20;
export const DEFAULT_REDIS_PREFIX = 'itmchat:';
/** With Redis: how long a node that stopped beating keeps its visitors listed before any node's sweep drops them. */
export const DEFAULT_NODE_TTL_MS = 10_000;

export const DEFAULT_OPTIONS: ServerOptions = {
  port: DEFAULT_PORT,
  host: DEFAULT_HOST,
  dataFile: DEFAULT_DATA_FILE,
  redisPrefix: DEFAULT_REDIS_PREFIX,
  nodeTtlMs: DEFAULT_NODE_TTL_MS,
  allowedOrigins: [],
  defaultPlace: DEFAULT_PLACE,
  historyLimit: DEFAULT_HISTORY_LIMIT,
  joinBacklog: DEFAULT_JOIN_BACKLOG,
  textMaxLength: DEFAULT_TEXT_MAX_LENGTH,
  graceMs: DEFAULT_GRACE_MS,
  heartbeatMs: DEFAULT_HEARTBEAT_MS,
  maxPayload: DEFAULT_MAX_PAYLOAD,
  maxBadFrames: DEFAULT_MAX_BAD_FRAMES,
  staticRoots: [],
};

export function resolveOptions(overrides: Partial<ServerOptions> = {}): ServerOptions {
  const given = withoutUndefined(overrides);
  const options = { ...DEFAULT_OPTIONS, ...given };
  // A short history shortens the default join backlog with it; only an explicit one can conflict.
  if (given.joinBacklog === undefined) options.joinBacklog = Math.min(DEFAULT_JOIN_BACKLOG, options.historyLimit);
  if (options.joinBacklog > options.historyLimit) {
    throw new RangeError(`joinBacklog (${options.joinBacklog}) cannot exceed historyLimit (${options.historyLimit})`);
  }
  return options;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
