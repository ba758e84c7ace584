import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { terminate } from './processes.js';

/** The built CLI, exactly as `npx itmchat-server` runs it (npm test builds it first). */
export const SERVER_BIN = fileURLToPath(new URL('../../packages/server/bin/itmchat-server.js', import.meta.url));

/** A server that ignores SIGTERM this long is killed, so a hung one cannot hang the suite. */
const STOP_TIMEOUT_MS = 10_000;

export interface CliServer {
  readonly child: ChildProcess;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly output: () => string;
  /** SIGTERM (SIGKILL if it lingers), then the exit code: null when it was killed. */
  stop(): Promise<number | null>;
}

/**
 * Starts the real server process on an ephemeral port; resolves once it says it is listening.
 * Rate limits are off unless `args` or the environment set them: the browser, cluster and crash
 * suites say far faster than a visitor may (flood.test.ts tests the limits on in-process servers).
 */
export function startCliServer(args: readonly string[]): Promise<CliServer> {
  const env = {
    ITMCHAT_SAY_RATE: '0',
    ITMCHAT_COMMAND_RATE: '0',
    ITMCHAT_PRESENCE_RATE: '0',
    ITMCHAT_PRESENCE_RATE_PER_IP: '0',
    ...process.env,
  };
  return startListening([SERVER_BIN, '--port', '0', ...args], /itmchat listening on (http:\/\/\S+)/, env);
}

/**
 * Runs `node <args>` and resolves once its stdout matches `listening` (whose first group is the
 * base URL); rejects with its output if it exits first.
 */
export async function startListening(args: readonly string[], listening: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<CliServer> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stderr.on('data', collect);
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      collect(chunk);
      const match = listening.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${output}`)));
  });
  return {
    child,
    url,
    output: () => output,
    async stop() {
      await terminate(child, STOP_TIMEOUT_MS);
      return child.exitCode;
    },
  };
}
