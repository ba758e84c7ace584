import { COUNT_MAX, type OptionName } from './option-rules.js';

/** How one ServerOptions setting is given as a flag and as an environment variable. */
export interface CliSetting {
  /** The long flag, without "--". */
  readonly flag: string;
  readonly short?: string;
  /** The value's placeholder in --help, e.g. "<n>". */
  readonly arg: string;
  /** Variables read, the first one set winning. */
  readonly env: readonly string[];
  readonly help: string;
  /** The default as --help shows it, where the option's own default would mislead. */
  readonly shownDefault?: string;
  /** Turns the text of a flag or variable into the option's value (null if it cannot); the option's rule then checks it. */
  readonly parse: (text: string) => unknown;
  /** How the text is written, for error messages, where the rule's wording (a JSON shape) does not fit text. */
  readonly syntax?: string;
  /** A repeatable flag: its values are joined with commas, the variable's form, before parsing. */
  readonly repeatable?: boolean;
}

const asText = (text: string): string => text;
/** Digits only: "8e3", "80.5" and "-1" are not integers here. */
const asInteger = (text: string): number | null => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);
const asList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** yes/no, true/false, on/off, 1/0, in any case. */
function asBoolean(text: string): boolean | null {
  const word = text.trim().toLowerCase();
  if (['yes', 'true', 'on', '1'].includes(word)) return true;
  return ['no', 'false', 'off', '0'].includes(word) ? false : null;
}

/** "n" or "n:burst": n per second sustained, burst (default 2 × n) at once; "0" is no limit. */
function asRate(text: string): { perSecond: number; burst: number } | null {
  const match = /^\s*(\d+)(?::(\d+))?\s*$/.exec(text);
  if (!match) return null;
  const perSecond = Number(match[1]);
  return { perSecond, burst: match[2] === undefined ? perSecond * 2 : Number(match[2]) };
}

const RATE_SYNTAX = `<per second>[:<burst>], whole numbers up to ${COUNT_MAX}, 0 for no limit`;

/** A setting given as `--flag <arg>` and one variable; `more` holds what only some settings need. */
function setting(
  flag: string,
  arg: string,
  variable: string,
  help: string,
  parse: CliSetting['parse'],
  more: Partial<CliSetting> = {},
): CliSetting {
  return { flag, arg, env: [variable], help, parse, ...more };
}

