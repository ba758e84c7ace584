import type { PlaceState } from '@itmchat/protocol';
import type { Session } from './session.js';

/** A place with people in it, held in memory while anyone is there. */
export class Room {
  /** Members in join order, by nick key. Visitors inside their grace period stay listed. */
  readonly members = new Map<string, Session>();

  constructor(
    readonly name: string,
    readonly epoch: string,
    /** Newest number broadcast here: anything later reaches members live. */
    public head: number,
  ) {}

  state(): PlaceState {
    return { name: this.name, epoch: this.epoch, head: this.head, members: this.nicks() };
  }

  nicks(): string[] {
    return [...this.members.values()].map((s) => s.nick);
  }

  /** Sends one encoded frame to every connected member except `except`; `messages` is how many chat messages it carries. */
  broadcast(text: string, except?: Session, messages = 0): void {
    for (const member of this.members.values()) {
      if (member === except || !member.peer) continue;
      member.peer.push(text);
      member.stats.messagesSent += messages;
    }
  }
}
