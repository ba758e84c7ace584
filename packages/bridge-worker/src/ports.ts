import type { WorkerMessage } from '@itmchat/protocol';

/** One page's end of the bridge, as the worker sees it: a MessagePort, or a BroadcastChannel relay in the fallback. */
export interface PagePort {
  post(message: WorkerMessage): void;
  /** Stops listening to this page for good. */
  close(): void;
}
