import { nameKey } from '@itmchat/protocol';
import type { Logger } from '../logger.js';
import type { PlaceEvent } from '../place-event.js';
import type { Room } from '../room.js';
import type { ChatStore } from '../store/store.js';

/** Wait before reading a place again after a failed repair (Redis still away). */
const REPAIR_RETRY_MS = 250;

interface Feed {
  room: Room | null;
  /** Events kept back, in order, while the room loads or a repair reads the store; null when live. */
  held: PlaceEvent[] | null;
  repairing: boolean;
}

/**
 * Turns what a node receives on its places' channels into each room's frames, in number order,
 * each message exactly once. A message at or below what the room already has is dropped (it is
 * in the backlog of whoever entered since); one past it is queued; a hole (pub/sub lost messages
 * while the subscriber was cut off) is filled from the store before anything later goes out.
 * Messages of one turn go out together at its end (setImmediate), one frame per member.
 */
export class PlaceFeeds {
  readonly #feeds = new Map<string, Feed>();
  readonly #toFlush = new Set<Room>();

  constructor(
    readonly store: ChatStore,
    /** The place's history has a new epoch (Redis came back empty): its members must resume. */
    readonly onRestart: (room: Room) => void,
    readonly log: Logger,
  ) {}

  /** Starts holding the place's events until `opened` gives its room. */
  open(place: string): void {
    if (!this.#feeds.has(place)) this.#feeds.set(place, { room: null, held: [], repairing: false });
  }

  opened(place: string, room: Room): void {
    const feed = this.#feeds.get(place);
    if (!feed) return;
    feed.room = room;
    this.#release(feed, false);
  }

  close(place: string): void {
    this.#feeds.delete(place);
  }

  places(): string[] {
    return [...this.#feeds.keys()];
  }

  receive(place: string, event: PlaceEvent): void {
    const feed = this.#feeds.get(place);
    if (!feed) return;
    if (feed.held) feed.held.push(event);
    else this.#apply(feed, event, false);
  }

  /** Whatever was published while nobody listened is read from the store, for every open room. */
  resync(): void {
    for (const feed of this.#feeds.values()) {
      if (!feed.room) continue;
      feed.held ??= [];
      void this.#repair(feed);
    }
  }

  /** Applies one event; false if it started a repair (the event is held until it ends). */
  #apply(feed: Feed, event: PlaceEvent, afterRepair: boolean): boolean {
    const room = feed.room!;
    if (event.kind !== 'say') {
      room.apply(event);
      return true;
    }
    const { seq } = event.message;
    if (afterRepair ? event.epoch !== room.epoch : event.epoch !== room.epoch || seq > room.latest + 1) {
      if (afterRepair) return true; // an old epoch's message, after the restart
      feed.held = [event];
      void this.#repair(feed);
      return false;
    }
    if (seq <= room.latest) return true;
    room.apply(event);
    this.#flushSoon(room);
    return true;
  }

  #release(feed: Feed, afterRepair: boolean): void {
    const held = feed.held ?? [];
    feed.held = null;
    for (let i = 0; i < held.length; i++) {
      if (!this.#apply(feed, held[i]!, afterRepair)) {
        feed.held!.push(...held.slice(i + 1));
        return;
      }
    }
  }

  /** Brings the room up to the store's head (or its new epoch), then releases what was held. */
  async #repair(feed: Feed): Promise<void> {
    if (feed.repairing || !feed.room) return;
    feed.repairing = true;
    const room = feed.room;
    try {
      const record = await this.store.ensurePlace(room.name);
      if (this.#feeds.get(room.name) !== feed) return;
      if (record.epoch !== room.epoch) {
        room.restart(record.epoch, record.head);
        this.onRestart(room);
      } else if (record.head > room.latest) {
        const missed = await this.store.readRange(room.name, room.latest + 1, record.head);
        if (this.#feeds.get(room.name) !== feed) return;
        for (const message of missed) {
          // Read back from the store, a message names its author only by nick: the session holding it here is left out.
          const session = room.members.get(nameKey(message.nick))?.id ?? '';
          if (message.seq > room.latest) room.apply({ kind: 'say', epoch: room.epoch, message, session });
        }
        this.#flushSoon(room);
      }
      feed.repairing = false;
      this.#release(feed, true);
    } catch (error) {
      feed.repairing = false;
      this.log('warn', 'fanout_repair_failed', { place: room.name, error: String(error) });
      setTimeout(() => void this.#repair(feed), REPAIR_RETRY_MS).unref();
    }
  }

  #flushSoon(room: Room): void {
    if (this.#toFlush.has(room)) return; // its flush is already scheduled
    this.#toFlush.add(room);
    if (this.#toFlush.size > 1) return;
    setImmediate(() => {
      for (const each of this.#toFlush) each.flush();
      this.#toFlush.clear();
    });
  }
}
