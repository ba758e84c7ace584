import type { BridgeApi, BridgeEvent, ChatMessage, CommandResult, OlderPage, Snapshot, WorkerCommandResult } from '@itmchat/protocol';

export type EventOf<T extends BridgeEvent['type']> = Extract<BridgeEvent, { type: T }>;
export type Listener<T extends BridgeEvent['type']> = (event: EventOf<T>) => void;

/**
 * What the page sees of the chat, whatever carries it (SharedWorker, or a leader tab in the
 * fallback). The UI layer depends on this interface only, so it can be tested with a fake.
 */
export interface ChatClient {
  /** The latest complete picture; kept current as events arrive. */
  readonly snapshot: Snapshot;
  on<T extends BridgeEvent['type']>(type: T, listener: Listener<T>): () => void;
  join(nick: string): Promise<Snapshot>;
  say(text: string): Promise<ChatMessage>;
  command(line: string): Promise<CommandResult | WorkerCommandResult>;
  leave(): Promise<BridgeApi['leave']['result']>;
  /** Older messages of `place` before number `before`: from the browser's storage, else the server. */
  older(place: string, before: number): Promise<OlderPage>;
  /** The visitor is typing (privately to `to`): a hint for the others, sent on at most every few seconds. */
  typing(to?: string): Promise<BridgeApi['typing']['result']>;
}
