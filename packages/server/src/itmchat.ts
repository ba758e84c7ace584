import { existsSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CloseCode, WS_PATH } from '@itmchat/protocol';
import { localCluster } from './backplane/local-cluster.js';
import type { Cluster } from './backplane/place-bus.js';
import { RedisDirectory } from './backplane/redis-directory.js';
import { RedisLink } from './backplane/redis-link.js';
import { RedisPlaceBus } from './backplane/redis-place-bus.js';
import { Chat } from './chat.js';
import { startRetentionSweep } from './place-retention.js';
import { createHttpRoutes } from './http-routes.js';
import { BUNDLES_PATH } from './security-headers.js';
import { pathOf } from './path-of.js';
import { refuseUpgrade } from './refuse-upgrade.js';
import { topLevelOnly, withoutSourceMaps, type StaticRoot } from './static-site.js';
import { jsonLogger, type Logger } from './logger.js';
import { metricsAccess } from './metrics-access.js';
import type { ServerOptions } from './options.js';
import { resolveOptions } from './validate-options.js';
import { MemoryStore } from './store/memory-store.js';
import { RedisStore } from './store/redis-store.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { ChatStore } from './store/store.js';
import { WsEndpoint } from './ws-endpoint.js';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void) => void;

/** The chat, ready to be mounted on an HTTP server the application already runs. */
export interface Itmchat {
  readonly options: ServerOptions;
  readonly chat: Chat;
  readonly endpoint: WsEndpoint;
  /**
   * Serves the chat's own HTTP paths: the browser bundles under `/itmchat/`, `/healthz`,
   * `/readyz`, `/metrics`, then the `staticRoots` folders. Anything else goes to `next` (as an
   * Express or Connect middleware), or is answered 404 when there is no `next`.
   */
  readonly handler: RequestHandler;
  /**
   * Takes the WebSocket upgrades for `path` (default `/ws`) on an HTTP server, sharing its port,
   * and answers them 503 once closed. Upgrades for other paths are left to the server's other listeners.
   */
  attach(server: Server, options?: { readonly path?: string }): void;
  /** Resolves once the store and, in a cluster, Redis are reachable (or after a bounded wait: it keeps trying). */
  ready(): Promise<void>;
  /**
   * Graceful stop: new calls are refused, calls in flight finish, the store is flushed, then
   * the chat's sockets close with 1001 so clients resume elsewhere. The HTTP server is the caller's.
   */
  close(): Promise<void>;
}

export interface ItmchatDependencies {
  readonly log?: Logger;
  /** A store of your own instead of the one the options name. */
  readonly store?: ChatStore;
}

/**
 * Creates the chat. Options are checked at once: an unknown or invalid one throws, naming it.
 * Nothing listens until `attach` (or `startServer`, which runs its own HTTP server).
 */
export function createItmchat(
  overrides: Partial<ServerOptions> = {},
  { log: givenLog, store: givenStore }: ItmchatDependencies = {},
): Itmchat {
  const options = resolveOptions(overrides);
  const log = givenLog ?? jsonLogger({ level: options.logLevel });
  const store = givenStore ?? openStore(options);
  const cluster = openCluster(options, store, log);
  const { directory, bus } = cluster;
  const chat = new Chat(store, options, Date.now, cluster);
  const endpoint = new WsEndpoint(chat, options, log);
  let closing: Promise<void> | null = null;
  let stopSweep = () => {};
  // A single node takes back the sessions its store kept (a restart; a cluster's live in Redis),
  // and only then sweeps old places: never one a kept session is about to be in again.
  const started = directory.started().then(async () => {
    await chat.restoreSessions();
    if (closing) return;
    stopSweep = startRetentionSweep({ store, retentionMs: options.placeRetentionMs, occupied: () => chat.occupiedPlaces(), log });
  });

  const handler = createHttpRoutes({
    staticRoots: staticRoots(options),
    health: () => {
      const trouble = directory.trouble();
      return { connections: endpoint.connections.size, ...(trouble ? { redis: 'down', detail: trouble } : {}) };
    },
    readiness: async () => {
      if (closing) return 'shutting down';
      const trouble = directory.trouble();
      if (trouble) return trouble;
      try {
        await store.check();
        return null;
      } catch (error) {
        return `store: ${(error as Error).message}`;
      }
    },
    metrics: () => chat.metrics.render([...chat.sessions()], endpoint.connections.size, options.metricsNicks),
    metricsAccess: metricsAccess(options),
  });

  return {
    options,
    chat,
    endpoint,
    handler,
    attach(server, { path = WS_PATH } = {}) {
      server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (pathOf(request.url) !== path) return;
        // Once closed, say so: an upgrade nobody answers would hang until the client gives up.
        if (closing) refuseUpgrade(socket, 503, 'Service Unavailable');
        else endpoint.upgrade(request, socket, head);
      });
    },
    ready: () => started,
    close: () =>
      (closing ??= (async () => {
        await endpoint.drain();
        stopSweep();
        chat.shutdown();
        await bus.close();
        await directory.close();
        await store.close();
        await endpoint.disconnect(CloseCode.GoingAway, 'server restarting');
        log('info', 'stopped');
      })()),
  };
}

export function openStore(
  options: Pick<ServerOptions, 'dataFile' | 'historyLimit' | 'redisUrl' | 'redisPrefix' | 'placeRetentionMs'>,
): ChatStore {
  if (options.redisUrl !== undefined) {
    const { redisUrl: url, historyLimit, redisPrefix: prefix, placeRetentionMs: retentionMs } = options;
    return new RedisStore({ url, historyLimit, prefix, retentionMs });
  }
  return options.dataFile === ':memory:'
    ? new MemoryStore({ historyLimit: options.historyLimit })
    : new SqliteStore({ file: options.dataFile, historyLimit: options.historyLimit });
}

/** With Redis this node is one of a cluster; otherwise the process is the whole chat. */
function openCluster(options: ServerOptions, store: ChatStore, log: Logger): Cluster {
  if (options.redisUrl === undefined) return localCluster();
  const link = new RedisLink({ url: options.redisUrl, prefix: options.redisPrefix, log });
  return {
    directory: new RedisDirectory(link, { nodeTtlMs: options.nodeTtlMs, graceMs: options.graceMs }),
    bus: new RedisPlaceBus(link, store),
  };
}

/** The bundles (without their source maps unless `sourceMaps`), then the operator's folders. */
function staticRoots(options: Pick<ServerOptions, 'staticRoots' | 'sourceMaps'>): StaticRoot[] {
  return [
    { prefix: BUNDLES_PATH, dir: bundlesDir(), ...(options.sourceMaps ? {} : { serves: withoutSourceMaps }) },
    ...options.staticRoots.map(({ prefix, dir, subfolders }) => ({
      prefix,
      dir,
      ...(subfolders === false ? { serves: topLevelOnly } : {}),
    })),
  ];
}

/**
 * The browser bundles the build writes into the package's dist/public: beside this module once
 * built (dist/index.js, dist/cli.js), one folder over when it runs from its TypeScript source.
 */
function bundlesDir(): string {
  const built = fileURLToPath(new URL('./public', import.meta.url));
  return existsSync(built) ? built : fileURLToPath(new URL('../dist/public', import.meta.url));
}
