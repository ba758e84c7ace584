import { DEFAULT_PLACE } from '@itmchat/protocol';
import type { LogLevel } from './logger.js';
import type { Rate } from './token-bucket.js';

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
  /** Events below this level are not logged (when the chat makes its own JSON logger). */
  readonly logLevel: LogLevel;
  /** Messages kept per place for resume. */
  readonly historyLimit: number;
  /**
   * A place (its history with it) is forgotten this long after its last message, unless someone
   * is in it; a place that never had a message is forgotten once empty. 0: places with messages
   * are kept for good.
   */
  readonly placeRetentionMs: number;
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
  /** Says per connection: sustained per second and burst (a token bucket); over it, RATE_LIMITED. perSecond 0: no limit. */
  readonly sayRate: Rate;
  /** Commands per connection, counted apart from says; over it, RATE_LIMITED. perSecond 0: no limit. */
  readonly commandRate: Rate;
  /**
   * Calls that make the server tell others something (identify, resume, leave, goto and the
   * -goto command), per connection, counted apart from says and commands; over it, RATE_LIMITED.
   */
  readonly presenceRate: Rate;
  /**
   * The same calls from every socket of one visitor address together: reconnecting does not
   * reset it (the per-socket bucket alone would be). Over it, RATE_LIMITED.
   */
  readonly presenceRatePerIp: Rate;
  /** RATE_LIMITED refusals tolerated on one connection within `rateAbuseWindowMs` before it is closed with 4004. */
  readonly maxRateRefusals: number;
  readonly rateAbuseWindowMs: number;
  /**
   * Proxies (addresses or CIDRs, or `loopback`) whose `X-Forwarded-For` is believed: a visitor
   * reaching the server through one has the last untrusted hop of that header as their address,
   * which every per-address bound and log line uses. Empty: the TCP peer is the visitor.
   */
  readonly trustProxy: readonly string[];
  /** Concurrent WebSockets from one IP address; more are refused with HTTP 429. 0: no cap. */
  readonly maxConnectionsPerIp: number;
  /**
   * With `startServer` (the command): open TCP sockets from one address that have not become
   * WebSockets (those count under `maxConnectionsPerIp`); more are closed at once. Trusted
   * proxies (`trustProxy`) are not counted. 0: no cap.
   */
  readonly maxHttpSocketsPerIp: number;
  /**
   * Sessions one address holds on this node, those in their grace period included; over it, the
   * address's oldest session in grace is let go (or, with none in grace, RATE_LIMITED). 0: no cap.
   */
  readonly maxSessionsPerIp: number;
  /** Occupied places this node holds at once; entering a new one beyond it gets TOO_MANY_PLACES. 0: no cap. */
  readonly maxPlaces: number;
  /** Typing indicators go out in places of at most this many members (across the cluster); 0: never. */
  readonly typingMaxMembers: number;
  /** Bytes waiting to be sent to one socket beyond which the client is dropped as a slow reader (4005). */
  readonly maxBufferedBytes: number;
  /**
   * Folders served over HTTP: URL prefix → directory; `subfolders: false` serves only the files
   * directly in it (the demo's default). Hidden files and symlinks out of the folder never are.
   */
  readonly staticRoots: readonly { readonly prefix: string; readonly dir: string; readonly subfolders?: boolean }[];
  /** Serve the bundles' source maps (`/itmchat/*.map`), for debugging them in a browser. */
  readonly sourceMaps: boolean;
  /**
   * Who may read /metrics without the token: addresses and CIDRs (or `loopback`, …), of the
   * visitor as `trustProxy` gives it, asking for a host a DNS-rebinding page could not name.
   */
  readonly metricsAllow: readonly string[];
  /** A secret that lets anyone sending `Authorization: Bearer <it>` read /metrics. Unset: none. */
  readonly metricsToken?: string;
  /** Per-visitor series in /metrics, labelled with each joined visitor's nick. Off: they name people. */
  readonly metricsNicks: boolean;
  /** HS256 secrets the host site signs identity tokens with (each 32+ characters); [] for none. */
  readonly identitySecrets: readonly string[];
  /** Public keys for identity tokens: a JWKS file (re-read when it changes) or an https URL; none when absent. */
  readonly identityKeys?: string;
  /** The `aud` every identity token must carry. */
  readonly identityAudience: string;
  /** `allow`: anonymous visitors may join (the default); `deny`: signed visitors only (IDENTITY_REQUIRED). */
  readonly anonymous: 'allow' | 'deny';
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_FILE = 'itmchat.db';
export const DEFAULT_HISTORY_LIMIT = 1000;
export const DEFAULT_JOIN_BACKLOG = 50;
/** 90 days: a community's quiet places survive a holiday; a script's one-line places do not pile up for ever. */
export const DEFAULT_PLACE_RETENTION_MS = 90 * 86_400_000;
export const DEFAULT_TEXT_MAX_LENGTH = 2000;
export const DEFAULT_GRACE_MS = 60_000;
export const DEFAULT_HEARTBEAT_MS = 30_000;
export const DEFAULT_MAX_PAYLOAD = 64 * 1024;
export const DEFAULT_MAX_BAD_FRAMES = 20;
/**
 * A person types far below 1 say/s; 10/s sustained with a burst of 20 leaves room for pastes,
 * scripts that replay a few lines and a client flushing its outbox after a reconnect, while one
 * socket cannot push more than 10 messages/s into a place's history (1000 kept: 100 s of flood).
 */
