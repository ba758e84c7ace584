import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, sleep, terminate } from './processes.js';

/** The sample site operators install (docs/deployment.md); the tests run this very file. */
export const SAMPLE_SITE = fileURLToPath(new URL('../../deploy/nginx/itmchat.conf', import.meta.url));

/**
 * The binary: Debian puts it in /usr/sbin, which is not on a normal user's PATH. CI installs
 * Debian's nginx when it is missing (scripts/ensure-system.sh).
 */
const NGINX = process.env['ITMCHAT_NGINX'] || (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');
const START_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 3_000;
const PORT_ATTEMPTS = 5;

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface TestNginx {
  readonly port: number;
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** What nginx wrote to its error log so far (warnings and worse). */
  readonly errors: () => string;
  /**
   * SIGTERM (nginx's fast stop; SIGQUIT would wait for every WebSocket to end), SIGKILL if it
   * lingers; removes its folder. Harmless when already stopped.
   */
  stop(): Promise<void>;
}

/**
 * The sample site with only its addresses changed: nginx listens on `listen` (host:port) and
 * proxies to `upstream` (host:port). Fails if the sample no longer has the lines replaced, so
 * the test never silently runs something else than what operators install.
 */
export function renderSampleSite(listen: string, upstream: string): string {
  const replacements: [string, string][] = [
    ['    listen 80;\n', `    listen ${listen};\n`],
    ['    server 127.0.0.1:8080;\n', `    server ${upstream};\n`],
  ];
  let site = readFileSync(SAMPLE_SITE, 'utf8');
  for (const [from, to] of replacements) {
    const count = site.split(from).length - 1;
    if (count !== 1) throw new Error(`${SAMPLE_SITE}: expected the line ${JSON.stringify(from)} once, found it ${count} times`);
    site = site.replace(from, to);
  }
  return site;
}

/**
 * Runs nginx in the foreground on a free loopback port with `site(listen)` as its only site,
 * everything it writes (pid, logs, temp files) in a folder of its own; resolves once it accepts
 * connections.
 */
export async function startNginx(site: (listen: string) => string): Promise<TestNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'itmchat-nginx-'));
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      writeFileSync(join(dir, 'itmchat.conf'), site(`127.0.0.1:${port}`));
      writeFileSync(join(dir, 'nginx.conf'), mainConfig(dir));
      const child = await launch(dir, port);
      return {
        port,
        url: `http://127.0.0.1:${port}`,
        errors: () => readLog(join(dir, 'error.log')),
        async stop() {
          await terminate(child, STOP_TIMEOUT_MS);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      // Another process may have taken the port between probing and binding it.
      if (attempt >= PORT_ATTEMPTS || !/Address already in use/.test(String(error))) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

/** The smallest nginx.conf around the site, included in http { } as Debian's includes sites-enabled/*. */
function mainConfig(dir: string): string {
  // One process (no master and workers), so stopping it by its pid leaves nothing behind.
  return `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/itmchat.conf;
}
`;
}

async function launch(dir: string, port: number): Promise<ChildProcess> {
  // -e: the log of the start itself, before nginx has read error_log from the configuration.
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const state: { exited: boolean; spawnError: Error | null } = { exited: false, spawnError: null };
  child.once('error', (error) => (state.spawnError = error));
  running.add(child);
  child.once('exit', () => {
    state.exited = true;
    running.delete(child);
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (state.spawnError) {
      throw new Error(
        `cannot run ${NGINX} (${state.spawnError.message}): install Debian's nginx (scripts/ensure-system.sh does) or set ITMCHAT_NGINX`,
      );
    }
    if (state.exited) throw new Error(`nginx exited at start: ${(output + readLog(join(dir, 'error.log'))).trim()}`);
    if (await accepts(port)) return child;
    await sleep(20);
  }
  await terminate(child, STOP_TIMEOUT_MS);
  throw new Error(`nginx did not accept connections on port ${port} within ${START_TIMEOUT_MS} ms: ${output.trim()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function readLog(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
