import type { LogPosition, LogView } from './log-view.js';
import { plural, type UiStrings } from './strings.js';

/** Where this tab's reader stood, kept in sessionStorage: a reload of the tab comes back to it. */
const POSITION_KEY = 'itmchat:position';
/** A scroll writes the position down this long after it stops. */
const SAVE_AFTER_MS = 250;

interface SavedPosition extends LogPosition {
  readonly place: string;
}

/**
 * The reader's scroll: live messages that arrive while the log is scrolled up are counted on a
 * "N new messages" button that jumps down; the visitor's own line always comes into view; and
 * the position of a reader scrolled up is kept for a reload of the tab.
 */
export class LogScroll {
  #unseen = 0;
  #saving: ReturnType<typeof setTimeout> | null = null;
  readonly #onScroll = (): void => {
    if (this.log.isAtBottom()) this.#hideMarker();
    this.#saving ??= setTimeout(() => this.save(), SAVE_AFTER_MS);
  };
  readonly #onJump = (): void => {
    this.log.scrollToBottom();
    this.#hideMarker();
    this.log.element.focus();
  };

  constructor(
    readonly log: LogView,
    readonly marker: HTMLButtonElement,
    readonly strings: UiStrings,
    readonly storage: Storage | null,
  ) {
    log.element.addEventListener('scroll', this.#onScroll, { passive: true });
    marker.addEventListener('click', this.#onJump);
  }

  /** `count` live messages were drawn: counted on the marker unless the reader is at the bottom. */
  arrived(count: number): void {
    if (count === 0 || this.log.isAtBottom()) return;
    this.#unseen += count;
    this.marker.textContent = `${plural(this.strings, this.strings.newMessages, this.#unseen)} ↓`;
    this.marker.hidden = false;
  }

  /** The visitor sent a line: it comes into view, wherever they had scrolled. */
  own(): void {
    this.log.scrollToBottom();
    this.#hideMarker();
  }

  /** The position this tab saved for `place`, if any. */
  saved(place: string | null): LogPosition | null {
    try {
      const saved = JSON.parse(this.storage?.getItem(POSITION_KEY) ?? 'null') as SavedPosition | null;
      return saved && saved.place === place && Number.isInteger(saved.seq) ? { seq: saved.seq, offset: Number(saved.offset) || 0 } : null;
    } catch {
      return null;
    }
  }

  /** Writes down where the reader is now (at the bottom: nothing to come back to). */
  save(): void {
    if (this.#saving) clearTimeout(this.#saving);
    this.#saving = null;
    const place = this.log.place;
    const position = this.log.position();
    try {
      if (position && place !== null) this.storage?.setItem(POSITION_KEY, JSON.stringify({ place, ...position } satisfies SavedPosition));
      else this.storage?.removeItem(POSITION_KEY);
    } catch {
      // Storage refused (private mode, quota): the position is simply not kept.
    }
  }

  /** After a redraw: nothing of the old count is on screen any more. */
  reset(): void {
    this.#hideMarker();
  }

  stop(): void {
    if (this.#saving) clearTimeout(this.#saving);
    this.#saving = null;
    this.log.element.removeEventListener('scroll', this.#onScroll);
    this.marker.removeEventListener('click', this.#onJump);
  }

  #hideMarker(): void {
    this.#unseen = 0;
    this.marker.hidden = true;
  }
}
