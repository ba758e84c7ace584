/** Presence pushes a place sends per window before it starts coalescing: far above what people make. */
export const PRESENCE_PUSHES_PER_WINDOW = 20;
export const PRESENCE_WINDOW_MS = 10_000;

interface Held {
  /** What the place's members last heard of the session: there, or not. */
  readonly announced: boolean;
  /** Its latest join or leave, not sent yet. */
  latest: { readonly present: boolean; readonly frame: string };
}

/**
 * Coalesces a place's joins and leaves once they come faster than people make them (a script
 * flapping between places, or joining and dropping under new nicks): past
 * `PRESENCE_PUSHES_PER_WINDOW` in a window, each session's changes are held, and when the window
 * ends only its net change goes out. One in and out again is never announced; one who came and
 * stayed is announced once. The members' list is then at most a window late, never wrong after it.
 */
export class PresenceDamper {
  #windowStart: number;
  #sent = 0;
  readonly #held = new Map<string, Held>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    /** Sends a frame to every member but `except` (the session it is about). */
    private readonly send: (frame: string, except: string) => void,
    private readonly limits = { perWindow: PRESENCE_PUSHES_PER_WINDOW, windowMs: PRESENCE_WINDOW_MS },
    private readonly now: () => number = Date.now,
  ) {
    this.#windowStart = now();
  }

  /** A join (`present`) or leave of `session`, as the frame that tells it. */
  offer(session: string, present: boolean, frame: string): void {
    if (this.now() - this.#windowStart >= this.limits.windowMs && !this.#timer) this.#newWindow();
    const held = this.#held.get(session);
    if (held) {
      held.latest = { present, frame };
    } else if (this.#sent < this.limits.perWindow) {
      this.#sent += 1;
      this.send(frame, session);
    } else {
      this.#held.set(session, { announced: !present, latest: { present, frame } });
      this.#timer ??= setTimeout(() => this.#flush(), this.#windowStart + this.limits.windowMs - this.now());
      this.#timer.unref();
    }
  }

  /** Stops the timer; what is held is dropped (the place has nobody left to tell). */
  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#held.clear();
  }

  #flush(): void {
    this.#timer = null;
    const held = [...this.#held];
    this.#held.clear();
    this.#newWindow();
    for (const [session, { announced, latest }] of held) {
      if (latest.present === announced) continue;
      this.#sent += 1;
      this.send(latest.frame, session);
    }
  }

  #newWindow(): void {
    this.#windowStart = this.now();
    this.#sent = 0;
  }
}
