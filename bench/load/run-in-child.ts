import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBenchServer } from '../servers/start-server.js';
import { DRAIN_LIMIT_MS, type LoadConfig } from './load-config.js';
import type { LoadResult } from './load-result.js';

const LOAD_MAIN = fileURLToPath(new URL('./load-main.ts', import.meta.url));
/** Connecting, closing and start-up on top of warm-up + duration + drain. */
const WATCHDOG_SLACK_MS = 60_000;

export type LoadRecord =
  | ({ readonly kind: 'load'; readonly rep: number; readonly serverExit: string | null } & LoadResult)
  | {
      readonly kind: 'load';
      readonly rep: number;
      readonly server: LoadConfig['server'];
      readonly mode: LoadConfig['mode'];
      readonly places: number;
      readonly error: string;
    };

type ChildReply = { ok: true; result: LoadResult } | { ok: false; error: string };

/** One run: a fresh server child, a fresh generator child; never throws, a failure is a record with `error`. */
export async function runLoadInChild(config: Omit<LoadConfig, 'url' | 'pid'>, rep: number): Promise<LoadRecord> {
  const failed = (error: string): LoadRecord => ({
    kind: 'load',
    rep,
    server: config.server,
    mode: config.mode,
    places: config.places,
    error,
  });
  let server;
  try {
    server = await startBenchServer(config.server);
  } catch (error) {
    return failed(String(error));
  }
  try {
    const full: LoadConfig = { ...config, url: server.url, pid: server.pid };
    const generator = fork(LOAD_MAIN, [JSON.stringify(full)], {
      execArgv: ['--conditions=@itmchat/source', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const limit = (config.warmupS + config.durationS) * 1000 + DRAIN_LIMIT_MS + WATCHDOG_SLACK_MS;
    const reply = await new Promise<ChildReply>((resolve) => {
      const watchdog = setTimeout(() => {
        generator.kill('SIGKILL');
        resolve({ ok: false, error: `generator still running after ${limit} ms` });
      }, limit);
      generator.once('message', (message) => {
        clearTimeout(watchdog);
        resolve(message as ChildReply);
      });
      generator.once('exit', (code) => {
        clearTimeout(watchdog);
        resolve({ ok: false, error: `generator exited with ${code} and no result` });
      });
    });
    if (!reply.ok) return failed(reply.error);
    const exit = server.exitCode();
    return {
      kind: 'load',
      rep,
      ...reply.result,
      serverExit: exit === undefined ? null : `exited with ${exit}: ${server.output().slice(-500)}`,
    };
  } finally {
    await server.stop();
  }
}
