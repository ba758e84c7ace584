import { parseArgs } from 'node:util';
import { DEFAULT_LOAD, type LoadMode } from './load/load-config.js';
import { SERVER_NAMES, type ServerName } from './servers/server-names.js';

export interface RunOptions {
  readonly quick: boolean;
  readonly servers: readonly ServerName[];
  readonly modes: readonly LoadMode[];
  readonly places: readonly number[];
  readonly clients: number;
  readonly senders: number;
  readonly window: number;
  readonly rate: number;
  readonly warmupS: number;
  readonly durationS: number;
  readonly reps: number;
  /** Idle connections for the memory measure; 0 skips it. */
  readonly idle: number;
  readonly resume: boolean;
  /** Write docs/benchmarks.md (default on, except with --quick). */
  readonly write: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

  --quick              CI size: 20 clients, 0.5 s warm-up + 1 s runs, 1 repetition, 200 idle (no doc written)
  --only=<servers>     comma-separated: ${SERVER_NAMES.join(', ')} (a prefix such as "itmchat" matches several)
  --mode=<modes>       max, rate or both (default max,rate)
  --places=<list>      places to spread the clients over, e.g. 1,10 (default 1,10)
  --clients <n>        WebSocket clients in the generator (default ${DEFAULT_LOAD.clients})
  --senders <n>        of which say lines (default ${DEFAULT_LOAD.senders})
  --window <n>         lines in flight per sender in mode max (default ${DEFAULT_LOAD.window})
  --rate <n>           target deliveries per second in mode rate (default ${DEFAULT_LOAD.rate})
  --warmup <s>         seconds said before measuring (default ${DEFAULT_LOAD.warmupS})
  --duration <s>       seconds measured (default ${DEFAULT_LOAD.durationS})
  --reps <n>           repetitions of every configuration, interleaved (default 3)
  --idle <n>           idle connections for the memory measure, 0 to skip (default 2000; 10000 works with ulimit -n ≥ 20000)
  --no-resume          skip the resume-cost measure
  --write / --no-write write docs/benchmarks.md or not
  -h, --help
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads the runner's flags; --quick sets small defaults that explicit flags still override. */
export function parseRunOptions(argv: readonly string[]): RunOptions | 'help' {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        quick: { type: 'boolean' },
        only: { type: 'string' },
        mode: { type: 'string' },
        places: { type: 'string' },
        clients: { type: 'string' },
        senders: { type: 'string' },
        window: { type: 'string' },
        rate: { type: 'string' },
        warmup: { type: 'string' },
        duration: { type: 'string' },
        reps: { type: 'string' },
        idle: { type: 'string' },
        'no-resume': { type: 'boolean' },
        write: { type: 'boolean' },
        'no-write': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const quick = values.quick ?? false;
  return {
    quick,
    servers: serversOf(values.only),
    modes: listOf(values.mode ?? 'max,rate', '--mode').map((m) => {
      if (m !== 'max' && m !== 'rate') throw new UsageError(`--mode: "${m}" is neither max nor rate`);
      return m;
    }),
    places: listOf(values.places ?? '1,10', '--places').map((p) => whole(p, '--places', 1)),
    clients: whole(values.clients, '--clients', 2, quick ? 20 : DEFAULT_LOAD.clients),
    senders: whole(values.senders, '--senders', 1, quick ? 4 : DEFAULT_LOAD.senders),
    window: whole(values.window, '--window', 1, DEFAULT_LOAD.window),
    rate: whole(values.rate, '--rate', 1, quick ? 5_000 : DEFAULT_LOAD.rate),
    warmupS: seconds(values.warmup, '--warmup', quick ? 0.5 : DEFAULT_LOAD.warmupS),
    durationS: seconds(values.duration, '--duration', quick ? 1 : DEFAULT_LOAD.durationS),
    reps: whole(values.reps, '--reps', 1, quick ? 1 : 3),
    idle: whole(values.idle, '--idle', 0, quick ? 200 : 2_000),
    resume: !values['no-resume'],
    write: values['no-write'] ? false : (values.write ?? !quick),
  };
}

function serversOf(only: string | undefined): ServerName[] {
  if (only === undefined) return [...SERVER_NAMES];
  const wanted = listOf(only, '--only');
  const servers = SERVER_NAMES.filter((name) => wanted.some((w) => name.startsWith(w)));
  if (servers.length === 0) throw new UsageError(`--only: none of ${SERVER_NAMES.join(', ')} matches "${only}"`);
  return servers;
}

function listOf(value: string, flag: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError(`${flag} needs at least one value`);
  return items;
}

function whole(value: string | undefined, flag: string, min: number, fallback?: number): number {
  if (value === undefined) return fallback!;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${flag} must be a whole number ≥ ${min}, not "${value}"`);
  return Number(value);
}

function seconds(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0 && n <= 600)) throw new UsageError(`${flag} must be seconds between 0 and 600, not "${value}"`);
  return n;
}
