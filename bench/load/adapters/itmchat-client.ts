import { SUBPROTOCOL, encode, type ChatMessage } from '@itmchat/protocol';
import type { ConnectClient } from './bench-client.js';
import { openSocket } from './open-socket.js';

const IDENTIFY_ID = 1;

type Frame =
  | { readonly type: 'push'; readonly method: string; readonly params: { readonly messages?: readonly ChatMessage[] } }
  | { readonly type: 'result'; readonly id: number }
  | { readonly type: 'error'; readonly id: number | null; readonly error: { readonly code: string } };

/**
 * Client of the itmchat server: identify, then say with a fresh id and cid each time. Frames
 * are read with JSON.parse, not the protocol's validating decoder, so the generator pays no more
 * per frame than for the other servers (the test suite checks the frames' shape).
 */
export const connectItmchat: ConnectClient = async (url, { nick, place }, handlers) => {
  let nextId = IDENTIFY_ID + 1;
  let unanswered = 0;
  const socket = await openSocket(`${url.replace(/^http/, 'ws')}/ws`, SUBPROTOCOL, handlers, {
    onOpen: (ws) => ws.send(encode({ type: 'call', id: IDENTIFY_ID, method: 'identify', params: { nick, place } })),
    onText(_ws, text, join) {
      const frame = JSON.parse(text) as Frame;
      if (frame.type === 'push') {
        if (frame.method === 'userSay') {
          handlers.onChatFrame();
          for (const m of frame.params.messages ?? []) handlers.onMessage(m.seq, m.text);
        } else if (frame.method === 'gap') handlers.onProblem('gap');
      } else if (frame.id === IDENTIFY_ID) {
        if (frame.type === 'result') join.joined();
        else join.refused(frame.error.code);
      } else {
        unanswered -= 1;
        if (frame.type === 'error') handlers.onProblem(`say refused: ${frame.error.code}`);
      }
    },
  });
  return {
    say(text) {
      const id = nextId++;
      unanswered += 1;
      socket.send(encode({ type: 'call', id, method: 'say', params: { text, cid: `${nick}.${id}` } }));
    },
    unanswered: () => unanswered,
    close: () => socket.close(),
  };
};
