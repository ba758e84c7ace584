import type { ConnectClient } from './bench-client.js';
import { openSocket } from './open-socket.js';

// Engine.IO v4 / Socket.IO v5 over a bare `ws` client, WebSocket transport from the first byte
// (what socket.io-client does with `transports: ['websocket']`). Using `ws` directly, as for the
// other servers, keeps the generator's cost per frame the same whatever the server; socket.io-client
// would add its own parser and emitter to the side that shares the CPU with the server.
// Engine.IO packets: 0 open, 2 ping, 3 pong, 4 message. Socket.IO packets (after the 4): 0 connect,
// 2 event, 3 ack, 4 connect error. `420[...]` is an event with ack id 0, answered by `430[...]`.

/** Client of bench/servers/socketio.ts: emit('join', room, ack); emit('say', {text, ts}); on('say', {seq, text}). */
export const connectSocketIo: ConnectClient = async (url, { place }, handlers) => {
  const wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const socket = await openSocket(wsUrl, undefined, handlers, {
    onOpen: () => {},
    onText(ws, text, join) {
      switch (text[0]) {
        case '0': // Engine.IO open: connect to the main namespace
          ws.send('40');
          return;
        case '2': // Engine.IO ping
          ws.send('3');
          return;
        case '4':
          break;
        default:
          return;
      }
      switch (text[1]) {
        case '0': // namespace connected
          ws.send(`420${JSON.stringify(['join', place])}`);
          return;
        case '3': // the join's ack
          join.joined();
          return;
        case '2': {
          const [event, message] = JSON.parse(text.slice(2)) as [string, { seq: number; text: string }];
          if (event !== 'say') return;
          handlers.onChatFrame();
          handlers.onMessage(message.seq, message.text);
          return;
        }
        case '4':
          join.refused(`connect error ${text.slice(2)}`);
          return;
      }
    },
  });
  return {
    say: (text, ts) => socket.send(`42${JSON.stringify(['say', { text, ts }])}`),
    unanswered: () => 0,
    close: () => socket.close(),
  };
};
