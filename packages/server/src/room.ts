import type { ChatMessage, PlaceState } from '@itmchat/protocol';
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
  /** Who said which pending message: a sender is not sent its own lines back. */
  readonly #saidBy = new Map<Session, Set<number>>();

  constructor(
    readonly name: string,
    readonly epoch: string,
    /** Newest number sent out here: anything later (queued or still to come) reaches members live. */
    public head: number,
  ) {}

  state(): PlaceState {
    return { name: this.name, epoch: this.epoch, head: this.head, members: this.nicks() };
  }

  nicks(): string[] {
    return [...this.members.values()].map((s) => s.nick);
  }

  /** Queues a numbered message for this turn's frame. */
  queue(message: ChatMessage, sender: Session): void {
    this.#pending.push(message);
    let own = this.#saidBy.get(sender);
    if (!own) this.#saidBy.set(sender, (own = new Set()));
    own.add(message.seq);
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
      const own = saidBy.get(member);
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

  /** Sends one frame to every connected member, after the messages queued before it. */
  broadcast(data: FrameData): void {
    this.flush();
    for (const member of this.members.values()) member.peer?.push(data);
  }

  #frame(messages: readonly ChatMessage[]): string {
    return encodePush('userSay', { place: this.name, epoch: this.epoch, messages });
  }
}
