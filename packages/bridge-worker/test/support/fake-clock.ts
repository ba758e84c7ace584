import type { Timers } from '../../src/timers.js';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * A clock that only moves when the test says so. A class with `this`-using methods on
 * purpose: the code under test must not assume the Timers it gets are free functions.
 */
export class FakeClock implements Timers {
  #now = 0;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  /** What random() returns; tests set it to pin the jitter. */
  randomValue = 0.5;
  randomCalls = 0;

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#pending.set(id, { id, at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.#pending.delete(handle);
  }

  random(): number {
    this.randomCalls++;
    return this.randomValue;
  }

  /** Timers still to fire. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Delays (from now) of the timers still to fire, soonest first. */
  get pendingDelays(): number[] {
    return [...this.#pending.values()].map((p) => p.at - this.#now).sort((a, b) => a - b);
  }

  /** Moves time forward, firing every timer due on the way, in time order (then creation order). */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.#pending.values())
        if (p.at <= end && (!next || p.at < next.at || (p.at === next.at && p.id < next.id))) next = p;
      if (!next) break;
      this.#pending.delete(next.id);
      this.#now = next.at;
      next.callback();
    }
    this.#now = end;
  }
}

/** Lets every pending promise continuation (and MemoryStorage write) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
