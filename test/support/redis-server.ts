import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep, terminate } from './processes.js';

/**
 * A throw-away redis-server on loopback. By default without persistence: stopping it loses
 * everything. `persistent`: an append-only file fsynced on every write, in a temp folder, so a
 * restart keeps every write Redis acknowledged (the folder goes with the test process).
 */
export interface TestRedis {
  readonly url: string;
  /** Stops the server (SIGTERM, SIGKILL if it lingers). Harmless when already stopped. */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port (empty unless persistent), answering PING before this resolves. */
  restart(): Promise<void>;
}

/** The binary; CI installs Debian's redis-server when it is missing (scripts/ensure-system.sh). */
const REDIS_SERVER = process.env['ITMCHAT_REDIS_SERVER'] || 'redis-server';
const START_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 3_000;
const PING_INTERVAL_MS = 20;
const PORT_ATTEMPTS = 5;

const running = new Set<ChildProcess>();
/** Data folders of persistent servers, removed with the test process. */
const folders = new Set<string>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Starts redis-server on a free loopback port and waits until it answers PING. */
export async function startRedisServer(options: { readonly persistent?: boolean } = {}): Promise<TestRedis> {
  const dir = options.persistent ? mkdtempSync(join(tmpdir(), 'itmchat-redis-')) : null;
  if (dir) folders.add(dir);
  const persistence = dir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir] : ['--appendonly', 'no'];
  let child: ChildProcess | null = null;
  let port = 0;
  for (let attempt = 1; !child; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, persistence);
    } catch (error) {
      // Another process may have taken the port between probing and binding it.
      if (attempt >= PORT_ATTEMPTS) throw error;
    }
  }
  let current: ChildProcess | null = child;
  const stop = async (): Promise<void> => {
    const stopping = current;
    current = null;
    if (stopping) await terminate(stopping, STOP_TIMEOUT_MS);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      current = await launch(port, persistence);
    },
  };
}

async function launch(port: number, persistence: readonly string[]): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--loglevel', 'warning', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-2_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const state: { exited: boolean; spawnError: Error | null } = { exited: false, spawnError: null };
  child.once('error', (error) => {
    state.spawnError = error;
  });
  child.once('exit', () => {
    state.exited = true;
    running.delete(child);
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (state.spawnError) throw new Error(`cannot run ${REDIS_SERVER}: ${state.spawnError.message}`);
    if (state.exited) throw new Error(`redis-server on port ${port} exited at start: ${output.trim()}`);
    if (await answersPing(port)) return child;
    await sleep(PING_INTERVAL_MS);
  }
  await terminate(child, STOP_TIMEOUT_MS);
  throw new Error(`redis-server on port ${port} did not answer PING within ${START_TIMEOUT_MS} ms: ${output.trim()}`);
}

/** One PING on a fresh socket; false on refusal, error, or no +PONG within a short wait. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), 500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });
}