export const DEFAULT_SAY_RATE = { perSecond: 10, burst: 20 } as const;
/** Commands (/who, /places, …) read state and are costlier than a say and rarer: half the rate. */
export const DEFAULT_COMMAND_RATE = { perSecond: 5, burst: 10 } as const;
/**
 * A visitor joins once and moves between places now and then: a burst of 10, then one every
 * second, while a flapping script (goto back and forth) tells each bystander at most 2 things a second.
 */
export const DEFAULT_PRESENCE_RATE = { perSecond: 1, burst: 10 } as const;
/** An office behind one address joining at nine: 30 at once, then 5 a second; a script reconnecting to churn gets no more. */
export const DEFAULT_PRESENCE_RATE_PER_IP = { perSecond: 5, burst: 30 } as const;
/** A well-behaved client backs off after a few RATE_LIMITED; 50 within 10 s is a flood, not a hiccup. */
export const DEFAULT_MAX_RATE_REFUSALS = 50;
export const DEFAULT_RATE_ABUSE_WINDOW_MS = 10_000;
/**
 * A browser keeps one socket for all its tabs (the SharedWorker), so 64 is 64 browsers behind
 * one NAT (an office, a school): ample for people, small enough that one host cannot hold
 * thousands of idle sockets. Load generators on one host raise it (--max-connections-per-ip).
 */
export const DEFAULT_MAX_CONNECTIONS_PER_IP = 64;
/**
 * A browser opens up to 6 sockets to a host while a page loads, idle ones closing after 5 s:
 * 128 is twice the WebSocket cap, a busy office loading pages at once, and far below the
 * thousands a slowloris client needs. Load generators that open many sockets at once raise it.
 */
export const DEFAULT_MAX_HTTP_SOCKETS_PER_IP = 128;
/** As many as sockets per address: each browser holds one session, and a reload's old one waits out its grace. */
export const DEFAULT_MAX_SESSIONS_PER_IP = 64;
/** Each occupied place holds a room and members in memory; 1000 is far more than a community uses and bounds what a script can create. */
export const DEFAULT_MAX_PLACES = 1000;
/** In a place larger than this, "bob is typing…" is noise (and costs a push per member per 3 s): it is off. */
export const DEFAULT_TYPING_MAX_MEMBERS = 50;
/**
 * 1 MiB is thousands of live chat messages: a client this far behind is not reading, resuming
 * later costs it nothing, and buffering on for it would grow the server's memory without end.
 * Checked before each send, so one large backlog frame on an empty buffer always goes out.
 */
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
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
  logLevel: 'info',
  historyLimit: DEFAULT_HISTORY_LIMIT,
  joinBacklog: DEFAULT_JOIN_BACKLOG,
  placeRetentionMs: DEFAULT_PLACE_RETENTION_MS,
  textMaxLength: DEFAULT_TEXT_MAX_LENGTH,
  graceMs: DEFAULT_GRACE_MS,
  heartbeatMs: DEFAULT_HEARTBEAT_MS,
  maxPayload: DEFAULT_MAX_PAYLOAD,
  maxBadFrames: DEFAULT_MAX_BAD_FRAMES,
  sayRate: DEFAULT_SAY_RATE,
  commandRate: DEFAULT_COMMAND_RATE,
  presenceRate: DEFAULT_PRESENCE_RATE,
  presenceRatePerIp: DEFAULT_PRESENCE_RATE_PER_IP,
  maxRateRefusals: DEFAULT_MAX_RATE_REFUSALS,
  rateAbuseWindowMs: DEFAULT_RATE_ABUSE_WINDOW_MS,
  trustProxy: [],
  maxConnectionsPerIp: DEFAULT_MAX_CONNECTIONS_PER_IP,
  maxHttpSocketsPerIp: DEFAULT_MAX_HTTP_SOCKETS_PER_IP,
  maxSessionsPerIp: DEFAULT_MAX_SESSIONS_PER_IP,
  maxPlaces: DEFAULT_MAX_PLACES,
  typingMaxMembers: DEFAULT_TYPING_MAX_MEMBERS,
  maxBufferedBytes: DEFAULT_MAX_BUFFERED_BYTES,
  staticRoots: [],
  sourceMaps: false,
  metricsAllow: ['loopback'],
  metricsNicks: false,
  identitySecrets: [],
  identityAudience: 'itmchat',
  anonymous: 'allow',
};

/** What the chat itself (Chat) needs of the options; the rest is the endpoint's, the store's and the CLI's. */
export type ChatOptions = Pick<
  ServerOptions,
  | 'defaultPlace'
  | 'historyLimit'
  | 'joinBacklog'
  | 'textMaxLength'
  | 'graceMs'
  | 'maxPlaces'
  | 'maxSessionsPerIp'
  | 'typingMaxMembers'
  | 'identitySecrets'
  | 'identityKeys'
  | 'identityAudience'
  | 'anonymous'
>;
