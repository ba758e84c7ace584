import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloseCode } from '@itmchat/protocol';
import { Chat } from './chat.js';
import { createHttpRoutes } from './http-routes.js';
import { jsonLogger, type Logger } from './logger.js';
import { resolveOptions, type ServerOptions } from './options.js';
import type { Backplane } from './backplane/backplane.js';
import { LocalBackplane } from './backplane/local-backplane.js';
import { RedisBackplane } from './backplane/redis-backplane.js';
import { MemoryStore } from './store/memory-store.js';
import { RedisStore } from './store/redis-store.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { ChatStore } from './store/store.js';
import { WsEndpoint } from './ws-endpoint.js';

export const WS_PATH = '/ws';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly port: number;
  readonly chat: Chat;
  readonly endpoint: WsEndpoint;
  /** Stops taking connections and calls, lets calls in flight finish, flushes the store, then closes sockets with 1001. */
  close(): Promise<void>;
}

export function openStore(options: Pick<ServerOptions, 'dataFile' | 'historyLimit' | 'redisUrl' | 'redisPrefix'>): ChatStore {
  if (options.redisUrl !== undefined) return new RedisStore({ url: options.redisUrl, historyLimit: options.historyLimit, prefix: options.redisPrefix });
  return options.dataFile === ':memory:'
    ? new MemoryStore({ historyLimit: options.historyLimit })
    : new SqliteStore({ file: options.dataFile, historyLimit: options.historyLimit });
}

/** With Redis this node is one of a cluster; otherwise the process is the whole chat. */
export function openBackplane(options: ServerOptions, store: ChatStore, log: Logger): Backplane {
  if (options.redisUrl === undefined) return new LocalBackplane();
  return new RedisBackplane({
    url: options.redisUrl,
    prefix: options.redisPrefix,
    nodeTtlMs: options.nodeTtlMs,
    graceMs: options.graceMs,
    store,
    log,
  });
}

/** Starts the chat on one port: HTTP routes and the WebSocket endpoint at /ws. The store is opened from the options unless given. */
export async function startServer(
  overrides: Partial<ServerOptions> = {},
  { log = jsonLogger(), store: givenStore }: { readonly log?: Logger; readonly store?: ChatStore } = {},
): Promise<RunningServer> {
  const options = resolveOptions(overrides);
  const store = givenStore ?? openStore(options);
  const backplane = openBackplane(options, store, log);
  const chat = new Chat(store, options, Date.now, backplane);
  await backplane.started();
  const endpoint = new WsEndpoint(chat, options, log);
  const http = createServer(
    createHttpRoutes(
      options.staticRoots,
      () => {
        const trouble = backplane.trouble();
        return { healthy: trouble === null, connections: endpoint.connections.size, ...(trouble ? { redis: 'down', detail: trouble } : {}) };
      },
      () => chat.metrics.render(chat, endpoint.connections.size),
    ),
  );
  http.on('upgrade', (request, socket, head) => {
    if ((request.url ?? '').split('?')[0] === WS_PATH) return endpoint.upgrade(request, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  await listen(http, options.port, options.host);
  const { port } = http.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  log('info', 'listening', options.redisUrl === undefined ? { url, dataFile: options.dataFile } : { url, redis: redactUrl(options.redisUrl) });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      http.close();
      await endpoint.drain();
      chat.shutdown();
      await backplane.close();
      await store.close();
      await endpoint.disconnect(CloseCode.GoingAway, 'server restarting');
      http.closeAllConnections();
      log('info', 'stopped');
    })());
  return { url, port, chat, endpoint, close };
}

/** The Redis URL without its password, for logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://(unparsable)';
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
