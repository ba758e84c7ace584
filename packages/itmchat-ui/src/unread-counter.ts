import type { UnreadContext } from './types.js';

/**
 * Shows the browser's unread count in this tab: the worker counts messages from others while
 * every tab of the site is hidden, once for the browser, and sets it back to 0 for every tab as
 * soon as one is seen. Reports each change through `report` (the `onUnread` callback).
 */
export class UnreadCounter {
  #count = 0;
  #originalTitle: string;
  readonly #doc: Document;
  readonly #report: (count: number, ctx: UnreadContext) => void;

  constructor(doc: Document, report: (count: number, ctx: UnreadContext) => void) {
    this.#doc = doc;
    this.#report = report;
    this.#originalTitle = doc.title;
  }

  get count(): number {
    return this.#count;
  }

  /** The browser's count is now `count`. */
  set(count: number): void {
    if (count === this.#count) return;
    // The title to come back to is the one the site had when the count left 0.
    if (this.#count === 0) this.#originalTitle = this.#doc.title;
    this.#count = count;
    this.#report(count, { document: this.#doc, originalTitle: this.#originalTitle });
  }

  /** The chat goes away: the title is the site's again. */
  stop(): void {
    this.set(0);
  }
}
