/** Reconnect delays: exponential from `baseMs` up to `maxMs`, with full jitter so a restarted server is not hit by every browser at once. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 15_000 };

/** Delay before reconnect attempt `attempt` (0 for the first retry); `random` returns [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  // Never below half the ceiling, so retries do spread out as attempts grow.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
