import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloseCode } from '@itmchat/protocol';
import { TestClient } from './support/test-client.js';

/**
 * The packages as a release publishes them: `npm pack` of @itmchat/protocol and @itmchat/server
 * (built by `npm test` first), installed together into an empty folder as a stranger would, then
 * `npx itmchat-server`, the library entry and its type declarations, each used from there.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const PACKED = ['protocol', 'server'] as const;

interface Packed {
  readonly filename: string;
  readonly size: number;
  readonly files: readonly { readonly path: string }[];
}

/**
 * npm as a user runs it: none of the npm_* variables `npm test` passes down (one names this
 * repository as the local prefix) but the cache the run was given (an empty one in CI, so the
 * install here is cold too), and better-sqlite3 built against the Node headers installed here
 * rather than downloaded ones.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const cache = process.env['npm_config_cache'];
  return { ...env, ...(cache ? { npm_config_cache: cache } : {}), ...nodeHeaders(), npm_config_fund: 'false', npm_config_audit: 'false' };
}

/** As scripts/ensure-deps.sh does: the machine's Node headers for better-sqlite3, when it has them. */
function nodeHeaders(): NodeJS.ProcessEnv {
  if (process.env.npm_config_nodedir) return { npm_config_nodedir: process.env.npm_config_nodedir };
  return existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {};
}

/**
 * Child processes of this file still running, each in a process group of its own (npm starts
 * node-gyp, make and the compiler under it): `after` ends them, whatever happened, before it
 * removes the folder they work in.
 */
const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Runs `command` to the end; a non-zero exit, or still running after `timeout` ms, is an error carrying its output. */
async function run(command: string, args: readonly string[], cwd: string, timeout = 60_000): Promise<string> {
  const child = spawn(command, args, { cwd, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-64_000)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, timeout);
  try {
    const [code, signal] = (await Promise.race([
      once(child, 'close'),
      once(child, 'error').then(([error]) => Promise.reject(error as Error)),
    ])) as [number | null, string | null];
    if (code === 0) return stdout;
    const how = timedOut ? `was still running after ${timeout / 1000} s` : signal ? `was killed by ${signal}` : `exited with ${code}`;
    throw new Error(`${command} ${args.join(' ')} ${how} in ${cwd}\n${stdout}\n${stderr}`);
  } finally {
    clearTimeout(timer);
    running.delete(child);
  }
}

/** `promise`, or a clear failure after `ms` (rather than the test's five-minute timeout). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/**
 * npm install compiles better-sqlite3 from source: about a minute on two idle cores, several with
 * a cold npm cache (everything downloaded) on a machine busy with other work. The install gets
 * INSTALL_TIMEOUT_MS and fails with its own output past that; the hook's timeout is above it.
 */
const INSTALL_TIMEOUT_MS = 15 * 60_000;

