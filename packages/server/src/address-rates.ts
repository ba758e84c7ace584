import { TokenBucket, type Rate } from './token-bucket.js';

/**
 * One token bucket per visitor address, shared by all of that address's sockets: a per-socket
 * bucket alone is reset by reconnecting. A bucket back at its burst is forgotten on `prune` (a new
 * one would be the same), so the map holds only the addresses active within one refill time.
 */
export class AddressRates {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(
    readonly rate: Rate,
    readonly now: () => number = Date.now,
  ) {}

  take(address: string): boolean {
    if (this.rate.perSecond <= 0) return true;
    let bucket = this.#buckets.get(address);
    if (!bucket) this.#buckets.set(address, (bucket = new TokenBucket(this.rate, this.now)));
    return bucket.take();
  }

  /** How long until `take(address)` would succeed (ms); 0 when it would now. */
  msUntilToken(address: string): number {
    return this.#buckets.get(address)?.msUntilToken() ?? 0;
  }

  prune(): void {
    for (const [address, bucket] of this.#buckets) if (bucket.full()) this.#buckets.delete(address);
  }

  get size(): number {
    return this.#buckets.size;
  }
}
