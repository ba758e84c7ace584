// Socket.IO 4 with its defaults: rooms via socket.join, broadcast via socket.to(room).emit (which
// leaves the sender out). Engine.IO's perMessageDeflate defaults to false (off) since Socket.IO 3,
// and httpCompression only concerns HTTP long-polling, which the bench clients never use.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const seqs = new Map<string, number>();
const http = createServer();
const io = new Server(http);

io.on('connection', (socket) => {
  let room: string | null = null;
  socket.on('join', (name: unknown, ack?: unknown) => {
    if (typeof name !== 'string') return;
    if (room) void socket.leave(room);
    room = name;
    void socket.join(name);
    if (typeof ack === 'function') ack();
  });
  socket.on('say', (message: { text?: unknown; ts?: unknown }) => {
    if (!room || typeof message?.text !== 'string') return;
    const seq = (seqs.get(room) ?? 0) + 1;
    seqs.set(room, seq);
    socket.to(room).emit('say', { room, seq, ts: message.ts, text: message.text });
  });
});

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = http.address() as AddressInfo;
  process.stdout.write(`socketio listening on http://127.0.0.1:${port}\n`);
});

// The harness reads nothing after a stop: leave at once, open sockets and all.
process.once('SIGTERM', () => process.exit(0));
