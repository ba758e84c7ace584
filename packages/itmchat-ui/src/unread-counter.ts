import type { UnreadContext } from './types.js';

/**
 * Counts messages from others that arrive while the page is hidden, and resets to 0 when it is
 * seen again. Reports every change through `report` (the `onUnread` callback).
 */
export class UnreadCounter {
  #count = 0;
  #originalTitle: string;
  readonly #doc: Document;
  readonly #report: (count: number, ctx: UnreadContext) => void;
  readonly #onVisibility = (): void => {
    if (this.#doc.visibilityState !== 'hidden') this.reset();
  };

  constructor(doc: Document, report: (count: number, ctx: UnreadContext) => void) {
    this.#doc = doc;
    this.#report = report;
    this.#originalTitle = doc.title;
    doc.addEventListener('visibilitychange', this.#onVisibility);
  }

  get count(): number {
    return this.#count;
  }

  /** `n` new messages from others arrived; counted only while the page is hidden. */
  add(n: number): void {
    if (n <= 0 || this.#doc.visibilityState !== 'hidden') return;
    // The title to come back to is the one the site had when the count left 0.
    if (this.#count === 0) this.#originalTitle = this.#doc.title;
    this.#count += n;
    this.#notify();
  }

  /** Back to 0 (reported only when something was counted). */
  reset(): void {
    if (this.#count === 0) return;
    this.#count = 0;
    this.#notify();
  }

  stop(): void {
    this.#doc.removeEventListener('visibilitychange', this.#onVisibility);
    this.reset();
  }

  #notify(): void {
    this.#report(this.#count, { document: this.#doc, originalTitle: this.#originalTitle });
  }
}
