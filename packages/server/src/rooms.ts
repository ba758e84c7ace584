import { CloseCode, ErrorCode } from '@itmchat/protocol';
import type { Departure, PlaceBus, PlaceListener } from './backplane/place-bus.js';
import { ChatError } from './chat-error.js';
import type { PlaceEvent } from './place-event.js';
import { Room } from './room.js';
import type { Session } from './session.js';
import type { PlaceRecord } from './store/store.js';

export interface RoomsDeps {
  readonly bus: PlaceBus;
  /** Most places held at once (0: no limit). */
  readonly maxPlaces: number;
  /** Never refused: a newcomer always has somewhere to be. */
  readonly defaultPlace: string;
  /** Reads (or makes) a place's record in the store. */
  readonly ensurePlace: (name: string) => Promise<PlaceRecord>;
  /** Nobody is in the place here any more: the store may forget it (see ChatStore.release). */
  readonly released: (name: string) => void;
}

/**
 * The rooms this node holds: one per place with members here, loaded once however many enter at
 * the same moment, opened on the place bus before its record is read (so no event is missed) and
 * closed there when the last member goes. It is the bus's listener: every place event ends in
 * its room's `apply`.
 */
export class Rooms implements PlaceListener {
  readonly #rooms = new Map<string, Room>();
  /** Rooms being loaded from the store, so concurrent entries share one load. */
  readonly #loading = new Map<string, Promise<Room>>();
  /** Rooms with delivered says to send at the end of this turn, and the turn-end callback that will. */
  readonly #toFlush = new Set<Room>();
  #flushing: NodeJS.Immediate | null = null;

  constructor(private readonly deps: RoomsDeps) {}

  get(name: string): Room | undefined {
    return this.#rooms.get(name);
  }

  /** One of a place's events from the bus, in order: its room applies it; says go out at the end of the turn. */
  deliver(place: string, event: PlaceEvent): void {
    const room = this.#rooms.get(place);
    if (!room) return;
    room.apply(event);
    if (event.kind === 'say') this.#flushSoon(room);
  }

  /** The place's history started over under a new epoch: members reconnect and resume, and their `since` gets an epoch gap. */
  restarted(place: string, record: PlaceRecord): void {
    const room = this.#rooms.get(place);
    if (!room) return;
    room.restart(record.epoch, record.head, record.topic);
    for (const member of room.members.values()) member.peer?.close(CloseCode.InternalError, 'history restarted; reconnect');
  }

  sessionOf(place: string, nickKey: string): string {
    return this.#rooms.get(place)?.members.get(nickKey)?.id ?? '';
  }

  /** Nicks in a place here, in join order. */
  membersHere(place: string): string[] {
    return this.#rooms.get(place)?.nicks() ?? [];
  }

  placesHere(): { name: string; nicks: string[] }[] {
    return [...this.#rooms.values()].map((room) => ({ name: room.name, nicks: room.nicks() }));
  }

  /** Entering a place this node does not hold yet makes one: refused once it holds `maxPlaces`. */
  assertRoomFor(place: string): void {
    if (this.full(place)) {
      throw new ChatError(
        ErrorCode.TooManyPlaces,
        `this server holds its limit of ${this.deps.maxPlaces} places; join one that has people in it`,
      );
    }
  }

  /** Whether entering `place` would pass the places cap (never so for a place held, or the default place). */
  full(place: string): boolean {
    const max = this.deps.maxPlaces;
    if (max <= 0 || place === this.deps.defaultPlace || this.#rooms.has(place) || this.#loading.has(place)) return false;
    return this.#rooms.size + this.#loading.size >= max;
  }

  /** The longest-held room whose members are all in their grace period (not connected), if any. */
  idleRoom(): Room | undefined {
    for (const room of this.#rooms.values()) {
      if ([...room.members.values()].every((session) => !session.peer)) return room;
    }
    return undefined;
  }

  /** The place's room, loaded (and opened on the bus) if this node does not hold it yet. */
  load(name: string): Promise<Room> {
    const present = this.#rooms.get(name);
    if (present) return Promise.resolve(present);
    let loading = this.#loading.get(name);
    if (!loading) {
      const { bus } = this.deps;
      loading = bus
        .open(name, () => this.deps.ensurePlace(name))
        .then(
          (record) => {
            this.#loading.delete(name);
            const room = this.#rooms.get(name) ?? new Room(record.name, record.epoch, record.head, record.topic);
            this.#rooms.set(name, room);
            bus.opened(name, { epoch: room.epoch, head: room.latest });
            return room;
          },
          (error: unknown) => {
            this.#loading.delete(name);
            bus.opened(name, null);
            throw error;
          },
        );
      this.#loading.set(name, loading);
    }
    return loading;
  }

  /** `session` comes into `room` (from the place `from`): the cluster is told, then the room holds it. */
  enter(room: Room, session: Session, from?: string): void {
    this.deps.bus.entered(room.name, session, from);
    room.members.set(session.key, session);
  }

  /** `session` goes: it still gets what was said before it left; the room goes too once empty. */
  exit(room: Room, session: Session, how: Departure): void {
    room.flush();
    room.members.delete(session.key);
    this.deps.bus.exited(room.name, session, how);
    this.dropIfEmpty(room);
  }

  /** Lets the room go once nobody is in it. */
  dropIfEmpty(room: Room): void {
    if (room.members.size > 0 || this.#rooms.get(room.name) !== room) return;
    this.#rooms.delete(room.name);
    room.close();
    this.deps.bus.closed(room.name);
    this.deps.released(room.name);
  }

  /** Shutting down: every room stops its timers. */
  close(): void {
    for (const room of this.#rooms.values()) room.close();
  }

  /** The places held here or being loaded: not to be expired under their visitors. */
  occupied(): ReadonlySet<string> {
    return new Set([...this.#rooms.keys(), ...this.#loading.keys()]);
  }

  /**
   * Sends the says delivered so far, one frame per member and room. The bus's events arrive
   * from the network (Redis) at any time: they go out at the end of the turn that brought them,
   * unless the chat's own say turn ends first and sends them now.
   */
  flushDelivered(): void {
    if (this.#flushing) clearImmediate(this.#flushing);
    this.#flushing = null;
    for (const room of this.#toFlush) room.flush();
    this.#toFlush.clear();
  }

  #flushSoon(room: Room): void {
    this.#toFlush.add(room);
    this.#flushing ??= setImmediate(() => this.flushDelivered());
  }
}
