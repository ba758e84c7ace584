import type { ConnectClient } from './bench-client.js';
import { openSocket } from './open-socket.js';

interface BareFrame {
  readonly joined?: string;
  readonly seq?: number;
  readonly text?: string;
}

/** Client of bench/servers/bare-ws.ts: {"join"} → {"joined"}; {"say","ts"} out; {"seq","text"} in. */
export const connectBareWs: ConnectClient = async (url, { place }, handlers) => {
  const socket = await openSocket(url.replace(/^http/, 'ws'), undefined, handlers, {
    onOpen: (ws) => ws.send(JSON.stringify({ join: place })),
    onText(_ws, text, join) {
      const frame = JSON.parse(text) as BareFrame;
      if (frame.joined !== undefined) join.joined();
      else if (typeof frame.seq === 'number' && typeof frame.text === 'string') {
        handlers.onChatFrame();
        handlers.onMessage(frame.seq, frame.text);
      }
    },
  });
  return {
    say: (text, ts) => socket.send(JSON.stringify({ say: text, ts })),
    unanswered: () => 0,
    close: () => socket.close(),
  };
};
