import type { ChatMessage } from '@itmchat/protocol';
import type { Room } from '../room.js';
import type { Session } from '../session.js';
import type { PlaceRecord } from '../store/store.js';
import type { Backplane, BackplaneNode, Departure, SessionRecord } from './backplane.js';

/** One process is the whole cluster: the chat's own rooms and sessions are the directory, and fan-out is direct. */
export class LocalBackplane implements Backplane {
  #node: BackplaneNode | null = null;

  attach(node: BackplaneNode): void {
    this.#node = node;
  }

  async started(): Promise<void> {}

  trouble(): string | null {
    return null;
  }

  open(_place: string, read: () => Promise<PlaceRecord>): Promise<PlaceRecord> {
    return read();
  }

  opened(): void {}

  closed(): void {}

  stored(room: Room, message: ChatMessage, session: string): void {
    room.apply({ kind: 'say', epoch: room.epoch, message, session });
  }

  async claim(): Promise<boolean> {
    return true; // the chat's own nick map is the whole cluster's
  }

  unclaim(): void {}

  entered(room: Room, session: Session, from?: string): void {
    room.apply({ kind: 'join', nick: session.nick, session: session.id, ...(from ? { from } : {}) });
  }

  exited(room: Room, session: Session, how: Departure): void {
    room.apply({ kind: 'leave', nick: session.nick, session: session.id, ...how });
  }

  ended(): void {}

  async adopt(): Promise<SessionRecord | null> {
    return null; // a session this process does not hold does not exist
  }

  async rotate(): Promise<boolean> {
    return true; // the session itself is the only record
  }

  async members(place: string): Promise<string[]> {
    return this.#chat().room(place)?.nicks() ?? [];
  }

  async everyone(): Promise<{ nick: string; place: string }[]> {
    return [...this.#chat().rooms()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((room) => room.nicks().map((nick) => ({ nick, place: room.name })));
  }

  async close(): Promise<void> {}

  #chat(): BackplaneNode {
    if (!this.#node) throw new Error('backplane not attached');
    return this.#node;
  }
}
