/** A rate: `perSecond` sustained, up to `burst` at once. `perSecond` 0 means no limit. */
export interface Rate {
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * A token bucket: starts full with `burst` tokens, refills at `perSecond`, and each `take` spends one.
 * Pure apart from the clock, which is injected for tests.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly rate: Rate,
    readonly now: () => number = Date.now,
  ) {
    this.#tokens = rate.burst;
    this.#at = now();
  }

  /** Spends a token if there is one; false means over the rate. */
  take(): boolean {
    if (this.rate.perSecond <= 0) return true;
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** How long until `take` would succeed (ms, rounded up); 0 when it would now. */
  msUntilToken(): number {
    if (this.rate.perSecond <= 0) return 0;
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.rate.perSecond) * 1000);
  }

  /** Back at its burst: as if never used. */
  full(): boolean {
    this.#refill();
    return this.#tokens >= this.rate.burst;
  }

  #refill(): void {
    const now = this.now();
    this.#tokens = Math.min(this.rate.burst, this.#tokens + ((now - this.#at) / 1000) * this.rate.perSecond);
    this.#at = now;
  }
}
