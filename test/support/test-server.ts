import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, startServer, type ChatStore, type Logger, type RunningServer, type ServerOptions } from '@itmchat/server';
import { afterRun } from './leak-check.js';
import { startRedisServer, type TestRedis } from './redis-server.js';
import { TestClient } from './test-client.js';

/**
 * Every store the single-node suites run against, so behaviour is the same by construction.
 * `redis` is a one-node cluster (RedisStore, RedisDirectory and RedisPlaceBus) on a throw-away redis-server.
 */
export const STORES = ['memory', 'sqlite', 'redis'] as const;
export type StoreKind = (typeof STORES)[number];

export interface TestServer extends RunningServer {
  readonly wsUrl: string;
  /** A client connected with the protocol's subprotocol. */
  client(): Promise<TestClient>;
  /** A client joined as `nick` (in `place` if given), its hello and backlog received. */
  joined(nick: string, place?: string): Promise<TestClient>;
}

const dirs: string[] = [];

/** One redis-server for the whole run, started on first use and stopped at the run's end. */
let sharedRedis: Promise<TestRedis> | null = null;
let redisServers = 0;

/** Options for a server on the run's redis-server, under a key prefix no other server used. */
export async function redisOptions(): Promise<Pick<ServerOptions, 'redisUrl' | 'redisPrefix'>> {
  if (!sharedRedis) {
    const starting = startRedisServer();
    sharedRedis = starting;
    afterRun(() =>
      starting.then(
        (redis) => redis.stop(),
        () => undefined,
      ),
    );
  }
  const redis = await sharedRedis;
  return { redisUrl: redis.url, redisPrefix: `itmchat-test-${process.pid}-${++redisServers}:` };
}

/** A fresh data file in a temp folder removed by `removeTempFiles`. */
export function tempDataFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'itmchat-test-'));
  dirs.push(dir);
  return join(dir, 'chat.db');
}

export function removeTempFiles(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Rate limits off: suites pipeline says as fast as they like. Tests of the limits themselves
 * (flood.test.ts) turn them back on through `overrides`.
 */
export const NO_RATE_LIMITS: Pick<ServerOptions, 'sayRate' | 'commandRate' | 'presenceRate' | 'presenceRatePerIp'> = {
  sayRate: { perSecond: 0, burst: 0 },
  commandRate: { perSecond: 0, burst: 0 },
  presenceRate: { perSecond: 0, burst: 0 },
  presenceRatePerIp: { perSecond: 0, burst: 0 },
};

/** Starts the real server on 127.0.0.1 and an ephemeral port, with a store of that kind or the one given. */
export async function startTestServer(
  store: StoreKind | ChatStore,
  overrides: Partial<ServerOptions> = {},
  { log = silentLogger }: { readonly log?: Logger } = {},
): Promise<TestServer> {
  const dataFile = overrides.dataFile ?? (store === 'sqlite' ? tempDataFile() : ':memory:');
  const redis = store === 'redis' ? await redisOptions() : {};
  const server = await startServer(
    { port: 0, host: '127.0.0.1', ...NO_RATE_LIMITS, ...redis, ...overrides, dataFile },
    { log, ...(typeof store === 'string' ? {} : { store }) },
  );
  const wsUrl = `${server.url.replace(/^http/, 'ws')}/ws`;
  const client = () => TestClient.connect(wsUrl);
  const joined = async (nick: string, place?: string) => {
    const c = await client();
    await c.call('identify', place ? { nick, place } : { nick });
    return c;
  };
  return { ...server, close: server.close, wsUrl, client, joined };
}

/**
 * For a suite whose tests each start their own server: call it inside the `describe`. The server a
 * test starts (again after a restart) and the clients it keeps in `clients` are closed after each test,
 * and the temp files removed.
 */
export function serverPerTest(): {
  readonly clients: TestClient[];
  start(store: StoreKind, overrides?: Partial<ServerOptions>): Promise<TestServer>;
  /** Closes the clients and the server now (a restart); the next `start` opens a new one. */
  stop(): Promise<void>;
} {
  const clients: TestClient[] = [];
  let server: TestServer | null = null;
  const stop = async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.close();
    server = null;
  };
  afterEach(async () => {
    await stop();
    removeTempFiles();
  });
  return {
    clients,
    async start(store, overrides = {}) {
      server = await startTestServer(store, overrides);
      return server;
    },
    stop,
  };
}
