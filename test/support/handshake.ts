import WebSocket from 'ws';
import { SUBPROTOCOL } from '@itmchat/protocol';

/** The HTTP status of a WebSocket handshake sent as a browser page would: 101 when accepted. */
export function handshake(url: string, headers: { host: string; origin: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, SUBPROTOCOL, { origin: headers.origin, headers: { host: headers.host } });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (request, response) => {
      resolve(response.statusCode ?? 0);
      request.destroy(); // ws leaves ending a refused handshake to this listener
    });
    socket.once('error', reject);
  });
}
