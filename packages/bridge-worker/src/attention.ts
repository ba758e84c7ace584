import type { BridgeEvent, ChatMessage } from '@itmchat/protocol';
import type { PagePort } from './ports.js';

export interface AttentionDeps {
  /** To every page. */
  readonly broadcast: (event: BridgeEvent) => void;
  /** To one page. */
  readonly send: (port: PagePort, event: BridgeEvent) => void;
  readonly now: () => number;
  /** Whether every page is hidden now, after each change (see AutoAway). */
  readonly visibility?: (allHidden: boolean) => void;
}

/**
 * Whether anyone is looking, for the whole browser: each page says whether it is visible; while
 * none is, messages from others are counted once (not once per tab) and one page, the one seen
 * last, is picked to alert the visitor. As soon as any page is seen, the count is 0 in every tab.
 */
export class Attention {
  /** Each page's visibility, and when it was last visible. */
  readonly #pages = new Map<PagePort, { visible: boolean; shownAt: number }>();
  #unread = 0;

  constructor(private readonly deps: AttentionDeps) {}

  get unread(): number {
    return this.#unread;
  }

  /** A page said hello or pinged; `visible` absent (an older page) counts as visible. */
  seen(port: PagePort, visible = true): void {
    const known = this.#pages.get(port);
    this.#pages.set(port, { visible, shownAt: visible ? this.deps.now() : (known?.shownAt ?? 0) });
    if (visible) this.#reset();
    this.#told();
  }

  gone(port: PagePort): void {
    this.#pages.delete(port);
    this.#told();
  }

  #told(): void {
    this.deps.visibility?.([...this.#pages.values()].every((page) => !page.visible));
  }

  /** Live messages from others came; counted and alerted only while every page is hidden. */
  arrived(place: string, messages: readonly ChatMessage[]): void {
    if (messages.length === 0 || this.#pages.size === 0) return;
    let chosen: PagePort | null = null;
    let latest = -1;
    for (const [port, page] of this.#pages) {
      if (page.visible) return;
      if (page.shownAt > latest) [chosen, latest] = [port, page.shownAt];
    }
    this.#unread += messages.length;
    this.deps.broadcast({ type: 'unread', count: this.#unread });
    if (chosen) this.deps.send(chosen, { type: 'alert', place, message: messages.at(-1)! });
  }

  /** The session ended: nothing is unread any more. */
  clear(): void {
    this.#reset();
  }

  #reset(): void {
    if (this.#unread === 0) return;
    this.#unread = 0;
    this.deps.broadcast({ type: 'unread', count: 0 });
  }
}
