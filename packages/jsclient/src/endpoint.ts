import type { PageMessage, WorkerMessage } from '@itmchat/protocol';

/** The page's end of the bridge, whatever carries it. */
export interface BridgeEndpoint {
  post(message: PageMessage): void;
  onmessage: ((message: WorkerMessage) => void) | null;
  /** The bridge behind this endpoint was replaced (a new leader tab): say hello again. */
  onreset: (() => void) | null;
  close(): void;
}
