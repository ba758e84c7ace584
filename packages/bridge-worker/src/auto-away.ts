import type { Timers } from './timers.js';

/** Every tab of the site hidden this long: the visitor is marked away. */
export const AUTO_AWAY_MS = 10 * 60_000;

export interface AutoAwayDeps {
  readonly timers: Timers;
  /** Runs a command line as the visitor (through the worker's own command path). */
  readonly command: (line: string) => Promise<unknown>;
  readonly joined: () => boolean;
}

/**
 * Away by itself, once per browser: when every tab has been hidden for AUTO_AWAY_MS the worker
 * says -away, and -back as soon as one is seen again. An away the visitor set themselves is theirs:
 * it is never cleared here.
 */
export class AutoAway {
  #timer: unknown = null;
  /** This browser set the visitor away by itself (and so may bring them back). */
  #setHere = false;

  constructor(private readonly deps: AutoAwayDeps) {}

  /** Whether every page is hidden now (none attached counts as hidden). */
  visibility(allHidden: boolean): void {
    if (!allHidden) {
      this.#cancel();
      if (this.#setHere) {
        this.#setHere = false;
        void this.deps.command('-back').catch(() => {});
      }
      return;
    }
    if (this.#timer !== null || this.#setHere) return;
    this.#timer = this.deps.timers.setTimeout(() => {
      this.#timer = null;
      if (!this.deps.joined()) return;
      this.#setHere = true;
      void this.deps.command('-away').catch(() => (this.#setHere = false));
    }, AUTO_AWAY_MS);
  }

  /** The visitor typed -away or -back: theirs to undo. */
  manual(): void {
    this.#setHere = false;
  }

  stop(): void {
    this.#cancel();
    this.#setHere = false;
  }

  #cancel(): void {
    if (this.#timer !== null) this.deps.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
