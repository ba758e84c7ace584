// The ceiling baseline: a plain `ws` chat as a developer would write it in an afternoon.
// {"join":"room"} → {"joined":"room"}; {"say":"text","ts":n} → {"room","seq","ts","text"} to every
// other member of the room, stringified once per message. No store, no acks for says, no checks.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

interface Room {
  seq: number;
  readonly members: Set<WebSocket>;
}

const rooms = new Map<string, Room>();
// perMessageDeflate is off by default in `ws`; spelled out because the comparison depends on it.
const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0), perMessageDeflate: false });

wss.on('connection', (ws) => {
  let joined: { name: string; room: Room } | null = null;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { join?: unknown; say?: unknown; ts?: unknown };
    if (typeof frame.join === 'string') {
      if (joined) joined.room.members.delete(ws);
      let room = rooms.get(frame.join);
      if (!room) rooms.set(frame.join, (room = { seq: 0, members: new Set() }));
      room.members.add(ws);
      joined = { name: frame.join, room };
      ws.send(JSON.stringify({ joined: frame.join }));
    } else if (typeof frame.say === 'string' && joined) {
      const room = joined.room;
      room.seq += 1;
      const out = JSON.stringify({ room: joined.name, seq: room.seq, ts: frame.ts, text: frame.say });
      for (const member of room.members) if (member !== ws) member.send(out);
    }
  });
  ws.on('close', () => joined?.room.members.delete(ws));
  ws.on('error', () => {});
});

wss.on('listening', () => {
  const { port } = wss.address() as AddressInfo;
  process.stdout.write(`bare-ws listening on http://127.0.0.1:${port}\n`);
});

// The harness reads nothing after a stop: leave at once, open sockets and all.
process.once('SIGTERM', () => process.exit(0));
