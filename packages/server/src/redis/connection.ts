/**
 * How every itmchat connection to Redis behaves when Redis fails. The client never queues commands
 * while disconnected, does not retry nor resend a command whose connection dropped, and gives up
 * on a reply after `timeoutMs`. So while Redis is down every call rejects at once (the chat answers
 * STORE_UNAVAILABLE); meanwhile the client reconnects by itself and calls work again once Redis is
 * back. A timed-out write may still have happened: callers acknowledge nothing, and a retry with
 * the same cid finds the original. Only the very first connection is waited for (at most
 * `timeoutMs`), so a store, directory or place bus can be used right after it is constructed.
 */

/** Longest wait for a reply, and for the first connection. Calls fail at once while Redis is known to be down. */
export const DEFAULT_REDIS_TIMEOUT_MS = 1_000;
/** Reconnect backoff: 50 ms more per attempt, capped here. */
const RECONNECT_MAX_DELAY_MS = 500;

/** ioredis options for one itmchat connection, named `connectionName` (CLIENT LIST shows it). */
export function failFastOptions(connectionName: string, timeoutMs: number) {
  return {
    connectionName,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    retryStrategy: (attempt: number) => Math.min(attempt * 50, RECONNECT_MAX_DELAY_MS),
  };
}
