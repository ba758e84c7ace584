import type { Timers } from './timers.js';

export interface SayRate {
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * Tokens held back from the server's burst: a say sent here reaches the server a moment later,
 * and two sent apart can arrive together; the margin absorbs that so pacing never meets the limit.
 */
const BURST_MARGIN = 2;

/**
 * The server's say limit (announced in `hello`) mirrored on this side: a token bucket on the
 * bridge's clock, so says leave no faster than the server takes them. Unlimited until told.
 */
export class SayPacer {
  #rate: SayRate | null = null;
  #tokens = 0;
  #at = 0;

  constructor(private readonly timers: Pick<Timers, 'now'>) {}

  /** A new link's limit (its bucket starts full, as the server's does); undefined: says are not limited. */
  set(rate: SayRate | undefined): void {
    this.#rate = rate ? { perSecond: rate.perSecond, burst: Math.max(1, rate.burst - BURST_MARGIN) } : null;
    this.#tokens = this.#rate?.burst ?? 0;
    this.#at = this.timers.now();
  }

  /** How long until a say may go (ms); 0: now. */
  wait(): number {
    if (!this.#rate) return 0;
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.#rate.perSecond) * 1000);
  }

  /** A say went. */
  take(): void {
    if (this.#rate) this.#tokens -= 1;
  }

  /** The server refused one anyway (another client of this visitor, a changed limit): start again below empty, keeping the margin. */
  empty(): void {
    this.#refill();
    this.#tokens = Math.min(this.#tokens, 0) - BURST_MARGIN;
  }

  #refill(): void {
    const now = this.timers.now();
    if (this.#rate) this.#tokens = Math.min(this.#rate.burst, this.#tokens + ((now - this.#at) / 1000) * this.#rate.perSecond);
    this.#at = now;
  }
}
