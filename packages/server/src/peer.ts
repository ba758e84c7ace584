import { CloseCode } from '@itmchat/protocol';
import type { FrameData } from './push.js';
import type { Session } from './session.js';

/** What the chat logic needs of one client connection; `Connection` is the WebSocket one. */
export interface Peer {
  /** The visitor joined on this connection, if any. */
  session: Session | null;
  /** The visitor's address (see visitor-address.ts), for the per-address bounds. */
  readonly ip: string;
  /** Sends an encoded push, or queues it while a catch-up is pending. */
  push(data: FrameData): void;
  /**
   * Holds live pushes from now on; once the current call's reply is out, sends the frames
   * `produce` yields (a backlog), each once the one before has left, then the held pushes. So a
   * visitor entering a place gets reply, backlog and live messages in number order, however long
   * the backlog takes, and a visitor who does not read holds one frame of it in the server.
   */
  catchUp(produce: () => AsyncIterable<string>): void;
  /** Sends a frame now; resolves once it has left the server's buffers, or the connection is gone. */
  sendPaced(text: string): Promise<void>;
  close(code: number, reason: string): void;
}

/** The session went on on another connection (here or on another node): this one is closed with 4003. */
export function closeReplaced(peer: Peer): void {
  peer.session = null;
  peer.close(CloseCode.SessionReplaced, 'session resumed on another connection');
}
