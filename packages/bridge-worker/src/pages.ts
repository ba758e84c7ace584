import type { WorkerMessage } from '@itmchat/protocol';
import type { PagePort } from './ports.js';
import type { Timers } from './timers.js';

/**
 * The pages attached to the worker. A page cannot be relied on to say goodbye (a crash,
 * a killed tab), so besides its `bye` each page pings, and one silent for `timeoutMs` is dropped.
 */
export class PageRegistry {
  readonly #lastSeen = new Map<PagePort, number>();
  #sweep: unknown = null;

  constructor(
    readonly timers: Timers,
    readonly timeoutMs: number,
    /** Called when the last page is gone. */
    readonly onEmpty: () => void,
    /** Called for each page that is gone (it said bye, or fell silent). */
    readonly onRemove: (port: PagePort) => void = () => {},
  ) {}

  get size(): number {
    return this.#lastSeen.size;
  }

  has(port: PagePort): boolean {
    return this.#lastSeen.has(port);
  }

  /** Adds or refreshes a page. */
  touch(port: PagePort): void {
    this.#lastSeen.set(port, this.timers.now());
    this.#sweep ??= this.timers.setTimeout(() => this.#sweepNow(), this.timeoutMs / 3);
  }

  remove(port: PagePort): void {
    if (!this.#lastSeen.delete(port)) return;
    port.close();
    this.onRemove(port);
    if (this.#lastSeen.size === 0) {
      this.timers.clearTimeout(this.#sweep);
      this.#sweep = null;
      this.onEmpty();
    }
  }

  /** Stops the sweep for good; the pages are forgotten without being told. */
  dispose(): void {
    this.timers.clearTimeout(this.#sweep);
    this.#sweep = null;
    this.#lastSeen.clear();
  }

  broadcast(message: WorkerMessage): void {
    for (const port of this.#lastSeen.keys()) port.post(message);
  }

  #sweepNow(): void {
    this.#sweep = null;
    const deadline = this.timers.now() - this.timeoutMs;
    for (const [port, seen] of [...this.#lastSeen]) if (seen < deadline) this.remove(port);
    if (this.#lastSeen.size > 0) this.#sweep = this.timers.setTimeout(() => this.#sweepNow(), this.timeoutMs / 3);
  }
}
