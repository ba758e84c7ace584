import type { ChatMessage } from '@itmchat/protocol';
import { encodePush, type FrameData } from './push.js';
import type { Session } from './session.js';

/**
 * A place with people in it, held in memory while anyone is there. Messages said during one
 * event-loop turn are queued and go out together when the turn ends (`flush`): one userSay
 * frame per member, serialised once for all, however many messages the turn brought.
 */
export class Room {
  /** Members in join order, by nick key. Visitors inside their grace period stay listed. */
  readonly members = new Map<string, Session>();
  /** Numbered this turn, not yet sent. */
  #pending: ChatMessage[] = [];
  /** Who (nick key) said which pending message: a sender is not sent its own lines back. */
  readonly #saidBy = new Map<string, Set<number>>();

  constructor(
    readonly name: string,
    /** Changes only when the place's history restarts (see `restart`). */
    public epoch: string,
    /** Newest number sent out here: anything later (queued or still to come) reaches members live. */
    public head: number,
  ) {}

  nicks(): string[] {
    return [...this.members.values()].map((s) => s.nick);
  }

  /** Newest number queued or sent here. */
  get latest(): number {
    return this.#pending.at(-1)?.seq ?? this.head;
  }

  /** Queues a numbered message for this turn's frame; `author` is the sender's nick key. */
  queue(message: ChatMessage, author: string): void {
    this.#pending.push(message);
    let own = this.#saidBy.get(author);
    if (!own) this.#saidBy.set(author, (own = new Set()));
    own.add(message.seq);
  }

  /** The place's history started over (a new epoch): whatever was queued belongs to the old one. */
  restart(epoch: string, head: number): void {
    this.#pending = [];
    this.#saidBy.clear();
    this.epoch = epoch;
    this.head = head;
  }

  /** Sends the messages queued this turn. Called at the end of the turn, and before anything else is sent or members change, to keep order. */
  flush(): void {
    if (this.#pending.length === 0) return;
    const messages = this.#pending;
    const saidBy = new Map(this.#saidBy);
    this.#pending = [];
    this.#saidBy.clear();
    this.head = Math.max(this.head, messages.at(-1)!.seq);
    let everyone: Buffer | null = null;
    for (const member of this.members.values()) {
      if (!member.peer) continue;
      const own = saidBy.get(member.key);
      const theirs = own ? messages.filter((m) => !own.has(m.seq)) : messages;
      if (theirs.length === 0) continue;
      if (own) {
        member.peer.push(this.#frame(theirs));
      } else {
        everyone ??= Buffer.from(this.#frame(messages));
        member.peer.push(everyone);
      }
      member.stats.messagesSent += theirs.length;
    }
  }

  /** Sends one frame to every connected member (but the one whose nick key is `except`), after the messages queued before it. */
  broadcast(data: FrameData, except?: string): void {
    this.flush();
    const bytes = typeof data === 'string' ? Buffer.from(data) : data; // encoded once, not once per member
    for (const member of this.members.values()) if (member.key !== except) member.peer?.push(bytes);
  }

  #frame(messages: readonly ChatMessage[]): string {
    return encodePush('userSay', { place: this.name, epoch: this.epoch, messages });
  }
}