/** Every setting's flag and variables, in --help order; keyed like ServerOptions so none is missed. */
export const CLI_SETTINGS: { readonly [K in OptionName]-?: CliSetting } = {
  port: setting('port', '<n>', 'ITMCHAT_PORT', 'port to listen on, 0 for any free one', asInteger, {
    short: 'p',
    env: ['ITMCHAT_PORT', 'PORT'],
  }),
  host: setting('host', '<addr>', 'ITMCHAT_HOST', 'address to bind', asText),
  dataFile: setting('data', '<file>', 'ITMCHAT_DATA', 'SQLite file for places, numbering and history; :memory: keeps nothing', asText),
  redisUrl: setting(
    'redis',
    '<url>',
    'ITMCHAT_REDIS',
    'run as one node of a cluster sharing this Redis; --data is then unused',
    (text) => text.trim(),
    {
      shownDefault: 'none',
    },
  ),
  redisPrefix: setting('redis-prefix', '<p>', 'ITMCHAT_REDIS_PREFIX', 'prefix of every Redis key and channel', asText),
  nodeTtlMs: setting(
    'node-ttl',
    '<ms>',
    'ITMCHAT_NODE_TTL_MS',
    "with --redis: a crashed node's visitors leave presence within 1.5 × this",
    asInteger,
  ),
  allowedOrigins: setting(
    'origin',
    '<url>',
    'ITMCHAT_ORIGINS',
    'also allow pages of this origin; repeatable or comma-separated; * any',
    asList,
    {
      repeatable: true,
      shownDefault: 'none',
      syntax: 'a comma-separated list of origins',
    },
  ),
  defaultPlace: setting('place', '<name>', 'ITMCHAT_PLACE', 'place new visitors join', asText),
  logLevel: setting('log-level', '<level>', 'ITMCHAT_LOG_LEVEL', 'debug, info, warn or error: JSON log lines below it are dropped', asText),
  historyLimit: setting('history', '<n>', 'ITMCHAT_HISTORY', 'messages kept per place for resume', asInteger),
  joinBacklog: setting(
    'join-backlog',
    '<n>',
    'ITMCHAT_JOIN_BACKLOG',
    'messages a newcomer to a place is sent; at most --history',
    asInteger,
    {
      shownDefault: 'min(50, --history)',
    },
  ),
  placeRetentionMs: setting(
    'place-retention',
    '<ms>',
    'ITMCHAT_PLACE_RETENTION_MS',
    'forget a place this long after its last message; 0: keep',
    asInteger,
    { shownDefault: '90 days' },
  ),
  textMaxLength: setting('text-max-length', '<n>', 'ITMCHAT_TEXT_MAX_LENGTH', 'longest say, in characters', asInteger),
  graceMs: setting('grace', '<ms>', 'ITMCHAT_GRACE_MS', 'how long a dropped visitor keeps nick and place, awaiting a reload', asInteger),
  heartbeatMs: setting('heartbeat', '<ms>', 'ITMCHAT_HEARTBEAT_MS', 'ping interval; a socket that misses one pong is dropped', asInteger),
  maxPayload: setting(
    'max-payload',
    '<bytes>',
    'ITMCHAT_MAX_PAYLOAD',
    'largest WebSocket frame accepted; larger ones close with 1009',
    asInteger,
  ),
  maxBadFrames: setting(
    'max-bad-frames',
    '<n>',
    'ITMCHAT_MAX_BAD_FRAMES',
    'malformed frames tolerated per socket; one more closes it (4002)',
    asInteger,
  ),
  sayRate: setting(
    'say-rate',
    '<n>[:<burst>]',
    'ITMCHAT_SAY_RATE',
    'says per second per socket, 0 for no limit; burst defaults to 2 × n',
    asRate,
    {
      syntax: RATE_SYNTAX,
    },
  ),
  commandRate: setting(
    'command-rate',
    '<n>[:<burst>]',
    'ITMCHAT_COMMAND_RATE',
    'commands per second per socket, counted apart from says',
    asRate,
    {
      syntax: RATE_SYNTAX,
    },
  ),
  presenceRate: setting(
    'presence-rate',
    '<n>[:<burst>]',
    'ITMCHAT_PRESENCE_RATE',
    'joins, resumes, leaves and moves per second per socket',
    asRate,
    {
      syntax: RATE_SYNTAX,
    },
  ),
  presenceRatePerIp: setting(
    'presence-rate-per-ip',
    '<n>[:<burst>]',
    'ITMCHAT_PRESENCE_RATE_PER_IP',
    'the same, for all sockets of one client IP together',
    asRate,
    {
      syntax: RATE_SYNTAX,
    },
  ),
  maxRateRefusals: setting(
    'max-rate-refusals',
    '<n>',
    'ITMCHAT_MAX_RATE_REFUSALS',
    'RATE_LIMITED refusals tolerated per --rate-abuse-window (then 4004)',
    asInteger,
  ),
  rateAbuseWindowMs: setting(
    'rate-abuse-window',
    '<ms>',
    'ITMCHAT_RATE_ABUSE_WINDOW_MS',
    'the window in which --max-rate-refusals are counted',
    asInteger,
  ),
  trustProxy: setting(
    'trust-proxy',
    '<addr,cidr,...>',
    'ITMCHAT_TRUST_PROXY',
    "proxies whose X-Forwarded-For gives the visitor's address (repeatable)",
    asList,
    { repeatable: true, shownDefault: 'none' },
  ),
  maxConnectionsPerIp: setting(
    'max-connections-per-ip',
    '<n>',
    'ITMCHAT_MAX_CONNECTIONS_PER_IP',
    'concurrent sockets per client IP, 0 for no cap',
    asInteger,
  ),
  maxHttpSocketsPerIp: setting(
    'max-http-sockets',
    '<n>',
    'ITMCHAT_MAX_HTTP_SOCKETS',
    'plain HTTP sockets per client IP (more are closed), 0 for no cap',
    asInteger,
  ),
  maxSessionsPerIp: setting(
    'max-sessions-per-ip',
    '<n>',
    'ITMCHAT_MAX_SESSIONS_PER_IP',
    'sessions per client IP, grace included (oldest in grace goes); 0: no cap',
    asInteger,
  ),
  maxPlaces: setting('max-places', '<n>', 'ITMCHAT_MAX_PLACES', 'occupied places at once, 0 for no cap', asInteger),
  typingMaxMembers: setting(
    'typing-max-members',
    '<n>',
    'ITMCHAT_TYPING_MAX_MEMBERS',
    'typing indicators only in places of at most this many, 0: never',
    asInteger,
  ),
  maxBufferedBytes: setting(
    'max-buffered-bytes',
    '<bytes>',
    'ITMCHAT_MAX_BUFFERED_BYTES',
    'bytes queued for one socket before it is dropped as a slow reader',
    asInteger,
  ),
  staticRoots: setting(
    'site',
    '<dir>',
    'ITMCHAT_SITE',
    "folder served at / (a config file's staticRoots may list several)",
    (text) => [{ prefix: '/', dir: text }],
    {
      shownDefault: 'examples/ (the demo)',
      syntax: 'a folder',
    },
  ),
  sourceMaps: setting('source-maps', '<yes|no>', 'ITMCHAT_SOURCE_MAPS', "serve the bundles' source maps, for debugging", asBoolean, {
    shownDefault: 'no',
    syntax: 'yes or no',
  }),
  metricsAllow: setting(
    'metrics-allow',
    '<addr,cidr,...>',
    'ITMCHAT_METRICS_ALLOW',
    "who may read /metrics without the token (repeatable); '' for no one",
    asList,
    { repeatable: true, syntax: 'a comma-separated list of addresses or CIDRs' },
  ),
  metricsToken: setting(
    'metrics-token',
    '<token>',
    'ITMCHAT_METRICS_TOKEN',
    'lets "Authorization: Bearer <token>" read /metrics (prefer the variable)',
    asText,
    { shownDefault: 'none' },
  ),
  identitySecrets: setting(
    'identity-secret',
    '<secret,...>',
    'ITMCHAT_IDENTITY_SECRET',
    'HS256 secrets for identity tokens (prefer the variable)',
    asList,
    { shownDefault: 'none' },
  ),
  identityKeys: setting('identity-keys', '<file|url>', 'ITMCHAT_IDENTITY_KEYS', 'JWKS of public keys for identity tokens', asText, {
    shownDefault: 'none',
  }),
  identityAudience: setting('identity-audience', '<aud>', 'ITMCHAT_IDENTITY_AUDIENCE', 'the aud identity tokens must carry', asText),
  anonymous: setting(
    'anonymous',
    '<allow|deny>',
    'ITMCHAT_ANONYMOUS',
    'deny: signed visitors only',
    (text) => (text === 'allow' || text === 'deny' ? text : null),
    { syntax: 'allow or deny' },
  ),
  metricsNicks: setting('metrics-nicks', '<yes|no>', 'ITMCHAT_METRICS_NICKS', 'per-visitor /metrics series, labelled by nick', asBoolean, {
    shownDefault: 'no',
    syntax: 'yes or no',
  }),
};
