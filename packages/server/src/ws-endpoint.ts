import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, NAME_MAX_LENGTH, PROTOCOL_VERSION, SUBPROTOCOL } from '@itmchat/protocol';
import { encodePush } from './push.js';
import type { Chat } from './chat.js';
import { Connection } from './connection.js';
import type { Logger } from './logger.js';
import type { ServerOptions } from './options.js';
import { isOriginAllowed } from './origin-policy.js';
import { refuseUpgrade } from './refuse-upgrade.js';
import { SERVER_NAME } from './server-name.js';
import { AddressRates } from './address-rates.js';
import { addressKey, compileTrust, visitorAddress, type ProxyTrust } from './visitor-address.js';

type EndpointOptions = Pick<
  ServerOptions,
  | 'allowedOrigins'
  | 'heartbeatMs'
  | 'maxPayload'
  | 'maxBadFrames'
  | 'textMaxLength'
  | 'maxConnectionsPerIp'
  | 'trustProxy'
  | 'sayRate'
  | 'commandRate'
  | 'presenceRate'
  | 'presenceRatePerIp'
  | 'maxRateRefusals'
  | 'rateAbuseWindowMs'
  | 'maxBufferedBytes'
>;

/** The WebSocket side: handshake checks, one `Connection` per socket, heartbeat. */
export class WsEndpoint {
  readonly connections = new Set<Connection>();
  /** Open sockets and handshakes under way, per client IP, for the per-IP cap. */
  readonly #perIp = new Map<string, number>();
  readonly #wss: WebSocketServer;
  readonly #heartbeat: NodeJS.Timeout;
  /** The same greeting for every connection, encoded once. */
  readonly #hello: Buffer;
  readonly #trust: ProxyTrust;
  readonly #presenceByIp: AddressRates;

  constructor(
    readonly chat: Chat,
    readonly options: EndpointOptions,
    readonly log: Logger,
  ) {
    this.#trust = compileTrust(options.trustProxy);
    this.#presenceByIp = new AddressRates(options.presenceRatePerIp);
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayload,
      // Off, as ws defaults: chat frames are small, and deflating each costs ~10× the throughput
      // and ~16× the memory per connection (docs/benchmarks.md).
      perMessageDeflate: false,
      // Pick ours if offered. Otherwise echo the client's first choice only so the handshake
      // completes and #accept can close with UnsupportedProtocol: a client (browsers and ws alike)
      // fails a handshake whose subprotocol it did not offer, and then sees no reason at all.
      handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : ([...offered][0] ?? false)),
    });
    const connections = this.connections;
    const release = (ip: string) => this.#release(ip);
    this.#onClose = function () {
      const connection = connectionOf(this);
      connections.delete(connection);
      release(connection.ip);
      chat.detach(connection);
    };
    this.#hello = Buffer.from(
      encodePush('hello', {
        protocol: PROTOCOL_VERSION,
        server: SERVER_NAME,
        limits: {
          textMaxLength: options.textMaxLength,
          nameMaxLength: NAME_MAX_LENGTH,
          ...(options.sayRate.perSecond > 0 ? { sayRate: options.sayRate } : {}),
        },
      }),
    );
    this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs);
    this.#heartbeat.unref();
  }

  /** For the HTTP server's 'upgrade' event on the chat path. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!isOriginAllowed(request.headers.origin, request.headers.host, this.options.allowedOrigins)) {
      this.log('warn', 'origin_refused', { origin: request.headers.origin, ip: visitorAddress(request, this.#trust) });
      refuseUpgrade(socket, 403, 'Forbidden', 'origin not allowed\n');
      return;
    }
    const ip = addressKey(visitorAddress(request, this.#trust));
    const open = this.#perIp.get(ip) ?? 0;
    if (this.options.maxConnectionsPerIp > 0 && open >= this.options.maxConnectionsPerIp) {
      this.chat.metrics.connectionsRefused += 1;
      this.log('debug', 'ip_cap_refused', { ip, open });
      refuseUpgrade(socket, 429, 'Too Many Requests', 'too many connections from this address\n', { 'Retry-After': '10' });
      return;
    }
    // Counted from the handshake on, so a burst of upgrades cannot overshoot; released if it fails.
    this.#perIp.set(ip, open + 1);
    const failed = () => this.#release(ip);
    socket.once('close', failed);
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      socket.off('close', failed); // from here the socket's own close listener releases it
      this.#accept(ws, ip);
    });
  }

  #release(ip: string): void {
    const open = (this.#perIp.get(ip) ?? 1) - 1;
    if (open > 0) this.#perIp.set(ip, open);
    else this.#perIp.delete(ip);
  }

  /** Refuses new calls (SHUTTING_DOWN) and waits for the calls in flight to finish. */
  async drain(): Promise<void> {
    clearInterval(this.#heartbeat);
    for (const connection of this.connections) connection.drain();
    await Promise.all([...this.connections].map((c) => c.settled()));
  }

  /** Closes every socket with `code`. */
  async disconnect(code: number, reason: string): Promise<void> {
    for (const connection of this.connections) connection.close(code, reason);
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(ws: WebSocket, ip: string): void {
    if (ws.protocol !== SUBPROTOCOL) {
      ws.once('close', () => this.#release(ip));
      ws.close(CloseCode.UnsupportedProtocol, `this server speaks ${SUBPROTOCOL}`);
      return;
    }
    const connection = new Connection(ws, this.chat, this.options, this.log, ip, this.#presenceByIp);
    this.chat.metrics.connectionsOpened += 1;
    this.connections.add(connection);
    // Shared listeners that find their connection on the socket: no closures per connection
    // (thousands of idle visitors make every byte per socket count).
    (ws as SocketWithConnection)[CONNECTION] = connection;
    ws.on('pong', onPong);
    ws.on('message', onMessage);
    ws.on('error', this.#onError);
    ws.on('close', this.#onClose);
    connection.push(this.#hello);
  }

  readonly #onError = (error: Error) => this.log('debug', 'socket_error', { error: error.message });

  /** One listener for every socket's close; `this` is the socket. */
  readonly #onClose: (this: WebSocket) => void;

  #beat(): void {
    this.#presenceByIp.prune();
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}

const CONNECTION = Symbol('itmchat.connection');
type SocketWithConnection = WebSocket & { [CONNECTION]: Connection };

function connectionOf(socket: WebSocket): Connection {
  return (socket as SocketWithConnection)[CONNECTION];
}

function onPong(this: WebSocket): void {
  connectionOf(this).alive = true;
}

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  connectionOf(this).receive(data, isBinary);
}