describe('the published packages (npm pack, installed into an empty folder)', function () {
  this.timeout(INSTALL_TIMEOUT_MS + 60_000);

  let temp: string;
  let app: string;
  const packed = new Map<(typeof PACKED)[number], Packed>();

  before(async () => {
    for (const name of PACKED) {
      const built = join(ROOT, 'packages', name, 'dist/index.js');
      if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build (npm test does) first`);
    }
    temp = mkdtempSync(join(tmpdir(), 'itmchat-pack-'));
    app = join(temp, 'app');
    mkdirSync(app);
    for (const name of PACKED) {
      const json = await run('npm', ['pack', '--json', '--pack-destination', temp], join(ROOT, 'packages', name));
      const [result] = JSON.parse(json) as Packed[];
      packed.set(name, result!);
    }
    // npm 11 runs no dependency's install script unless allowed: better-sqlite3 builds its addon in one.
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'itmchat-install-check', private: true, type: 'module', allowScripts: { 'better-sqlite3': true } }, null, 2),
    );
    const started = performance.now();
    await run(
      'npm',
      ['install', '--prefer-offline', ...PACKED.map((name) => join(temp, packed.get(name)!.filename))],
      app,
      INSTALL_TIMEOUT_MS,
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `      npm pack: ${PACKED.map((name) => `@itmchat/${name} ${kilobytes(packed.get(name)!.size)} (${packed.get(name)!.files.length} files)`).join(', ')}; ` +
        `npm install of both into an empty folder: ${seconds.toFixed(0)} s`,
    );
  });

  after(async () => {
    // Whatever happened (a timed-out test, an install still compiling): end them before removing the folder.
    await Promise.all(
      [...running].map((child) => {
        const closed = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'close');
        killGroup(child);
        return closed;
      }),
    );
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('each tarball holds its README, package.json, dist/ (JS and declarations) and bin/, no sources, tests or node_modules', () => {
    for (const name of PACKED) {
      const files = packed.get(name)!.files.map((file) => file.path);
      expect(files, name).to.include.members(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']);
      const stray = files.filter((file) => !/^(package\.json|README\.md|LICENSE|dist\/.+|bin\/[^/]+\.js)$/.test(file));
      expect(stray, `${name}: files outside the whitelist`).to.deep.equal([]);
      expect(
        files.filter((file) => /(^|\/)(src|test|node_modules)\/|\.ts$(?<!\.d\.ts)|tsconfig/.test(file)),
        name,
      ).to.deep.equal([]);
    }
    const server = packed.get('server')!.files.map((file) => file.path);
    expect(server).to.include.members([
      'bin/itmchat-server.js',
      'dist/cli.js',
      'dist/public/itmchat.js',
      'dist/public/itmchat-worker.js',
      'dist/public/itmchat.css',
    ]);
  });

  it('npx itmchat-server runs from the folder: /healthz, the embed script and a chat', async () => {
    const child: ChildProcess = spawn(
      'npx',
      ['--no-install', 'itmchat-server', '--port', '0', '--host', '127.0.0.1', '--data', join(temp, 'chat.db')],
      {
        cwd: app,
        env: npmEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // its own process group: npx → sh → node
      },
    );
    running.add(child); // the group is killed in `after` whatever happens
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening" line within 30 s: ${output}`)), 30_000);
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /itmchat listening on (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`npx itmchat-server exited with ${code}: ${output}`)));
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).to.equal(200);
    expect(await health.json()).to.include({ status: 'ok' });
    const script = await fetch(`${url}/itmchat/itmchat.js`);
    expect(script.status).to.equal(200);
    expect(script.headers.get('content-type')).to.match(/javascript/);
    expect((await script.text()).length).to.be.greaterThan(1000);

    const ana = await TestClient.connect(`${url.replace('http', 'ws')}/ws`);
    const joined = await ana.call('identify', { nick: 'ana' });
    expect(joined.place.name).to.equal('lobby');
    expect((await ana.call('say', { text: 'installed from a tarball', cid: '1' })).seq).to.equal(1);

    // As a terminal's Ctrl-C or a supervisor does: the signal to the whole group (npx, its sh
    // and the server). The server closes sockets with 1001 and exits; the pipes it inherited
    // from npx close with it.
    process.kill(-child.pid!, 'SIGTERM');
    expect((await within(ana.closed, 10_000, 'the socket to close')).code).to.equal(CloseCode.GoingAway);
    await within(once(child, 'close'), 10_000, 'the server to exit');
  });

  it('the library entry imports with plain node and serves its own bundles', async () => {
    const script = `
      import * as itmchat from '@itmchat/server';
      import { SUBPROTOCOL } from '@itmchat/protocol';
      const server = await itmchat.startServer({ port: 0, host: '127.0.0.1', dataFile: ':memory:' }, { log: itmchat.silentLogger });
      const health = (await fetch(server.url + '/healthz')).status;
      const bundle = (await fetch(server.url + '/itmchat/itmchat.js')).status;
      await server.close();
      console.log(JSON.stringify({ exports: Object.keys(itmchat).sort(), health, bundle, SUBPROTOCOL }));
    `;
    const result = JSON.parse(await run(process.execPath, ['--input-type=module', '-e', script], app)) as {
      exports: string[];
      health: number;
      bundle: number;
      SUBPROTOCOL: string;
    };
    expect(result.exports).to.include.members(['startServer', 'Chat', 'SqliteStore', 'MemoryStore', 'jsonLogger']);
    expect(result).to.include({ health: 200, bundle: 200, SUBPROTOCOL: 'itmchat.v1' });
  });

  it('the type declarations resolve under nodenext, with no skipLibCheck', async () => {
    writeFileSync(
      join(app, 'check.ts'),
      [
        "import { startServer, type RunningServer, type ServerOptions } from '@itmchat/server';",
        "import { SUBPROTOCOL, type ChatMessage } from '@itmchat/protocol';",
        "const options: Partial<ServerOptions> = { port: 0, host: '127.0.0.1' };",
        'const server: RunningServer = await startServer(options);',
        'const url: string = server.url;',
        'const protocol: string = SUBPROTOCOL;',
        '// @ts-expect-error: a port is a number (were the declarations missing, everything would be any and this line an error)',
        "await startServer({ port: 'eighty' });",
        'await server.close();',
        'export type Line = ChatMessage;',
        'export { url, protocol };',
        '',
      ].join('\n'),
    );
    // The consumer's @types/node (a Node library's users have it); everything else from the folder.
    await run(
      TSC,
      [
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--types',
        'node',
        '--typeRoots',
        join(ROOT, 'node_modules/@types'),
        'check.ts',
      ],
      app,
    );
  });
});
