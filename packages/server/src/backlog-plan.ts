import type { Gap, Position } from '@itmchat/protocol';

export interface BacklogLimits {
  /** Messages retained per place. */
  readonly historyLimit: number;
  /** Messages sent to a visitor who holds none of the place. */
  readonly joinBacklog: number;
}

export interface BacklogPlan {
  /** Set when the client cannot get everything after its position. */
  readonly gap: Pick<Gap, 'reason' | 'missed'> | null;
  /** Numbers to send, inclusive; empty when `from > to`. */
  readonly from: number;
  readonly to: number;
}

/**
 * What a visitor entering a place must be sent, given what they hold. Pure: the heart of
 * "nothing lost, nothing sent twice". `head` is the newest number already broadcast, so
 * everything after it reaches the visitor live.
 */
export function planBacklog(place: Position, held: Position | undefined, limits: BacklogLimits): BacklogPlan {
  const oldestRetained = oldestKept(place.seq, limits.historyLimit);
  const fresh = { from: Math.max(oldestRetained, place.seq - limits.joinBacklog + 1), to: place.seq };
  if (!held) return { gap: null, ...fresh };
  // Another epoch, or numbers from the future: the client's copy of this place is void.
  if (held.epoch !== place.epoch || held.seq > place.seq) return { gap: { reason: 'epoch', missed: null }, ...fresh };
  const from = held.seq + 1;
  if (from >= oldestRetained) return { gap: null, from, to: place.seq };
  return { gap: { reason: 'trimmed', missed: { from, to: oldestRetained - 1 } }, from: oldestRetained, to: place.seq };
}

/** The oldest number a place whose newest is `head` keeps (retention counts messages); 1 when it holds none yet. */
export function oldestKept(head: number, historyLimit: number): number {
  return Math.max(1, head - historyLimit + 1);
}

/**
 * The gap to send once the backlog is read, given the first number the store returned (or
 * `plan.to + 1` when none): a store may trim between planning and reading (Redis trims on every
 * append), and a client must then be told which numbers it will never get, not left to guess.
 */
export function gapAfterRead(plan: BacklogPlan, firstRead: number): BacklogPlan['gap'] {
  if (firstRead <= plan.from || plan.from > plan.to || plan.gap?.reason === 'epoch') return plan.gap;
  return { reason: 'trimmed', missed: { from: plan.gap?.missed?.from ?? plan.from, to: firstRead - 1 } };
}
