import { el } from './dom.js';

/** Lines the live region keeps: enough for a screen reader to catch up, never the whole log. */
const KEPT = 5;

/**
 * The chat's polite live region, apart from the log: only what happens now is written to it (a
 * message said live, your own line once when it is numbered, a notice, a command's answer), so
 * a screen reader never reads out a backlog or a redraw, which go into the log only.
 */
export class Announcer {
  constructor(readonly element: HTMLElement) {}

  say(text: string): void {
    const region = this.element;
    region.append(el(region.ownerDocument, 'p', {}, text));
    while (region.childElementCount > KEPT) region.firstElementChild!.remove();
  }

  clear(): void {
    this.element.replaceChildren();
  }
}
