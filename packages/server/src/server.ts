import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloseCode } from '@itmchat/protocol';
import { Chat } from './chat.js';
import { createHttpRoutes } from './http-routes.js';
import { jsonLogger, type Logger } from './logger.js';
import { resolveOptions, type ServerOptions } from './options.js';
import { MemoryStore } from './store/memory-store.js';
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

export function openStore(options: Pick<ServerOptions, 'dataFile' | 'historyLimit'>): ChatStore {
  return options.dataFile === ':memory:'
    ? new MemoryStore({ historyLimit: options.historyLimit })
    : new SqliteStore({ file: options.dataFile, historyLimit: options.historyLimit });
}

/** Starts the chat on one port: HTTP routes and the WebSocket endpoint at /ws. The store is opened from the options unless given. */
export async function startServer(
  overrides: Partial<ServerOptions> = {},
  { log = jsonLogger(), store: givenStore }: { readonly log?: Logger; readonly store?: ChatStore } = {},
): Promise<RunningServer> {
  const options = resolveOptions(overrides);
  const store = givenStore ?? openStore(options);
  const chat = new Chat(store, options);
  const endpoint = new WsEndpoint(chat, options, log);
  const http = createServer(
    createHttpRoutes(
      options.staticRoots,
      () => ({ connections: endpoint.connections.size }),
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
  log('info', 'listening', { url, dataFile: options.dataFile });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      http.close();
      await endpoint.drain();
      chat.shutdown();
      await store.close();
      await endpoint.disconnect(CloseCode.GoingAway, 'server restarting');
      http.closeAllConnections();
      log('info', 'stopped');
    })());
  return { url, port, chat, endpoint, close };
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
