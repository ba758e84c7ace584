import { PROTOCOL_RELEASE, assertNever, type ChatMessage } from '@itmchat/protocol';
import type { PlaceEvent } from './place-event.js';
import { PresenceDamper } from './presence-damper.js';
import { encodePush } from './push.js';
import type { Session } from './session.js';

/**
 * A place with people in it, held in memory while anyone is there, and the one place where
 * place events become frames (`apply`). Messages said during one event-loop turn are queued and
 * go out together when the turn ends (`flush`): one userSay frame per member, serialised once
 * for all, however many messages the turn brought. Whoever an event came from (its session) is
 * not told of it.
 */
export class Room {
  /** Members in join order, by nick key. Visitors inside their grace period stay listed. */
  readonly members = new Map<string, Session>();
  /** Numbered this turn, not yet sent. */
  #pending: ChatMessage[] = [];
  /** Which session said which pending message: a sender is not sent its own lines back. */
  #saidBy = new Map<string, Set<number>>();
  /** Joins and leaves go through it, so a flood of them is coalesced. */
  readonly #presence = new PresenceDamper((frame, except) => this.#broadcast(frame, except));

  constructor(
    readonly name: string,
    /** Changes only when the place's history restarts (see `restart`). */
    public epoch: string,
    /** Newest number sent out here: anything later (queued or still to come) reaches members live. */
    public head: number,
    /** The place's topic as of its latest `topic` message applied here (undefined: none). */
    public topic?: string,
  ) {}

  nicks(): string[] {
    return [...this.members.values()].map((s) => s.nick);
  }

  /** Newest number queued or sent here. */
  get latest(): number {
    return this.#pending.at(-1)?.seq ?? this.head;
  }

  /**
   * Applies one event: a say is queued for this turn's frame; a join or leave goes out at once
   * (unless a flood of them is being coalesced, see PresenceDamper), after what was queued before
   * it, to every connected member but the session it came from.
   */
  apply(event: PlaceEvent): void {
    switch (event.kind) {
      case 'say':
        return this.#queue(event.message, event.session);
      case 'join': {
        const { nick, from } = event;
        const frame = encodePush('userJoin', from ? { place: this.name, nick, from } : { place: this.name, nick });
        return this.#presence.offer(event.session, true, frame);
      }
      case 'leave': {
        const { nick, reason, to } = event;
        return this.#presence.offer(
          event.session,
          false,
          encodePush('userLeave', { place: this.name, nick, reason, ...(to ? { to } : {}) }),
        );
      }
      case 'away':
        return this.#toRelease3(encodePush('userAway', { place: this.name, nick: event.nick, away: event.away }), event.session);
      case 'typing':
        return this.#toRelease3(encodePush('userTyping', { place: this.name, nick: event.nick }), event.session);
      default:
        return assertNever(event);
    }
  }

  /** The room is let go: nothing more is sent from it. */
  close(): void {
    this.#presence.close();
  }

  /** The place's history started over (a new epoch): whatever was queued belongs to the old one. */
  restart(epoch: string, head: number, topic: string | undefined): void {
    this.#pending = [];
    this.#saidBy.clear();
    this.epoch = epoch;
    this.head = head;
    this.topic = topic;
  }

  /** A member's nick key changed (-nick): it keeps its place in the join order. */
  rekey(oldKey: string, session: Session): void {
    if (!this.members.has(oldKey)) return;
    const members = [...this.members].map(([key, member]): [string, Session] => (key === oldKey ? [session.key, session] : [key, member]));
    this.members.clear();
    for (const [key, member] of members) this.members.set(key, member);
  }

  /** Sends the messages queued this turn. Called at the end of the turn, and before anything else is sent or members change, to keep order. */
  flush(): void {
    if (this.#pending.length === 0) return;
    const messages = this.#pending;
    const saidBy = this.#saidBy;
    this.#pending = [];
    this.#saidBy = new Map();
    this.head = Math.max(this.head, messages.at(-1)!.seq);
    let everyone: Buffer | null = null;
    for (const member of this.members.values()) {
      if (!member.peer) continue;
      const own = saidBy.get(member.id);
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

  #queue(message: ChatMessage, session: string): void {
    if (message.kind === 'topic') this.topic = message.text || undefined;
    this.#pending.push(message);
    let own = this.#saidBy.get(session);
    if (!own) this.#saidBy.set(session, (own = new Set()));
    own.add(message.seq);
  }

  /** A push a client before release 3 could not decode: sent only to the members that read it (but `except`). */
  #toRelease3(frame: string, except: string): void {
    this.flush();
    const bytes = Buffer.from(frame);
    for (const member of this.members.values()) {
      if (member.id !== except && member.release >= PROTOCOL_RELEASE) member.peer?.push(bytes);
    }
  }

  /** Sends one frame to every connected member but session `except`, after the messages queued before it. */
  #broadcast(frame: string, except: string): void {
    this.flush();
    const bytes = Buffer.from(frame); // encoded once, not once per member
    for (const member of this.members.values()) if (member.id !== except) member.peer?.push(bytes);
  }

  #frame(messages: readonly ChatMessage[]): string {
    return encodePush('userSay', { place: this.name, epoch: this.epoch, messages });
  }
}
