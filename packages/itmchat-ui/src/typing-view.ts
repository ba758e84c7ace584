import { TYPING_SHOWN_MS } from '@itmchat/protocol';
import { fill, type UiStrings } from './strings.js';

/**
 * "bob is typing…" under the log: each nick shown for TYPING_SHOWN_MS after its last indicator,
 * or until a line of theirs arrives. Private ones say so.
 */
export class TypingView {
  /** Who is typing, nick → when it stops being shown, and whether it is private. */
  readonly #typing = new Map<string, { until: number; private: boolean }>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #told: readonly string[] = [];

  constructor(
    private readonly element: HTMLElement,
    private readonly strings: UiStrings,
    /** Who is typing, each time that changes. */
    private readonly changed: (nicks: readonly string[]) => void,
    private readonly now: () => number = Date.now,
  ) {}

  typing(nick: string, privately: boolean): void {
    this.#typing.set(nick, { until: this.now() + TYPING_SHOWN_MS, private: privately });
    this.#draw();
  }

  /** A line of theirs came: they are done typing it. */
  said(nick: string): void {
    if (this.#typing.delete(nick)) this.#draw();
  }

  clear(): void {
    this.#typing.clear();
    this.#draw();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #draw(): void {
    const now = this.now();
    for (const [nick, entry] of this.#typing) if (entry.until <= now) this.#typing.delete(nick);
    const nicks = [...this.#typing.keys()];
    if (nicks.join('\u0000') !== this.#told.join('\u0000')) this.changed((this.#told = nicks));
    const only = nicks.length === 1 ? this.#typing.get(nicks[0]!) : undefined;
    this.element.textContent =
      nicks.length === 0
        ? ''
        : nicks.length === 1
          ? fill(only!.private ? this.strings.typingPrivately : this.strings.typingOne, { nick: nicks[0]! })
          : nicks.length === 2
            ? fill(this.strings.typingTwo, { nick: nicks[0]!, other: nicks[1]! })
            : this.strings.typingMany;
    this.element.hidden = nicks.length === 0;
    this.stop();
    const next = Math.min(...[...this.#typing.values()].map((e) => e.until));
    if (Number.isFinite(next)) this.#timer = setTimeout(() => this.#draw(), Math.max(0, next - now));
  }
}
