import type { ChatClient } from '@itmchat/jsclient';
import { el } from './dom.js';
import type { LogView } from './log-view.js';
import { errorText } from './notice-text.js';
import { fill, type UiStrings } from './strings.js';
import { toUiError } from './ui-error.js';

type HistoryState = 'more' | 'loading' | 'start' | 'failed' | 'none';

/** Scrolled to within this many pixels of the top, the log asks for older messages. */
const NEAR_TOP_PX = 48;

export interface LogHistoryDeps {
  readonly log: LogView;
  readonly client: ChatClient;
  readonly strings: UiStrings;
  readonly alive: () => boolean;
}

/**
 * Scrolling back to the place's first message: near the top (or on its button, for a keyboard)
 * the log asks for the page before its oldest message, from the browser's storage first, then
 * the server, until there is nothing older; the top of the log then says so.
 */
export class LogHistory {
  /** more: another page may be asked for; start: the first message is drawn; none: the log is empty. */
  #state: HistoryState = 'none';
  readonly #button: HTMLButtonElement;
  readonly #onScroll = (): void => {
    if (this.deps.log.element.scrollTop < NEAR_TOP_PX) void this.loadOlder();
  };

  constructor(private readonly deps: LogHistoryDeps) {
    const doc = deps.log.element.ownerDocument;
    this.#button = el(doc, 'button', { className: 'itmchat-button itmchat-older', attrs: { type: 'button', 'data-itmchat': 'older' } });
    this.#button.addEventListener('click', () => void this.loadOlder());
    deps.log.element.addEventListener('scroll', this.#onScroll, { passive: true });
  }

  /** After a redraw: is there anything before the oldest message drawn? */
  reset(): void {
    const oldest = this.deps.log.oldestSeq;
    this.#show(oldest === null ? 'none' : oldest > 1 ? 'more' : 'start');
  }

  /** Messages came in (a backlog, a first line): says again what lies before them, unless a page is on its way. */
  refresh(): void {
    if (this.#state !== 'loading' && this.#state !== 'failed') this.reset();
  }

  /** Asks for the page before the oldest message drawn; resolves once it is drawn (or refused). */
  async loadOlder(): Promise<void> {
    const { log, client } = this.deps;
    const before = log.oldestSeq;
    const place = log.place;
    if ((this.#state !== 'more' && this.#state !== 'failed') || before === null || place === null) return;
    // A keyboard user on the button keeps the focus in the log while the button is away.
    const focused = log.element.ownerDocument.activeElement === this.#button;
    this.#show('loading');
    if (focused) log.element.focus();
    try {
      const page = await client.older(place, before);
      if (!this.deps.alive() || log.place !== place) return;
      log.addOlder(page);
      this.#show(page.more && (log.oldestSeq ?? 1) > 1 ? 'more' : 'start');
      if (focused && this.#state === 'more') this.#button.focus();
    } catch (reason) {
      if (this.deps.alive() && log.place === place) this.#show('failed', errorText(toUiError(reason), this.deps.strings));
    }
  }

  stop(): void {
    this.deps.log.element.removeEventListener('scroll', this.#onScroll);
  }

  #show(state: HistoryState, reason = ''): void {
    this.#state = state;
    const { head, place } = this.deps.log;
    const words = this.deps.strings;
    head.dataset['state'] = state;
    if (state === 'more' || state === 'failed') {
      this.#button.textContent = words.olderButton;
      const note =
        state === 'failed'
          ? [el(head.ownerDocument, 'p', { className: 'itmchat-history-error' }, fill(words.olderFailed, { reason }))]
          : [];
      head.replaceChildren(...note, this.#button);
    } else if (state === 'loading') {
      head.replaceChildren(
        el(head.ownerDocument, 'p', { className: 'itmchat-history-loading', attrs: { 'aria-busy': 'true' } }, words.olderLoading),
      );
    } else if (state === 'start') {
      head.replaceChildren(
        el(head.ownerDocument, 'p', { className: 'itmchat-history-start' }, fill(words.historyStart, { place: place ?? '' })),
      );
    } else {
      head.replaceChildren();
    }
  }
}
