import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The built CLI, exactly as `npx itmchat-server` runs it (npm test builds it first). */
export const SERVER_BIN = fileURLToPath(new URL('../../packages/server/bin/itmchat-server.js', import.meta.url));

export interface CliServer {
  readonly child: ChildProcess;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly output: () => string;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the real server process on an ephemeral port; resolves once it says it is listening. */
export function startCliServer(args: readonly string[]): Promise<CliServer> {
  return startListening([SERVER_BIN, '--port', '0', ...args], /itmchat listening on (http:\/\/\S+)/);
}

/**
 * Runs `node <args>` and resolves once its stdout matches `listening` (whose first group is the
 * base URL); rejects with its output if it exits first.
 */
export async function startListening(args: readonly string[], listening: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<CliServer> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stderr!.on('data', collect);
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
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
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode; // already gone (or killed)
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
