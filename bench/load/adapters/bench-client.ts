/** What the load generator needs of one connection, whatever the server's protocol. */
export interface BenchClient {
  /** Sends one chat line. `ts` is also in the text; protocols with a timestamp field carry it there too. */
  say(text: string, ts: number): void;
  /** Says sent that the server has not answered yet (0 for protocols without acks). */
  unanswered(): number;
  close(): void;
}

export interface ClientHandlers {
  /** One chat message delivered to this client (called once per message, even when a frame carries several). */
  onMessage(seq: number, text: string): void;
  /** One frame carrying chat messages arrived (before its onMessage calls), so batching shows. */
  onChatFrame(): void;
  /** Anything the protocol says went wrong: error replies, gaps, unexpected closes. Counted, never thrown. */
  onProblem(what: string): void;
}

export interface Identity {
  readonly nick: string;
  readonly place: string;
}

/** Opens a socket and joins `place`; resolves once the server confirmed the join. */
export type ConnectClient = (url: string, identity: Identity, handlers: ClientHandlers) => Promise<BenchClient>;

/** Client options shared by every adapter so the generator pays the same per frame whatever the server. */
export const WS_CLIENT_OPTIONS = { perMessageDeflate: false, skipUTF8Validation: true } as const;

export const CONNECT_TIMEOUT_MS = 10_000;
