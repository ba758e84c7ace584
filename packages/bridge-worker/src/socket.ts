/** The one server socket, as the bridge needs it. The browser's WebSocket is adapted to this in the glue; tests pass a fake. */
export interface ChatSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onopen: (() => void) | null;
  onmessage: ((text: string) => void) | null;
  /** Called once, whether the socket closed cleanly, failed to open, or broke. */
  onclose: ((code: number, reason: string) => void) | null;
}

export type OpenSocket = (url: string, protocol: string) => ChatSocket;

/** Adapts a browser (or `ws`) WebSocket. */
export function adaptWebSocket(socket: WebSocket): ChatSocket {
  const adapted: ChatSocket = {
    send: (text) => socket.send(text),
    close: (code, reason) => socket.close(code, reason),
    onopen: null,
    onmessage: null,
    onclose: null,
  };
  socket.onopen = () => adapted.onopen?.();
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') adapted.onmessage?.(event.data);
  };
  socket.onclose = (event) => adapted.onclose?.(event.code, event.reason);
  return adapted;
}
