/** Frames of one catch-up (a backlog), produced as they are taken. */
export type CatchUp = () => AsyncIterable<string>;

export interface CatchUpsDeps {
  /** Sends one frame; resolves once it has left the server's buffers. */
  readonly send: (text: string) => Promise<void>;
  /** Whether the connection still takes frames. */
  readonly open: () => boolean;
  /** A catch-up failed (the store could not be read): the client must not be left missing messages. */
  readonly failed: (error: unknown) => void;
  /** Every catch-up has gone out: the pushes held meanwhile may follow. */
  readonly done: () => void;
}

/**
 * A connection's catch-ups, sent one after the other, each frame once the one before has left:
 * those asked for during a call wait for its reply (`replied`); one asked for outside any call
 * (someone's first private line opening a conversation) goes at once.
 */
export class CatchUps {
  readonly #afterReply: CatchUp[] = [];
  readonly #ready: CatchUp[] = [];
  #sending: Promise<void> | null = null;
  /** Calls inside their handler now (says run several at once). */
  #handling = 0;

  constructor(private readonly deps: CatchUpsDeps) {}

  add(produce: CatchUp): void {
    if (this.#handling > 0) return void this.#afterReply.push(produce);
    this.#ready.push(produce);
    void this.replied();
  }

  /** A call's handler starts; what it asks for waits for its reply. */
  handling(): void {
    this.#handling += 1;
  }

  /** A call's reply is out: what it asked for goes now. Resolves once every catch-up has gone. */
  replied(): Promise<void> {
    this.#ready.push(...this.#afterReply.splice(0));
    if (this.#ready.length === 0) return this.#sending ?? Promise.resolve();
    return (this.#sending ??= this.#send());
  }

  /** The handler ended (before its reply is sent). */
  handled(): void {
    this.#handling -= 1;
  }

  async #send(): Promise<void> {
    try {
      for (let produce = this.#ready.shift(); produce; produce = this.#ready.shift()) {
        for await (const text of produce()) {
          if (!this.deps.open()) return;
          await this.deps.send(text);
        }
      }
    } catch (error) {
      this.deps.failed(error);
      return;
    } finally {
      this.#sending = null; // synchronously with the loop's end: a catch-up asked for later starts a new one
    }
    this.deps.done();
  }
}
