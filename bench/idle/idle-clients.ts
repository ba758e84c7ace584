// A child process holding idle clients for bench/idle/idle-memory.ts, so the sockets' descriptors
// are spread over processes under `ulimit -n`. Config in argv[2]; sends 'ready' (or the error)
// over IPC; closes everything and exits on 'close', when the parent goes, or after LIFETIME_MS.
import { CONNECT } from '../load/adapters/connect-client.js';
import type { BenchClient } from '../load/adapters/bench-client.js';
import { runLimited } from '../load/run-limited.js';
import type { ClientKind } from '../servers/server-names.js';

export interface IdleClientsConfig {
  readonly kind: ClientKind;
  readonly url: string;
  /** Index of this process's first client; clients are numbered across processes. */
  readonly first: number;
  readonly count: number;
  readonly membersPerPlace: number;
}

export type IdleClientsReport = { readonly ready: true; readonly problems: number } | { readonly ready: false; readonly error: string };

const LIFETIME_MS = 10 * 60_000;
const CONCURRENCY = 64;

const config = JSON.parse(process.argv[2] ?? '{}') as IdleClientsConfig;
const clients: BenchClient[] = [];
let problems = 0;
const handlers = { onMessage() {}, onChatFrame() {}, onProblem: () => (problems += 1) };
const connect = CONNECT[config.kind];

const quit = () => {
  for (const client of clients) client.close();
  setTimeout(() => process.exit(0), 200).unref();
};
process.on('message', (message) => message === 'close' && quit());
process.on('disconnect', quit);
setTimeout(quit, LIFETIME_MS).unref();

const indices = Array.from({ length: config.count }, (_, i) => config.first + i);
runLimited(indices, CONCURRENCY, async (i) => {
  const place = `idle${Math.floor(i / config.membersPerPlace)}`;
  clients.push(await connect(config.url, { nick: `i${i}`, place }, handlers));
}).then(
  () => process.send!({ ready: true, problems } satisfies IdleClientsReport),
  (error: unknown) => process.send!({ ready: false, error: String(error) } satisfies IdleClientsReport),
);
