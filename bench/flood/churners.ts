import WebSocket from 'ws';
import { SUBPROTOCOL } from '@itmchat/protocol';

/** One attacker loop: a reading socket that runs `step` over and over, reconnecting whenever the server drops it. */
export interface Churner {
  /** Calls made, and how many the server refused (any error reply). */
  readonly counts: { calls: number; refused: number; reconnects: number };
  stop(): Promise<void>;
}

type Call = (method: string, params: object) => Promise<unknown>;
/** One round of an attack, on a socket; `round` counts up, for fresh names. */
export type ChurnStep = (call: Call, round: number, socket: WebSocket) => Promise<void>;

let nextId = 1;

/** Runs `step` in a loop on one socket at a time until stopped; a dropped socket is replaced. */
export function startChurner(wsUrl: string, step: ChurnStep, localAddress?: string): Churner {
  const counts = { calls: 0, refused: 0, reconnects: 0 };
  let stopped = false;
  let socket: WebSocket | null = null;
  const loop = (async () => {
    for (let round = 0; !stopped;) {
      const ws = new WebSocket(wsUrl, SUBPROTOCOL, localAddress ? { localAddress } : {});
      socket = ws;
      const replies = new Map<number, (ok: boolean) => void>();
      const opened = await new Promise<boolean>((resolve) => {
        ws.once('open', () => resolve(true));
        ws.once('error', () => resolve(false));
      });
      ws.on('error', () => {});
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { type: string; id?: number };
        if (frame.type !== 'push' && frame.id !== undefined) replies.get(frame.id)?.(frame.type === 'result');
      });
      ws.on('close', () => {
        for (const settle of replies.values()) settle(false);
      });
      const call: Call = (method, params) =>
        new Promise((resolve) => {
          const id = nextId++;
          counts.calls += 1;
          replies.set(id, (ok) => {
            replies.delete(id);
            if (!ok) counts.refused += 1;
            resolve(ok);
          });
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'call', id, method, params }));
          else replies.get(id)?.(false);
        });
      while (opened && !stopped && ws.readyState === ws.OPEN) await step(call, round++, ws);
      ws.terminate();
      counts.reconnects += 1;
      if (!opened) await new Promise((resolve) => setTimeout(resolve, 50)); // refused (the address's cap): back off a little
    }
  })();
  return {
    counts,
    async stop() {
      stopped = true;
      socket?.terminate();
      await loop;
    },
  };
}

/** Moves back and forth between two places as fast as the server answers. */
export const presenceChurn: ChurnStep = async (call, round) => {
  if (round === 0) await call('identify', { nick: `flapper${nextId}`, place: 'hall' });
  await call('goto', { place: round % 2 === 0 ? 'side' : 'hall' });
};

/** Joins under a new nick, then drops the socket: each round leaves a session in its grace period. */
export const graceChurn: ChurnStep = async (call, round, socket) => {
  await call('identify', { nick: `ghost${round}x${nextId}`, place: `den${round % 50}` });
  socket.terminate();
};

/** Makes a new place with each -goto, and says a line in some, so they have history. */
export const placeCreation: ChurnStep = async (call, round) => {
  if (round === 0) await call('identify', { nick: `maker${nextId}`, place: 'hall' });
  await call('command', { line: `-goto made${nextId}` });
  if (round % 10 === 0) await call('say', { text: 'x', cid: `made-${nextId}` });
};

/** An honest visitor of the flooded place, talking at its say rate: its lines are what the non-readers hold. */
export const talker: ChurnStep = async (call, round) => {
  if (round === 0) await call('identify', { nick: 'talker', place: 'hall' });
  await call('say', { text: '€'.repeat(2_000), cid: `talk-${round}` });
  await new Promise((resolve) => setTimeout(resolve, 100));
};
