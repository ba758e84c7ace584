import type { Duplex } from 'node:stream';

/** Answers a WebSocket upgrade with a plain HTTP refusal and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, body = '', headers: Record<string, string> = {}): void {
  const lines = [`HTTP/1.1 ${status} ${reason}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  if (body) lines.push('Content-Type: text/plain');
  lines.push('Connection: close', '', body);
  socket.end(lines.join('\r\n'));
}
