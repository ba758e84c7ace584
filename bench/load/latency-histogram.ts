/** Buckets grow by 1% from 1 µs, so any quantile is within 1% of the true value; bounded memory whatever the count. */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
/** 1 µs … ~100 s. */
const BUCKETS = Math.ceil(Math.log(1e8) / LOG_GROWTH) + 1;

export class LatencyHistogram {
  readonly #counts = new Float64Array(BUCKETS);
  #count = 0;
  #max = 0;

  record(ms: number): void {
    const us = Math.max(1, ms * 1000);
    const bucket = Math.min(BUCKETS - 1, Math.floor(Math.log(us) / LOG_GROWTH));
    this.#counts[bucket]! += 1;
    this.#count += 1;
    if (ms > this.#max) this.#max = ms;
  }

  get count(): number {
    return this.#count;
  }

  get max(): number {
    return this.#max;
  }

  /** The q-quantile in ms (q in 0…1), or NaN when nothing was recorded. */
  quantile(q: number): number {
    if (this.#count === 0) return Number.NaN;
    const rank = Math.ceil(q * this.#count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i += 1) {
      seen += this.#counts[i]!;
      if (seen >= rank) return Math.min(this.#max, GROWTH ** (i + 0.5) / 1000);
    }
    return this.#max;
  }
}
