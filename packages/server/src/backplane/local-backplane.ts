import type { ChatMessage } from '@itmchat/protocol';
import type { PlaceRecord } from '../store/store.js';
import type { Backplane, BackplaneNode, Departure, SessionInfo, SessionRecord } from './backplane.js';

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

  stored(place: string, epoch: string, message: ChatMessage, session: string): void {
    this.#chat().deliver(place, { kind: 'say', epoch, message, session });
  }

  async claim(): Promise<boolean> {
    return true; // the chat's own nick map is the whole cluster's
  }

  unclaim(): void {}

  entered(place: string, session: SessionInfo, from?: string): void {
    this.#chat().deliver(place, { kind: 'join', nick: session.nick, session: session.id, ...(from ? { from } : {}) });
  }

  exited(place: string, session: SessionInfo, how: Departure): void {
    this.#chat().deliver(place, { kind: 'leave', nick: session.nick, session: session.id, ...how });
  }

  ended(): void {}

  async adopt(): Promise<SessionRecord | null> {
    return null; // a session this process does not hold does not exist
  }

  async rotate(): Promise<boolean> {
    return true; // the session itself is the only record
  }

  async members(place: string): Promise<string[]> {
    return this.#chat().membersHere(place);
  }

  async everyone(): Promise<{ nick: string; place: string }[]> {
    return this.#chat()
      .placesHere()
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((place) => place.nicks.map((nick) => ({ nick, place: place.name })));
  }

  async close(): Promise<void> {}

  #chat(): BackplaneNode {
    if (!this.#node) throw new Error('backplane not attached');
    return this.#node;
  }
}
