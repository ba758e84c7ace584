import type { ChatMessage, Said } from '@itmchat/protocol';
import type { AppendOutcome, MessageDraft } from './store/store.js';

export interface SayTurnDeps {
  /** Stores a turn's drafts in one batch. */
  readonly append: (drafts: readonly MessageDraft[]) => Promise<AppendOutcome[]>;
  /** A new message is stored for `session`. */
  readonly stored: (place: string, message: ChatMessage, session: string) => void;
  /** Every outcome of the turn is told: what was delivered goes out now. */
  readonly ended: () => void;
}

interface Waiting {
  readonly draft: MessageDraft;
  readonly resolve: (said: Said) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The says of one event-loop turn, stored together at its end (setImmediate runs after the
 * turn's I/O): one batch for the store, then each touched room sends its new messages as one
 * frame per member, and the senders get their numbers. Never a timer that waits: a say's
 * latency is one turn, and nothing is acknowledged before the store has it.
 */
export class SayTurn {
  #says: Waiting[] = [];

  constructor(private readonly deps: SayTurnDeps) {}

  /** Resolves once `draft` is stored (or was, under its cid: `duplicate`); rejects if the store refused the batch. */
  add(draft: MessageDraft): Promise<Said> {
    return new Promise((resolve, reject) => {
      this.#says.push({ draft, resolve, reject });
      if (this.#says.length === 1) setImmediate(() => void this.#end());
    });
  }

  async #end(): Promise<void> {
    const says = this.#says;
    this.#says = [];
    let outcomes;
    try {
      outcomes = await this.deps.append(says.map((say) => say.draft));
    } catch (error) {
      for (const say of says) say.reject(error);
      return;
    }
    says.forEach((say, i) => {
      const { place, message, duplicate } = outcomes[i]!;
      if (!duplicate) this.deps.stored(place, message, say.draft.session ?? '');
      say.resolve({ place, seq: message.seq, at: message.at, duplicate });
    });
    this.deps.ended();
  }
}
