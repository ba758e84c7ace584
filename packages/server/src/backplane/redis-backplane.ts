import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { DEFAULT_NODE_TTL_MS, DEFAULT_REDIS_PREFIX } from '../options.js';
import { secretMatches, type PresentedToken } from '../session-token.js';
import { DEFAULT_REDIS_TIMEOUT_MS, failFastOptions } from '../redis/connection.js';
import { nodesChannel, placeChannel, placesKey, redisKey } from '../redis/keys.js';
import { StoreUnavailableError, type ChatStore, type PlaceRecord } from '../store/store.js';
import type { Directory, DirectoryNode, SessionInfo, SessionRecord } from './directory.js';
import type { Departure, FeedPosition, PlaceBus, PlaceListener } from './place-bus.js';
import { parseNodeEvent, parsePlaceEvent } from '../redis/events.js';
import { PlaceFeeds } from './place-feeds.js';
import { ADOPT_LUA, BEAT_LUA, CLAIM_LUA, END_LUA, ENTER_LUA, EXIT_LUA, ROTATE_LUA, SWEEP_LUA } from '../redis/presence-scripts.js';

/** Sessions per heartbeat script call, so one call stays short. */
const BEAT_BATCH = 250;

export interface RedisBackplaneOptions {
  readonly url: string;
  readonly prefix?: string;
  readonly timeoutMs?: number;
  /** A node beats every third of it and sweeps every half: a crashed node's visitors leave presence within 1.5 × this. */
  readonly nodeTtlMs?: number;
  /** The grace period: a session's claim and record outlive its node's last beat by this much, so it can resume elsewhere. */
  readonly graceMs: number;
  /** The node's store, read to fill holes in the fan-out. */
  readonly store: ChatStore;
  readonly log: Logger;
}

type Script = (...args: (string | number)[]) => Promise<unknown>;
interface ScriptedRedis extends Redis {
  itmchatClaim: Script;
  itmchatEnd: Script;
  itmchatEnter: Script;
  itmchatExit: Script;
  itmchatBeat: Script;
  itmchatAdopt: Script;
  itmchatRotate: Script;
  itmchatSweep: Script;
}

/**
 * The cluster through Redis, both its halves in one object: the Directory and the PlaceBus share
 * its two connections and scripts (see redis/). Two connections: one for presence commands (run in the order the
 * chat issues them), one subscribed to the `nodes` channel and to the channel of every place with
 * a room here. Every message and presence event reaches rooms from the subscription, this node's
 * own included, so all nodes see one order: the order Redis ran the scripts in.
 */
export class RedisBackplane implements Directory, PlaceBus {
  readonly nodeId = randomBytes(6).toString('base64url');
  readonly #prefix: string;
  readonly #nodeTtlMs: number;
  readonly #sessionTtlMs: number;
  readonly #commands: ScriptedRedis;
  readonly #subscriber: Redis;
  readonly #feeds: PlaceFeeds;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #log: Logger;
  readonly #timeoutMs: number;
  #node: DirectoryNode | null = null;
  #listener: PlaceListener | null = null;
  /** Presence changes that failed while Redis was away, replayed in order once it is back. */
  #unsent: (() => Promise<unknown>)[] = [];
  #subscribedOnce = false;
  #closed = false;

