import { parseArgs } from 'node:util';
import {
  DEFAULT_DATA_FILE, DEFAULT_GRACE_MS, DEFAULT_HISTORY_LIMIT, DEFAULT_HOST, DEFAULT_NODE_TTL_MS, DEFAULT_PLACE, DEFAULT_PORT,
  DEFAULT_REDIS_PREFIX, DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_MAX_PLACES, DEFAULT_SAY_RATE, DEFAULT_COMMAND_RATE,
  type ServerOptions,
} from './options.js';

/** A command-line mistake: reported on stderr with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const HELP = `Usage: itmchat-server [options]

Serves the chat (WebSocket at /ws), /healthz and the demo site on one port.

Options (each also read from the environment variable shown; a flag wins):
  -p, --port <n>        port to listen on, 0 for any free one   ITMCHAT_PORT or PORT   (default ${DEFAULT_PORT})
      --host <addr>     address to bind                          ITMCHAT_HOST           (default ${DEFAULT_HOST})
      --data <file>     SQLite file for history and numbering,   ITMCHAT_DATA           (default ${DEFAULT_DATA_FILE})
                        or :memory: to keep nothing
      --origin <url>    allow pages of this origin to connect;   ITMCHAT_ORIGINS        (comma-separated)
                        repeatable; * allows any. The server's own origin and localhost are always allowed.
      --place <name>    place new visitors join                  ITMCHAT_PLACE          (default ${DEFAULT_PLACE})
      --history <n>     messages kept per place for resume       ITMCHAT_HISTORY        (default ${DEFAULT_HISTORY_LIMIT})
      --grace <ms>      how long a dropped visitor keeps their   ITMCHAT_GRACE_MS       (default ${DEFAULT_GRACE_MS})
                        nick and place, waiting for a reload
      --site <dir>      folder served at / (the demo site)       ITMCHAT_SITE           (default: examples/)
      --redis <url>     run as one node of a cluster on this     ITMCHAT_REDIS
                        Redis (redis://host:port): numbering, history, presence and sessions
                        are shared, so any node serves any visitor (docs/scaling.md); --data is unused
      --redis-prefix <p> prefix of every Redis key and channel    ITMCHAT_REDIS_PREFIX   (default ${DEFAULT_REDIS_PREFIX})
      --node-ttl <ms>   with --redis: a crashed node's visitors  ITMCHAT_NODE_TTL_MS    (default ${DEFAULT_NODE_TTL_MS})
                        leave presence within 1.5 × this
      --max-connections-per-ip <n>  concurrent sockets per    ITMCHAT_MAX_CONNECTIONS_PER_IP (default ${DEFAULT_MAX_CONNECTIONS_PER_IP})
                        client IP, 0 for no cap; load generators on one host need more
      --max-places <n>  occupied places at once, 0 for no cap ITMCHAT_MAX_PLACES     (default ${DEFAULT_MAX_PLACES})
      --say-rate <n>[:<burst>]  says per second per socket,   ITMCHAT_SAY_RATE       (default ${DEFAULT_SAY_RATE.perSecond}:${DEFAULT_SAY_RATE.burst})
                        0 for no limit; the burst defaults to 2 × n
      --command-rate <n>[:<burst>]  commands per second       ITMCHAT_COMMAND_RATE   (default ${DEFAULT_COMMAND_RATE.perSecond}:${DEFAULT_COMMAND_RATE.burst})
  -h, --help            show this help
`;

export type CliCommand = { readonly help: true } | { readonly help: false; readonly options: Partial<ServerOptions>; readonly site: string | undefined };

/** Turns argv and the environment into server options. Throws UsageError on anything it cannot use. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        data: { type: 'string' },
        origin: { type: 'string', multiple: true },
        place: { type: 'string' },
        history: { type: 'string' },
        grace: { type: 'string' },
        site: { type: 'string' },
        redis: { type: 'string' },
        'redis-prefix': { type: 'string' },
        'node-ttl': { type: 'string' },
        'max-connections-per-ip': { type: 'string' },
        'max-places': { type: 'string' },
        'say-rate': { type: 'string' },
        'command-rate': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.help) return { help: true };
  const origins = parsed.origin ?? env.ITMCHAT_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean);
  const options: Partial<ServerOptions> = {
    ...optional('port', integerSetting('--port', parsed.port ?? env.ITMCHAT_PORT ?? env.PORT, 0, 65_535)),
    ...optional('host', nonEmpty('--host', parsed.host ?? env.ITMCHAT_HOST)),
    ...optional('dataFile', nonEmpty('--data', parsed.data ?? env.ITMCHAT_DATA)),
    ...optional('allowedOrigins', origins),
    ...optional('defaultPlace', nonEmpty('--place', parsed.place ?? env.ITMCHAT_PLACE)),
    ...optional('historyLimit', integerSetting('--history', parsed.history ?? env.ITMCHAT_HISTORY, 1, 1_000_000)),
    ...optional('graceMs', integerSetting('--grace', parsed.grace ?? env.ITMCHAT_GRACE_MS, 0, 86_400_000)),
    ...optional('redisUrl', redisUrl(parsed.redis ?? env.ITMCHAT_REDIS)),
    ...optional('redisPrefix', nonEmpty('--redis-prefix', parsed['redis-prefix'] ?? env.ITMCHAT_REDIS_PREFIX)),
    ...optional('nodeTtlMs', integerSetting('--node-ttl', parsed['node-ttl'] ?? env.ITMCHAT_NODE_TTL_MS, 100, 600_000)),
    ...optional('maxConnectionsPerIp', integerSetting('--max-connections-per-ip', parsed['max-connections-per-ip'] ?? env.ITMCHAT_MAX_CONNECTIONS_PER_IP, 0, 10_000_000)),
    ...optional('maxPlaces', integerSetting('--max-places', parsed['max-places'] ?? env.ITMCHAT_MAX_PLACES, 0, 10_000_000)),
    ...optional('sayRate', rateSetting('--say-rate', parsed['say-rate'] ?? env.ITMCHAT_SAY_RATE)),
    ...optional('commandRate', rateSetting('--command-rate', parsed['command-rate'] ?? env.ITMCHAT_COMMAND_RATE)),
  };
  return { help: false, options, site: nonEmpty('--site', parsed.site ?? env.ITMCHAT_SITE) };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError(`${flag} must not be empty`);
  return value;
}

function redisUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^rediss?:\/\/[^\s]+$/.test(value.trim())) throw new UsageError(`--redis must be a redis:// or rediss:// URL, not "${value}"`);
  return value.trim();
}

/** "n" or "n:burst": n per second sustained, burst (default 2 × n) at once; "0" is no limit. */
function rateSetting(flag: string, value: string | undefined): { perSecond: number; burst: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+)(?::(\d+))?\s*$/.exec(value);
  const perSecond = Number(match?.[1]);
  const burst = match?.[2] === undefined ? perSecond * 2 : Number(match[2]);
  if (!match || perSecond > 1_000_000 || burst > 1_000_000 || (perSecond > 0 && burst < 1)) {
    throw new UsageError(`${flag} must be <per second>[:<burst>], whole numbers, 0 for no limit, not "${value}"`);
  }
  return { perSecond, burst };
}

function integerSetting(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return number;
}
