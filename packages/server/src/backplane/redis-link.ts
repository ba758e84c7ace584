import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { DEFAULT_REDIS_PREFIX } from '../options.js';
import { DEFAULT_REDIS_TIMEOUT_MS, failFastOptions } from '../redis/connection.js';
import {
  ADOPT_LUA,
  AWAY_LUA,
  BEAT_LUA,
  CLAIM_LUA,
  END_LUA,
  ENTER_LUA,
  EXIT_LUA,
  RENAME_LUA,
  ROTATE_LUA,
  SWEEP_LUA,
} from '../redis/presence-scripts.js';
import { StoreUnavailableError } from '../store/store.js';

export interface RedisLinkOptions {
  readonly url: string;
  readonly prefix?: string;
  readonly timeoutMs?: number;
  readonly log: Logger;
}

type Script = (...args: (string | number)[]) => Promise<unknown>;
export interface ScriptedRedis extends Redis {
  itmchatClaim: Script;
  itmchatEnd: Script;
  itmchatEnter: Script;
  itmchatExit: Script;
  itmchatBeat: Script;
  itmchatAdopt: Script;
  itmchatRotate: Script;
  itmchatRename: Script;
  itmchatAway: Script;
  itmchatSweep: Script;
}

/** What one half of the cluster (directory or place bus) listens to on the shared subscription. */
export interface LinkListener {
  /** The channels it wants, asked again on every (re)connection. */
  channels(): string[];
  message(channel: string, json: string): void;
  /** Subscribed again after a cut: what was published meanwhile was missed. */
  resubscribed?(): void;
  /** The command connection is (again) ready, after the presence changes held meanwhile went out. */
  commandsReady?(): void;
}

/**
 * A node's two connections to Redis, shared by its directory and its place bus. One runs the
 * presence scripts, in the order the chat issues them (a change that fails while Redis is away is
 * kept and replayed in order once it is back); one is subscribed to the channels both halves
 * want, subscribed again by hand on every reconnection.
 */
export class RedisLink {
  readonly nodeId = randomBytes(6).toString('base64url');
  readonly prefix: string;
  readonly timeoutMs: number;
  readonly commands: ScriptedRedis;
  readonly #subscriber: Redis;
  readonly log: Logger;
  readonly #listeners: LinkListener[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  /** Presence changes that failed while Redis was away, replayed in order once it is back. */
  #unsent: (() => Promise<unknown>)[] = [];
  #subscribedOnce = false;
  #closed = false;

  constructor(options: RedisLinkOptions) {
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.log = options.log;
    const timeoutMs = (this.timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS);
    const script = (lua: string) => ({ lua, numberOfKeys: 0 });
    this.commands = new Redis(options.url, {
      ...failFastOptions('itmchat-presence', timeoutMs),
      scripts: {
        itmchatClaim: script(CLAIM_LUA),
        itmchatEnd: script(END_LUA),
        itmchatEnter: script(ENTER_LUA),
        itmchatExit: script(EXIT_LUA),
        itmchatBeat: script(BEAT_LUA),
        itmchatAdopt: script(ADOPT_LUA),
        itmchatRotate: script(ROTATE_LUA),
        itmchatRename: script(RENAME_LUA),
        itmchatAway: script(AWAY_LUA),
        itmchatSweep: script(SWEEP_LUA),
      },
    }) as ScriptedRedis;
    // Subscriptions are made again by hand on each connection (see #subscribeAll), not by ioredis.
    this.#subscriber = new Redis(options.url, { ...failFastOptions('itmchat-fanout', timeoutMs), autoResubscribe: false });
    this.#subscriber.on('message', (channel: string, json: string) => {
      for (const listener of this.#listeners) listener.message(channel, json);
    });
    this.#subscriber.on('ready', () => void this.#subscribeAll());
    this.commands.on('ready', () => void this.#replay().then(() => this.#listeners.forEach((l) => l.commandsReady?.())));
    for (const connection of [this.commands, this.#subscriber]) {
      // Reported by trouble() and /healthz; without a listener ioredis would print each one.
      connection.on('error', (error: Error) => this.log('debug', 'redis_error', { error: error.message }));
    }
  }

  listen(listener: LinkListener): void {
    this.#listeners.push(listener);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Waits at most the timeout for both connections and the first subscriptions. */
  async started(): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    while (Date.now() < deadline && !this.#closed && (this.trouble() !== null || !this.#subscribedOnce)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  trouble(): string | null {
    if (this.#closed) return 'closed';
    for (const connection of [this.commands, this.#subscriber]) {
      if (connection.status !== 'ready') return `redis ${connection.status}`;
    }
    return null;
  }

  subscribe(channel: string): Promise<unknown> {
    return this.#subscriber.subscribe(channel);
  }

  unsubscribe(channel: string): void {
    this.#subscriber.unsubscribe(channel).catch(() => {
      // Cut off: the reconnected subscriber subscribes only to the channels still wanted.
    });
  }

  /** Runs `run` every `ms` until closed, without keeping the process alive. */
  every(ms: number, run: () => Promise<void>): void {
    const timer = setInterval(() => void run(), ms);
    timer.unref();
    this.#timers.push(timer);
  }

  /**
   * A presence change whose caller does not wait. Issued at once, so it runs before any later
   * command of this node; if Redis is away it is kept and replayed, in order, when Redis returns
   * (a leave during an outage must not leave a ghost listed).
   */
  fire(what: string, request: () => Promise<unknown>): void {
    if (this.#unsent.length > 0) {
      this.#unsent.push(request); // behind earlier failures, to keep the order
      return;
    }
    request().catch((error: unknown) => {
      this.log('warn', 'presence_deferred', { what, error: String(error) });
      this.#unsent.push(request);
    });
  }

  /** A request whose caller waits: a failure is a StoreUnavailableError naming `what`. */
  async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw new StoreUnavailableError(`${what}: ${(error as Error).message}`);
    }
  }

  /** Closes both connections; harmless again (the directory and the bus both close it). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    for (const connection of [this.commands, this.#subscriber]) {
      try {
        if (connection.status === 'ready') await connection.quit();
        else connection.disconnect();
      } catch {
        connection.disconnect();
      }
    }
  }

  /** On every (re)connection of the subscriber: subscribe to everything again, then let the halves fill what they missed. */
  async #subscribeAll(): Promise<void> {
    try {
      await this.#subscriber.subscribe(...this.#listeners.flatMap((listener) => listener.channels()));
      if (this.#subscribedOnce) for (const listener of this.#listeners) listener.resubscribed?.();
      this.#subscribedOnce = true;
    } catch (error) {
      this.log('warn', 'subscribe_failed', { error: String(error) });
    }
  }

  async #replay(): Promise<void> {
    while (this.#unsent.length > 0 && !this.#closed) {
      try {
        await this.#unsent[0]!();
      } catch (error) {
        this.log('warn', 'presence_replay_failed', { error: String(error) });
        return; // still away: the next 'ready' tries again
      }
      this.#unsent.shift();
    }
  }
}