  constructor(options: RedisBackplaneOptions) {
    this.#prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.#nodeTtlMs = options.nodeTtlMs ?? DEFAULT_NODE_TTL_MS;
    this.#sessionTtlMs = options.graceMs + this.#nodeTtlMs;
    this.#log = options.log;
    const timeoutMs = (this.#timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS);
    const script = (lua: string) => ({ lua, numberOfKeys: 0 });
    this.#commands = new Redis(options.url, {
      ...failFastOptions('itmchat-presence', timeoutMs),
      scripts: {
        itmchatClaim: script(CLAIM_LUA),
        itmchatEnd: script(END_LUA),
        itmchatEnter: script(ENTER_LUA),
        itmchatExit: script(EXIT_LUA),
        itmchatBeat: script(BEAT_LUA),
        itmchatAdopt: script(ADOPT_LUA),
        itmchatRotate: script(ROTATE_LUA),
        itmchatSweep: script(SWEEP_LUA),
      },
    }) as ScriptedRedis;
    // Subscriptions are made again by hand on each connection (see #subscribeAll), not by ioredis.
    this.#subscriber = new Redis(options.url, { ...failFastOptions('itmchat-fanout', timeoutMs), autoResubscribe: false });
    this.#feeds = new PlaceFeeds(
      options.store,
      {
        deliver: (place, event) => this.#deliverTo().deliver(place, event),
        restarted: (place, record) => this.#deliverTo().restarted(place, record),
        sessionOf: (place, nickKey) => this.#deliverTo().sessionOf(place, nickKey),
      },
      this.#log,
    );

    this.#subscriber.on('message', (channel: string, json: string) => this.#receive(channel, json));
    this.#subscriber.on('ready', () => void this.#subscribeAll());
    this.#commands.on('ready', () => void this.#replay().then(() => this.#beat()));
    for (const connection of [this.#commands, this.#subscriber]) {
      // Reported by trouble() and /healthz; without a listener ioredis would print each one.
      connection.on('error', (error: Error) => this.#log('debug', 'redis_error', { error: error.message }));
    }
    this.#every(Math.max(50, Math.floor(this.#nodeTtlMs / 3)), () => this.#beat());
    this.#every(Math.max(50, Math.floor(this.#nodeTtlMs / 2)), () => this.#sweep());
  }

  attach(node: DirectoryNode): void {
    this.#node = node;
  }

  listen(listener: PlaceListener): void {
    this.#listener = listener;
  }

  /** Waits at most the timeout for both connections and the first subscriptions. */
  async started(): Promise<void> {
    const deadline = Date.now() + this.#timeoutMs;
    while (Date.now() < deadline && !this.#closed && (this.trouble() !== null || !this.#subscribedOnce)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  trouble(): string | null {
    if (this.#closed) return 'closed';
    for (const connection of [this.#commands, this.#subscriber]) {
      if (connection.status !== 'ready') return `redis ${connection.status}`;
    }
    return null;
  }

  async open(place: string, read: () => Promise<PlaceRecord>): Promise<PlaceRecord> {
    this.#feeds.open(place);
    try {
      // Subscribed before the head is read: a message published in between is held, then dropped as already in the head.
      await this.#subscriber.subscribe(placeChannel(place, this.#prefix));
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
    this.#subscriber.unsubscribe(placeChannel(place, this.#prefix)).catch(() => {
      // Cut off: the reconnected subscriber subscribes only to the places still open.
    });
  }

  stored(): void {
    // The store's append script published it: it comes back through the subscription.
  }

  async claim(session: SessionInfo): Promise<boolean> {
    const claimed = await this.#call('claim', () =>
      this.#commands.itmchatClaim(
        this.#prefix,
        session.id,
        session.digest,
        session.nick,
        session.key,
        session.place,
        this.nodeId,
        this.#sessionTtlMs,
      ),
    );
    return claimed === 1;
  }

  unclaim(session: SessionInfo): void {
    this.ended(session);
  }

  entered(place: string, session: SessionInfo, from?: string): void {
    this.#fire('enter', () =>
      this.#commands.itmchatEnter(this.#prefix, session.id, place, session.key, session.nick, this.nodeId, from ?? ''),
    );
  }

  exited(place: string, session: SessionInfo, how: Departure): void {
    const to = how.reason === 'moved' ? how.to : '';
    this.#fire('exit', () => this.#commands.itmchatExit(this.#prefix, session.id, place, session.key, session.nick, how.reason, to));
  }

  ended(session: SessionInfo): void {
    this.#fire('end', () => this.#commands.itmchatEnd(this.#prefix, session.id, session.key));
  }

  async adopt(presented: PresentedToken, digest: string): Promise<SessionRecord | null> {
    const { id, secret } = presented;
    // Compared here in constant time; the script then takes the session only if that digest is still current.
    const current = await this.#call('adopt', () => this.#commands.hget(redisKey(this.#prefix, 'session', id), 'digest'));
    if (!current || !secretMatches(secret, current)) return null;
    const reply = await this.#call('adopt', () =>
      this.#commands.itmchatAdopt(this.#prefix, id, current, digest, this.nodeId, this.#sessionTtlMs),
    );
    if (!Array.isArray(reply)) return null;
    const [nick, key, place] = reply as unknown[];
    if (typeof nick !== 'string' || typeof key !== 'string' || typeof place !== 'string') return null;
    return { id, nick, key, place };
  }

  async rotate(session: SessionInfo, from: string, to: string): Promise<boolean> {
    const reply = await this.#call('rotate', () => this.#commands.itmchatRotate(this.#prefix, session.id, from, to, this.nodeId));
    return reply === 1;
  }

  async members(place: string): Promise<string[]> {
    const entries = await this.#call('members', () => this.#commands.hgetall(redisKey(this.#prefix, 'presence', place)));
    return inJoinOrder(entries).map((e) => e.nick);
  }

  async everyone(): Promise<{ nick: string; place: string }[]> {
    const places = (await this.#call('places', () => this.#commands.smembers(placesKey(this.#prefix)))).sort((a, b) => a.localeCompare(b));
    const pipeline = this.#commands.pipeline();
    for (const place of places) pipeline.hgetall(redisKey(this.#prefix, 'presence', place));
    const replies = places.length ? await this.#call('everyone', () => pipeline.exec()) : [];
    return places.flatMap((place, i) => {
      const [error, entries] = replies?.[i] ?? [null, {}];
      if (error) throw new StoreUnavailableError(`everyone: ${error.message}`);
      return inJoinOrder(entries as Record<string, string>).map((e) => ({ nick: e.nick, place }));
    });
  }

  /** Closes both halves at once (the directory and the bus are this one object); harmless again. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    for (const connection of [this.#commands, this.#subscriber]) {
      try {
        if (connection.status === 'ready') await connection.quit();
        else connection.disconnect();
      } catch {
        connection.disconnect();
      }
    }
  }

  /** On every (re)connection of the subscriber: subscribe to everything again, then fill what was missed meanwhile. */
  async #subscribeAll(): Promise<void> {
    try {
      const channels = [nodesChannel(this.#prefix), ...this.#feeds.places().map((place) => placeChannel(place, this.#prefix))];
      await this.#subscriber.subscribe(...channels);
      if (this.#subscribedOnce) this.#feeds.resync();
      this.#subscribedOnce = true;
    } catch (error) {
      this.#log('warn', 'subscribe_failed', { error: String(error) });
    }
  }

  #receive(channel: string, json: string): void {
    if (channel === nodesChannel(this.#prefix)) {
      const event = parseNodeEvent(json);
      if (event && event.node !== this.nodeId) this.#chat().sessionTaken(event.session);
      return;
    }
    const channelPrefix = placeChannel('', this.#prefix);
    const event = channel.startsWith(channelPrefix) ? parsePlaceEvent(json) : null;
    if (event) this.#feeds.receive(channel.slice(channelPrefix.length), event);
  }

  /** Says this node is alive, and renews (or writes again) its sessions' claims, records and presence. */
  async #beat(): Promise<void> {
    if (this.#closed || this.#commands.status !== 'ready') return;
    const sessions = [...this.#chat().sessions()];
    for (let i = 0; i === 0 || i < sessions.length; i += BEAT_BATCH) {
      const args = sessions.slice(i, i + BEAT_BATCH).flatMap((s) => [s.id, s.digest, s.nick, s.key, s.place]);
      try {
        const lost = await this.#commands.itmchatBeat(this.#prefix, this.nodeId, this.#nodeTtlMs, this.#sessionTtlMs, ...args);
        if (Array.isArray(lost)) for (const id of lost) this.#chat().sessionTaken(String(id));
      } catch (error) {
        this.#log('warn', 'beat_failed', { error: String(error) });
        return;
      }
    }
  }

  async #sweep(): Promise<void> {
    if (this.#closed || this.#commands.status !== 'ready') return;
    try {
      const swept = await this.#commands.itmchatSweep(this.#prefix);
      if (swept) this.#log('info', 'presence_swept', { visitors: swept });
    } catch (error) {
      this.#log('warn', 'sweep_failed', { error: String(error) });
    }
  }

  #every(ms: number, run: () => Promise<void>): void {
    const timer = setInterval(() => void run(), ms);
    timer.unref();
    this.#timers.push(timer);
  }

  /**
   * A presence change whose caller does not wait. Issued at once, so it runs before any later
   * command of this node; if Redis is away it is kept and replayed, in order, when Redis returns
   * (a leave during an outage must not leave a ghost listed).
   */
  #fire(what: string, request: () => Promise<unknown>): void {
    if (this.#unsent.length > 0) {
      this.#unsent.push(request); // behind earlier failures, to keep the order
      return;
    }
    request().catch((error: unknown) => {
      this.#log('warn', 'presence_deferred', { what, error: String(error) });
      this.#unsent.push(request);
    });
  }

  async #replay(): Promise<void> {
    while (this.#unsent.length > 0 && !this.#closed) {
      try {
        await this.#unsent[0]!();
      } catch (error) {
        this.#log('warn', 'presence_replay_failed', { error: String(error) });
        return; // still away: the next 'ready' tries again
      }
      this.#unsent.shift();
    }
  }

  async #call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw new StoreUnavailableError(`${what}: ${(error as Error).message}`);
    }
  }

  #chat(): DirectoryNode {
    if (!this.#node) throw new Error('directory not attached');
    return this.#node;
  }

  #deliverTo(): PlaceListener {
    if (!this.#listener) throw new Error('place bus has no listener');
    return this.#listener;
  }
}

function inJoinOrder(entries: Record<string, string>): { nick: string; order: number }[] {
  return Object.values(entries)
    .map((json) => JSON.parse(json) as { nick: string; order: number })
    .sort((a, b) => a.order - b.order);
}
