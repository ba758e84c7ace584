import WebSocket from 'ws';
import { CONNECT_TIMEOUT_MS, WS_CLIENT_OPTIONS, type ClientHandlers } from './bench-client.js';

/** How one protocol joins: what to send on open, and how to read each text frame. */
export interface JoinSteps {
  onOpen(socket: WebSocket): void;
  /** Called for every text frame; settles the join through `join` once the server answered it. */
  onText(socket: WebSocket, text: string, join: JoinOutcome): void;
}

export interface JoinOutcome {
  joined(): void;
  refused(reason: string): void;
}

/** Opens a `ws` client and runs `steps`; settles once joined, or fails on error, close or timeout before that. */
export function openSocket(url: string, protocol: string | undefined, handlers: ClientHandlers, steps: JoinSteps): Promise<WebSocket> {
  const socket = new WebSocket(url, protocol, WS_CLIENT_OPTIONS);
  return new Promise((resolve, reject) => {
    let isJoined = false;
    const timer = setTimeout(() => fail(new Error(`no join within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.terminate();
      reject(error);
    };
    const join: JoinOutcome = {
      joined() {
        if (isJoined) return;
        isJoined = true;
        clearTimeout(timer);
        resolve(socket);
      },
      refused: (reason) => fail(new Error(`join refused: ${reason}`)),
    };
    socket.once('open', () => steps.onOpen(socket));
    socket.on('message', (data) => steps.onText(socket, data.toString(), join));
    socket.on('error', (error) => (isJoined ? handlers.onProblem(`socket error: ${error.message}`) : fail(error)));
    socket.once('close', (code) => {
      if (!isJoined) fail(new Error(`closed with ${code} before joining`));
      else if (code !== 1000 && code !== 1005) handlers.onProblem(`closed with ${code}`);
    });
  });
}
