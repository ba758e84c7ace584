import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { DEFAULT_LOG_LIMIT } from './place-log.js';

export interface BridgeOptions {
  /** With no page attached for this long, the worker closes its socket, so presence stays honest. */
  readonly idleCloseMs: number;
  /** A page silent (no ping, no call) for this long is taken as gone. Pages ping every `PAGE_PING_MS`. */
  readonly pageTimeoutMs: number;
  readonly backoff: BackoffPolicy;
  /** Messages kept per place in the browser. */
  readonly logLimit: number;
  /** Wait before resending a line the server could not store (STORE_UNAVAILABLE). */
  readonly storeRetryMs: number;
}

export const DEFAULT_BRIDGE_OPTIONS: BridgeOptions = {
  idleCloseMs: 30_000,
  pageTimeoutMs: 75_000,
  backoff: DEFAULT_BACKOFF,
  logLimit: DEFAULT_LOG_LIMIT,
  storeRetryMs: 2_000,
};
