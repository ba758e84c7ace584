import type { Logger } from '../logger.js';
import type { PlaceEvent } from '../place-event.js';
import type { ChatStore } from '../store/store.js';
import type { FeedPosition, PlaceListener } from './place-bus.js';
import { nickKey } from '../nick-key.js';

/** Wait before reading a place again after a failed repair (Redis still away). */
const REPAIR_RETRY_MS = 250;

interface Feed {
  /** Null until the place is opened: events are held meanwhile. */
  position: { epoch: string; latest: number } | null;
  /** Events kept back, in order, while the place loads or a repair reads the store; null when live. */
  held: PlaceEvent[] | null;
  repairing: boolean;
}

/**
 * Turns what a node receives on its places' channels into each place's events, in number order,
 * each message exactly once. A message at or below what the place already has is dropped (it is
 * in the backlog of whoever entered since); one past it is delivered; a hole (pub/sub lost
 * messages while the subscriber was cut off) is filled from the store before anything later goes
 * out. It knows places and numbers only; what a place's room makes of the events is the chat's.
 */
export class PlaceFeeds {
  readonly #feeds = new Map<string, Feed>();

  constructor(
    readonly store: ChatStore,
    readonly listener: PlaceListener,
    readonly log: Logger,
  ) {}

  /** Starts holding the place's events until `opened` says where it stands. */
  open(place: string): void {
    if (!this.#feeds.has(place)) this.#feeds.set(place, { position: null, held: [], repairing: false });
  }

  opened(place: string, at: FeedPosition): void {
    const feed = this.#feeds.get(place);
    if (!feed) return;
    feed.position = { epoch: at.epoch, latest: at.head };
    this.#release(place, feed, false);
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
    else this.#apply(place, feed, event, false);
  }

  /** Whatever was published while nobody listened is read from the store, for every open place. */
  resync(): void {
    for (const [place, feed] of this.#feeds) {
      if (!feed.position) continue;
      feed.held ??= [];
      void this.#repair(place, feed);
    }
  }

  /** Delivers one event; false if it started a repair (the event is held until it ends). */
  #apply(place: string, feed: Feed, event: PlaceEvent, afterRepair: boolean): boolean {
    const position = feed.position!;
    if (event.kind !== 'say') {
      this.listener.deliver(place, event);
      return true;
    }
    const { seq } = event.message;
    if (afterRepair ? event.epoch !== position.epoch : event.epoch !== position.epoch || seq > position.latest + 1) {
      if (afterRepair) return true; // an old epoch's message, after the restart
      feed.held = [event];
      void this.#repair(place, feed);
      return false;
    }
    if (seq <= position.latest) return true;
    position.latest = seq;
    this.listener.deliver(place, event);
    return true;
  }

  #release(place: string, feed: Feed, afterRepair: boolean): void {
    const held = feed.held ?? [];
    feed.held = null;
    for (let i = 0; i < held.length; i++) {
      if (!this.#apply(place, feed, held[i]!, afterRepair)) {
        feed.held!.push(...held.slice(i + 1));
        return;
      }
    }
  }

  /** Brings the place up to the store's head (or its new epoch), then releases what was held. */
  async #repair(place: string, feed: Feed): Promise<void> {
    if (feed.repairing || !feed.position) return;
    feed.repairing = true;
    const position = feed.position;
    try {
      const record = await this.store.ensurePlace(place);
      if (this.#feeds.get(place) !== feed) return;
      if (record.epoch !== position.epoch) {
        position.epoch = record.epoch;
        position.latest = record.head;
        this.listener.restarted(place, record);
      } else if (record.head > position.latest) {
        const missed = await this.store.readRange(place, position.latest + 1, record.head);
        if (this.#feeds.get(place) !== feed) return;
        for (const message of missed) {
          if (message.seq <= position.latest) continue;
          position.latest = message.seq;
          const session = this.listener.sessionOf(place, nickKey(message.nick));
          this.listener.deliver(place, { kind: 'say', epoch: position.epoch, message, session });
        }
      }
      feed.repairing = false;
      this.#release(place, feed, true);
    } catch (error) {
      feed.repairing = false;
      this.log('warn', 'fanout_repair_failed', { place, error: String(error) });
      setTimeout(() => void this.#repair(place, feed), REPAIR_RETRY_MS).unref();
    }
  }
}
