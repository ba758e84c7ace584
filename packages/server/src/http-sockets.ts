import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { addressKey, isTrustedPeer, type ProxyTrust } from './visitor-address.js';

/**
 * How long an HTTP server of our own waits for a request's headers, and for the whole request
 * (the chat takes no request bodies): a browser sends its headers at once, so 10 s is ample on
 * any link, and a client trickling them in (slowloris) is answered 408 and closed six times
 * sooner than with Node's 60 s. Idle keep-alive sockets close after Node's own 5 s.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** Node checks those timeouts every 30 s by default, so a 10 s one could take 40 s. */
export const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export interface HttpSocketCap {
  /** Sockets per address; 0: no cap. */
  readonly max: number;
  /** Proxies' sockets carry many visitors: they are not counted. */
  readonly trust: ProxyTrust;
  /** Told of each socket closed over the cap. */
  readonly refused: (address: string, open: number) => void;
}

/**
 * Caps the TCP sockets one peer address holds open on `server` that are not WebSockets: one
 * over the cap is closed as it connects, before a byte is read. A socket leaves the count when
 * it closes, or when it upgrades: from then on the WebSocket endpoint's own per-address cap
 * (`maxConnectionsPerIp`) counts it.
 */
export function capHttpSockets(server: Server, { max, trust, refused }: HttpSocketCap): void {
  if (max === 0) return;
  const open = new Map<string, number>();
  /** The address each counted socket was counted under (an upgraded one is no longer in it). */
  const counted = new WeakMap<Duplex, string>();
  const release = (socket: Duplex) => {
    const address = counted.get(socket);
    if (address === undefined) return;
    counted.delete(socket);
    const left = (open.get(address) ?? 1) - 1;
    if (left === 0) open.delete(address);
    else open.set(address, left);
  };
  server.on('connection', (socket: Socket) => {
    const peer = socket.remoteAddress;
    if (peer === undefined || isTrustedPeer(peer, trust)) return;
    const address = addressKey(peer);
    const count = open.get(address) ?? 0;
    if (count >= max) {
      refused(address, count);
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    counted.set(socket, address);
    socket.once('close', () => release(socket));
  });
  server.on('upgrade', (_request: IncomingMessage, socket: Duplex) => release(socket));
}
