import { parsePlaceEvent } from '../redis/events.js';
import { placeChannel } from '../redis/keys.js';
import { StoreUnavailableError, type ChatStore, type PlaceRecord } from '../store/store.js';
import type { SessionInfo } from './directory.js';
import type { Departure, FeedPosition, PlaceBus, PlaceListener } from './place-bus.js';
import { PlaceFeeds } from './place-feeds.js';
import type { RedisLink } from './redis-link.js';

/**
 * The place bus through Redis pub/sub: subscribed to the channel of every place with a room here.
 * Every message and presence event reaches this node from the subscription, its own included, so
 * all nodes see one order: the order Redis ran the scripts in (the store's append publishes says;
 * the presence scripts publish joins and leaves). PlaceFeeds fills holes from the store.
 */
export class RedisPlaceBus implements PlaceBus {
  readonly #link: RedisLink;
  readonly #feeds: PlaceFeeds;
  #listener: PlaceListener | null = null;

  constructor(link: RedisLink, store: ChatStore) {
    this.#link = link;
    this.#feeds = new PlaceFeeds(
      store,
      {
        deliver: (place, event) => this.#deliverTo().deliver(place, event),
        restarted: (place, record) => this.#deliverTo().restarted(place, record),
        sessionOf: (place, nickKey) => this.#deliverTo().sessionOf(place, nickKey),
      },
      link.log,
    );
    const channelPrefix = placeChannel('', link.prefix);
    link.listen({
      channels: () => this.#feeds.places().map((place) => placeChannel(place, link.prefix)),
      message: (channel, json) => {
        const event = channel.startsWith(channelPrefix) ? parsePlaceEvent(json) : null;
        if (event) this.#feeds.receive(channel.slice(channelPrefix.length), event);
      },
      resubscribed: () => this.#feeds.resync(),
    });
  }

  listen(listener: PlaceListener): void {
    this.#listener = listener;
  }

  async open(place: string, read: () => Promise<PlaceRecord>): Promise<PlaceRecord> {
    this.#feeds.open(place);
    try {
      // Subscribed before the head is read: a message published in between is held, then dropped as already in the head.
      await this.#link.subscribe(placeChannel(place, this.#link.prefix));
    } catch (error) {
      throw new StoreUnavailableError(`subscribe: ${(error as Error).message}`);
    }
    return read();
  }

  opened(place: string, at: FeedPosition | null): void {
    if (at) this.#feeds.opened(place, at);
    else this.closed(place);
  }

  closed(place: string): void {
    this.#feeds.close(place);
    this.#link.unsubscribe(placeChannel(place, this.#link.prefix));
  }

  stored(): void {
    // The store's append script published it: it comes back through the subscription.
  }

  entered(place: string, session: SessionInfo, from?: string): void {
    const link = this.#link;
    link.fire('enter', () =>
      link.commands.itmchatEnter(link.prefix, session.id, place, session.key, session.nick, link.nodeId, from ?? ''),
    );
  }

  exited(place: string, session: SessionInfo, how: Departure): void {
    const link = this.#link;
    const to = how.reason === 'moved' ? how.to : '';
    link.fire('exit', () => link.commands.itmchatExit(link.prefix, session.id, place, session.key, session.nick, how.reason, to));
  }

  typing(place: string, session: SessionInfo): void {
    const link = this.#link;
    const event = JSON.stringify({ kind: 'typing', nick: session.nick, session: session.id });
    link.fire('typing', () => link.commands.publish(placeChannel(place, link.prefix), event));
  }

  awayChanged(place: string, session: SessionInfo, away: string | null): void {
    const link = this.#link;
    link.fire('away', () =>
      link.commands.itmchatAway(link.prefix, session.id, place, session.key, session.nick, away === null ? '0' : '1', away ?? ''),
    );
  }

  close(): Promise<void> {
    return this.#link.close();
  }

  #deliverTo(): PlaceListener {
    if (!this.#listener) throw new Error('place bus has no listener');
    return this.#listener;
  }
}
