import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { SUBPROTOCOL, encode, type CallFrame, type ServerApi, type ServerMethod } from '@itmchat/protocol';

/** An attacker's socket: sends calls, never reads a byte of what the server sends. */
export interface NonReadingSocket {
  send<M extends ServerMethod>(method: M, params: ServerApi[M]['params']): void;
  close(): void;
}

let nextId = 1;

/** Opens a WebSocket and stops reading at once (its TCP socket is paused): the kernel buffers fill, then the server's. */
export function openNonReading(wsUrl: string, localAddress?: string): Promise<NonReadingSocket> {
  const socket = new WebSocket(wsUrl, SUBPROTOCOL, localAddress ? { localAddress } : {});
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('open', () => {
      (socket as unknown as { _socket: Socket })._socket.pause();
      socket.off('error', reject);
      socket.on('error', () => {}); // the server may drop it: that is its right
      resolve({
        send: <M extends ServerMethod>(method: M, params: ServerApi[M]['params']) => {
          const frame: CallFrame<M> = { type: 'call', id: nextId++, method, params };
          socket.send(encode(frame));
        },
        close: () => socket.terminate(),
      });
    });
  });
}

/** A reading client that fills a place with `count` says of `text`, in windows, and waits for every one. */
export async function fillPlace(
  wsUrl: string,
  place: string,
  count: number,
  text: string,
  localAddress?: string,
): Promise<{ epoch: string }> {
  const socket = new WebSocket(wsUrl, SUBPROTOCOL, localAddress ? { localAddress } : {});
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const replies = new Map<number, (frame: { type: string; result?: unknown; error?: unknown }) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; id?: number };
    if (frame.type !== 'push' && frame.id !== undefined) replies.get(frame.id)?.(frame);
  });
  const call = (method: string, params: object) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      replies.set(
        id,
        (frame) => (replies.delete(id), frame.type === 'result' ? resolve(frame.result) : reject(new Error(JSON.stringify(frame.error)))),
      );
      socket.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  try {
    const joined = (await call('identify', { nick: `filler${nextId}`, place })) as { place: { epoch: string } };
    for (let said = 0; said < count;) {
      const window = Math.min(100, count - said);
      await Promise.all(Array.from({ length: window }, () => call('say', { text, cid: `fill-${++said}` })));
    }
    await call('leave', {});
    return { epoch: joined.place.epoch };
  } finally {
    socket.terminate();
  }
}
