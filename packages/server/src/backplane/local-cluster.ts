import type { Away, ChatMessage } from '@itmchat/protocol';
import type { PlaceRecord } from '../store/store.js';
import type { Directory, DirectoryNode, FoundVisitor, SessionInfo, SessionRecord } from './directory.js';
import type { Cluster, Departure, PlaceBus, PlaceListener } from './place-bus.js';

/** One process is the whole cluster: the chat's own rooms and sessions are the directory. */
export class LocalDirectory implements Directory {
  #node: DirectoryNode | null = null;

  attach(node: DirectoryNode): void {
    this.#node = node;
  }

  async started(): Promise<void> {}

  trouble(): string | null {
    return null;
  }

  async claim(): Promise<boolean> {
    return true; // the chat's own nick map is the whole cluster's
  }

  async rename(): Promise<boolean> {
    return true; // as for claim: the chat's own nick map decides
  }

  async find(key: string): Promise<FoundVisitor | null> {
    const session = this.#chat().holderOf(key);
    return session ? { id: session.id, nick: session.nick, visitor: session.visitor } : null;
  }

  invite(id: string, conversation: string): void {
    this.#chat().invited(id, conversation);
  }

  unclaim(): void {}

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

  async away(place: string): Promise<Away[]> {
    return this.#chat().awayHere(place);
  }

  async everyone(): Promise<{ nick: string; place: string }[]> {
    return this.#chat()
      .placesHere()
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((place) => place.nicks.map((nick) => ({ nick, place: place.name })));
  }

  async close(): Promise<void> {}

  #chat(): DirectoryNode {
    if (!this.#node) throw new Error('directory not attached');
    return this.#node;
  }
}

/** One process: every event is delivered to the chat at once, in the order it happened. */
export class LocalPlaceBus implements PlaceBus {
  #listener: PlaceListener | null = null;

  listen(listener: PlaceListener): void {
    this.#listener = listener;
  }

  open(_place: string, read: () => Promise<PlaceRecord>): Promise<PlaceRecord> {
    return read();
  }

  opened(): void {}

  closed(): void {}

  stored(place: string, epoch: string, message: ChatMessage, session: string): void {
    this.#deliverTo().deliver(place, { kind: 'say', epoch, message, session });
  }

  entered(place: string, session: SessionInfo, from?: string): void {
    this.#deliverTo().deliver(place, { kind: 'join', nick: session.nick, session: session.id, ...(from ? { from } : {}) });
  }

  exited(place: string, session: SessionInfo, how: Departure): void {
    this.#deliverTo().deliver(place, { kind: 'leave', nick: session.nick, session: session.id, ...how });
  }

  typing(place: string, session: SessionInfo): void {
    this.#deliverTo().deliver(place, { kind: 'typing', nick: session.nick, session: session.id });
  }

  awayChanged(place: string, session: SessionInfo, away: string | null): void {
    this.#deliverTo().deliver(place, { kind: 'away', nick: session.nick, session: session.id, away });
  }

  async close(): Promise<void> {}

  #deliverTo(): PlaceListener {
    if (!this.#listener) throw new Error('place bus has no listener');
    return this.#listener;
  }
}

/** The cluster of one process. */
export function localCluster(directory: Directory = new LocalDirectory()): Cluster {
  return { directory, bus: new LocalPlaceBus() };
}
