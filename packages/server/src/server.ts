import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WS_PATH } from '@itmchat/protocol';
import {
  HEADERS_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  TIMEOUT_CHECK_INTERVAL_MS,
  capHttpSockets,
} from './http-sockets.js';
import { createItmchat, type Itmchat, type ItmchatDependencies } from './itmchat.js';
import { pathOf } from './path-of.js';
import { refuseUpgrade } from './refuse-upgrade.js';
import { jsonLogger } from './logger.js';
import { redactUrl } from './redact-url.js';
import type { ServerOptions } from './options.js';
import { resolveOptions } from './validate-options.js';
import { compileTrust } from './visitor-address.js';

export interface RunningServer extends Omit<Itmchat, 'handler' | 'attach' | 'ready'> {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly port: number;
  /** Stops taking connections and calls, lets calls in flight finish, flushes the store, then closes sockets with 1001. */
  close(): Promise<void>;
}

/**
 * The chat on an HTTP server of its own (what the CLI runs): `createItmchat` attached at `/ws`,
 * its handler for every request, listening on `port` and `host`, with short header and request
 * timeouts and at most `maxHttpSocketsPerIp` plain HTTP sockets per address (http-sockets.ts).
 */
export async function startServer(overrides: Partial<ServerOptions> = {}, dependencies: ItmchatDependencies = {}): Promise<RunningServer> {
  const options = resolveOptions(overrides);
  const log = dependencies.log ?? jsonLogger({ level: options.logLevel });
  const itmchat = createItmchat(options, { ...dependencies, log });
  await itmchat.ready();
  const http = createServer(
    {
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    (request, response) => itmchat.handler(request, response),
  );
  capHttpSockets(http, {
    max: options.maxHttpSocketsPerIp,
    trust: compileTrust(options.trustProxy),
    refused: (ip, open) => {
      itmchat.chat.metrics.httpSocketsRefused += 1;
      log('debug', 'http_cap_refused', { ip, open });
    },
  });
  itmchat.attach(http);
  // The chat is alone on this server: an upgrade to any other path has no one to answer it.
  http.on('upgrade', (request, socket) => {
    if (pathOf(request.url) !== WS_PATH) refuseUpgrade(socket, 404, 'Not Found');
  });
  await listen(http, options.port, options.host);
  const { port } = http.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  log(
    'info',
    'listening',
    options.redisUrl === undefined ? { url, dataFile: options.dataFile } : { url, redis: redactUrl(options.redisUrl) },
  );

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      http.close();
      await itmchat.close();
      http.closeAllConnections();
    })());
  return { url, port, options, chat: itmchat.chat, endpoint: itmchat.endpoint, close };
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
