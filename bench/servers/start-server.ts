import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLES } from './build-servers.js';
import type { ServerName } from './server-names.js';

/** The built itmchat CLI, as `npx itmchat-server` runs it (`node scripts/build.mjs` first). */
export const ITMCHAT_BIN = fileURLToPath(new URL('../../packages/server/bin/itmchat-server.js', import.meta.url));
/** What the build writes and ITMCHAT_BIN loads. */
export const ITMCHAT_BUILD = fileURLToPath(new URL('../../packages/server/dist/cli.js', import.meta.url));

/**
 * The load generator is one IP saying far above a visitor's rate limits, and opening many sockets
 * at once (each is a plain HTTP socket until it upgrades): measure the server, not its limiter.
 */
const UNLIMITED = [
  ...['--say-rate', '0', '--command-rate', '0', '--presence-rate', '0', '--presence-rate-per-ip', '0'],
  ...['--max-connections-per-ip', '0', '--max-http-sockets', '0', '--max-sessions-per-ip', '0'],
];
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
/** Only the tail of a server's output is kept, for error messages. */
const OUTPUT_TAIL = 8_192;

export interface BenchServer {
  readonly name: ServerName;
  readonly pid: number;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Set once the process has exited, e.g. crashed under load. */
  exitCode(): number | null | undefined;
  output(): string;
  /** SIGTERM, SIGKILL if it lingers, then removes its temp files. */
  stop(): Promise<void>;
}

/** Starts a server under test as a child process on an ephemeral 127.0.0.1 port; `nodeArgs` go to node itself. */
export async function startBenchServer(
  name: ServerName,
  extraArgs: readonly string[] = [],
  nodeArgs: readonly string[] = [],
): Promise<BenchServer> {
  let dataDir: string | null = null;
  let args: string[];
  if (name === 'bare-ws' || name === 'socketio') {
    args = [BUNDLES[name], ...extraArgs];
  } else if (name === 'itmchat-memory') {
    args = [ITMCHAT_BIN, '--port', '0', '--host', '127.0.0.1', '--data', ':memory:', ...UNLIMITED, ...extraArgs];
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'itmchat-bench-'));
    args = [ITMCHAT_BIN, '--port', '0', '--host', '127.0.0.1', '--data', join(dataDir, 'bench.db'), ...UNLIMITED, ...extraArgs];
  }
  const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: '0' } });
  let output = '';
  let exit: number | null | undefined;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL);
  };
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = code ?? (signal ? -1 : null);
      resolve();
    }),
  );
  const cleanUp = () => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms: ${output}`)), START_TIMEOUT_MS);
      child.stdout.on('data', (chunk: Buffer) => {
        collect(chunk);
        const match = /listening on (http:\/\/[^\s()]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      void exited.then(() => reject(new Error(`${name} exited with ${exit} before listening: ${output}`)));
    });
    return {
      name,
      pid: child.pid!,
      url,
      exitCode: () => exit,
      output: () => output,
      async stop() {
        if (exit === undefined) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        }
        cleanUp();
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    cleanUp();
    throw error;
  }
}
