/**
 * The shared store for several server nodes: one Redis (a single instance, or a primary with
 * replicas), which every node reads and numbers through.
 *
 * Keys and channels: see redis/keys.ts (docs/scaling.md has them in full); the scripts: redis/store-scripts.ts.
 *
 * Atomicity: `append` is ONE script call (EVALSHA, falling back to EVAL after a restart) for the
 * whole batch. Redis runs a script alone, start to end, so for each draft in order the cid check,
 * the place creation, HINCRBY head, XADD `<seq>-0`, the cid record, the trim and the PUBLISH are
 * one step: no other node can take a number in between, so numbering is gap-free and
 * repeat-free across nodes, and subscribers see messages in number order (PUBLISH from the
 * script is ordered with the writes). "All or none": a script is not rolled back if a command
 * inside it fails, so the script issues nothing that can fail on keys it owns; what remains are
 * outside causes — another program writing wrong types under the prefix, or an evicting
 * `maxmemory-policy` dropping keys (run Redis with `noeviction`, its default). When Redis is out
 * of memory, the first write fails before anything is written (Redis refuses only a script's
 * first write). Epochs are made here in TypeScript and passed in, because a script must do the
 * same thing on every replica (no randomness inside).
 *
 * Trimming and cids: every append trims its place's stream to exactly `historyLimit` (XTRIM
 * MAXLEN without `~`, so about one entry per append) and forgets the cids of the trimmed
 * messages, so the cid index holds only retained messages, exactly as the SQLite and memory
 * stores do: a retry of a message already trimmed out of history is stored again as new.
 *
 * Failure: see redis/connection.ts. A timed-out append may still have been stored: the caller
 * acknowledges nothing, and the author's retry with the same cid gets the original back (`duplicate: true`).
 * A Redis restarted without persistence comes back empty: places get new epochs, which tells
 * clients to drop the numbers they hold.
 */
import { Redis } from 'ioredis';
import type { ChatMessage, MessageKind } from '@itmchat/protocol';
import { DEFAULT_REDIS_PREFIX } from '../options.js';
import { DEFAULT_REDIS_TIMEOUT_MS, failFastOptions } from '../redis/connection.js';
import { redisKey, type KeyKind } from '../redis/keys.js';
import { APPEND_LUA, ENSURE_PLACE_LUA, RELEASE_PLACE_LUA } from '../redis/store-scripts.js';
import { newEpoch } from './epoch.js';
import {
  CONVERSATIONS_LISTED,
  StoreUnavailableError,
  messageOf,
  type AppendOutcome,
  type ChatStore,
  type ConversationRecord,
  type MessageDraft,
  type PlaceRecord,
} from './store.js';

export interface RedisStoreOptions {
  /** `redis://[[user]:password@]host[:port][/db]`. */
  readonly url: string;
  readonly historyLimit: number;
  readonly prefix?: string;
  readonly timeoutMs?: number;
  /** A place's keys expire this long after its last message (0: never); see `expire`. */
  readonly retentionMs?: number;
}

/**
 * A place with no message expires a day after a node last opened it: names made and left cost
 * nothing for long, without a cluster-wide view of who is where. One held open longer by silent
 * visitors gets a new epoch at its first say (nodes then see a restart; nothing is lost).
 */
export const EMPTY_PLACE_TTL_MS = 86_400_000;

/** The client with the two scripts defined on it (ioredis adds them as methods). */
interface StoreRedis extends Redis {
  /** One array, not spread arguments: a batch of thousands would overflow the call stack. */
  itmchatAppend(numberOfKeysThenKeysThenArgs: (string | number)[]): Promise<unknown>;
  itmchatEnsurePlace(placeKey: string, epoch: string, emptyTtlMs: string): Promise<unknown>;
  itmchatReleasePlace(placeKey: string, presenceKey: string): Promise<unknown>;
}

export class RedisStore implements ChatStore {
  readonly #redis: StoreRedis;
  readonly #prefix: string;
  readonly #historyLimit: number;
  readonly #timeoutMs: number;
  #everReady = false;
  readonly #retentionMs: number;
  #closed = false;
  #lastError = '';

  constructor(options: RedisStoreOptions) {
    this.#prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.#historyLimit = options.historyLimit;
    this.#retentionMs = options.retentionMs ?? 0;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
    this.#redis = new Redis(options.url, {
      ...failFastOptions('itmchat-store', this.#timeoutMs),
      scripts: {
        itmchatAppend: { lua: APPEND_LUA },
        itmchatEnsurePlace: { lua: ENSURE_PLACE_LUA, numberOfKeys: 1 },
        itmchatReleasePlace: { lua: RELEASE_PLACE_LUA, numberOfKeys: 2 },
      },
    }) as StoreRedis;
    this.#redis.on('ready', () => {
      this.#everReady = true;
    });
    // Kept for the next StoreUnavailableError; without a listener ioredis would print each one.
    this.#redis.on('error', (error: Error) => {
      this.#lastError = error.message;
    });
  }

  async ensurePlace(name: string): Promise<PlaceRecord> {
    const reply = await this.#call('ensurePlace', (redis) =>
      redis.itmchatEnsurePlace(this.#key('place', name), newEpoch(), String(EMPTY_PLACE_TTL_MS)),
    );
    const [epoch, head, topic] = asArray(reply);
    const record = { name, epoch: asString(epoch), head: asInteger(head) };
    return typeof topic === 'string' && topic !== '' ? { ...record, topic } : record;
  }

  async conversationsOf(visitor: string, limit: number): Promise<ConversationRecord[]> {
    const listed = await this.#call('conversations', (redis) => redis.hgetall(redisKey(this.#prefix, 'conversations', visitor)));
    const entries = Object.entries(listed)
      .map(([id, json]) => ({ id, ...(JSON.parse(json) as { with: string; at: number }) }))
      .sort((a, b) => b.at - a.at)
      .slice(0, limit);
    if (entries.length === 0) return [];
    const places = await this.#call('conversations', (redis) => {
      const pipeline = redis.pipeline();
      for (const { id } of entries) pipeline.hmget(this.#key('place', id), 'epoch', 'head');
      return pipeline.exec();
    });
    return entries.flatMap(({ id, with: other }, i) => {
      const [error, fields] = places?.[i] ?? [null, null];
      const [epoch, head] = error ? [] : ((fields as (string | null)[] | null) ?? []);
      return typeof epoch === 'string' && typeof head === 'string' ? [{ id, with: other, epoch, head: Number(head) }] : [];
    });
  }

  async append(drafts: readonly MessageDraft[]): Promise<AppendOutcome[]> {
    const keys: string[] = [];
    const args: string[] = [this.#prefix, String(this.#historyLimit), String(this.#retentionMs), String(CONVERSATIONS_LISTED)];
    const epochs = new Map<string, string>();
    for (const d of drafts) {
      let epoch = epochs.get(d.place);
      if (epoch === undefined) epochs.set(d.place, (epoch = newEpoch()));
      keys.push(this.#key('place', d.place), this.#key('history', d.place), this.#key('cid', d.author));
      const [sender, recipient] = d.parties ?? [];
      args.push(d.place, epoch, d.nick, d.author, d.cid, d.text, String(d.at), d.session ?? '', d.kind ?? '', d.to ?? '');
      args.push(sender?.visitor ?? '', sender?.nick ?? '', recipient?.visitor ?? '', recipient?.nick ?? '');
    }
    const request = [keys.length, ...keys, ...args];
    const reply = await this.#call('append', async (redis) => (drafts.length ? redis.itmchatAppend(request) : []));
    const rows = asArray(reply);
    if (rows.length !== drafts.length) throw new StoreUnavailableError(`append: ${rows.length} outcomes for ${drafts.length} drafts`);
    return drafts.map((d, i) => parseOutcome(asArray(rows[i]), d));
  }

  async nickAccount(key: string): Promise<string | null> {
    return this.#call('nickAccount', (redis) => redis.get(redisKey(this.#prefix, 'nick-account', key)));
  }

  async reserveNick(key: string, subject: string): Promise<string> {
    // SET NX GET (Redis 7): one step, so two accounts racing for a nick get one answer.
    const earlier = await this.#call('reserveNick', (redis) =>
      redis.set(redisKey(this.#prefix, 'nick-account', key), subject, 'NX', 'GET'),
    );
    return earlier ?? subject;
  }

  async readRange(place: string, from: number, to: number): Promise<ChatMessage[]> {
    const first = Math.max(0, from);
    const last = Math.min(to, Number.MAX_SAFE_INTEGER);
    if (first > last) return this.#call('readRange', async () => []);
    const entries = await this.#call('readRange', (redis) => redis.xrange(this.#key('history', place), `${first}-0`, `${last}-0`));
    return entries.map(([id, fields]) => toMessage(id, fields));
  }

  /**
   * Deletes the place if it never had a message and nobody on any node is in it (its presence
   * hash is gone). Best effort: a place missed here expires by itself (EMPTY_PLACE_TTL_MS).
   */
  async release(name: string): Promise<void> {
    await this.#call('release', (redis) => redis.itmchatReleasePlace(this.#key('place', name), this.#key('presence', name)));
  }

  /** Places expire by themselves (`retentionMs` after their last message): nothing to sweep. */
  async expire(): Promise<number> {
    return 0;
  }

  async check(): Promise<void> {
    await this.#call('ping', (redis) => redis.ping());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#redis.status === 'ready') {
      try {
        await this.#redis.quit();
        return;
      } catch {
        // No goodbye possible: drop the connection below.
      }
    }
    this.#redis.disconnect();
  }

  #key(kind: Extract<KeyKind, 'place' | 'history' | 'cid' | 'presence'>, name: string): string {
    return redisKey(this.#prefix, kind, name);
  }

  /** Runs one request, turning "closed", "not connected" and every Redis error into StoreUnavailableError. */
  async #call<T>(what: string, request: (redis: StoreRedis) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError('store is closed');
    if (!this.#everReady) await this.#firstConnection(what);
    if (this.#redis.status !== 'ready') {
      throw new StoreUnavailableError(
        `${what}: redis is not connected (${this.#redis.status}${this.#lastError ? `: ${this.#lastError}` : ''})`,
      );
    }
    try {
      return await request(this.#redis);
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(`${what}: ${(error as Error).message}`);
    }
  }

  /** Waits, at most timeoutMs, for the connection made by the constructor. */
  #firstConnection(what: string): Promise<void> {
    const redis = this.#redis;
    return new Promise((resolve, reject) => {
      const done = (error?: StoreUnavailableError): void => {
        clearTimeout(timer);
        redis.off('ready', onReady).off('end', onEnd);
        if (error) reject(error);
        else resolve();
      };
      const onReady = (): void => done();
      const onEnd = (): void => done(new StoreUnavailableError('store is closed'));
      const timer = setTimeout(
        () =>
          done(
            new StoreUnavailableError(
              `${what}: no connection to redis within ${this.#timeoutMs} ms${this.#lastError ? `: ${this.#lastError}` : ''}`,
            ),
          ),
        this.#timeoutMs,
      );
      redis.on('ready', onReady).on('end', onEnd);
    });
  }
}

function parseOutcome(row: unknown[], draft: MessageDraft): AppendOutcome {
  const [flag, place, seq, at, nick, text, kind, to] = row;
  if (asInteger(flag) === 0) return { place: asString(place), message: messageOf(draft, asInteger(seq)), duplicate: false };
  const fields = { at: asString(at), nick: asString(nick), text: asString(text), kind: asString(kind), to: asString(to) };
  return { place: asString(place), message: storedMessage(asInteger(seq), fields), duplicate: true };
}

function toMessage(id: string, flat: readonly string[]): ChatMessage {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
  return storedMessage(Number(id.slice(0, id.indexOf('-'))), fields);
}

/** A stream entry's fields as a message: kind and recipient only where they were stored. */
function storedMessage(seq: number, fields: Readonly<Record<string, string | undefined>>): ChatMessage {
  const message: ChatMessage = { seq, at: Number(fields.at), nick: fields.nick ?? '', text: fields.text ?? '' };
  const kind = fields.kind as Exclude<MessageKind, 'say'> | '' | undefined;
  if (!kind) return message;
  return fields.to ? { ...message, kind, to: fields.to } : { ...message, kind };
}

function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new StoreUnavailableError(`unexpected reply from redis: ${String(value)}`);
  return value;
}

function asString(value: unknown): string {
  if (typeof value !== 'string') throw new StoreUnavailableError(`unexpected reply from redis: ${String(value)}`);
  return value;
}

function asInteger(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new StoreUnavailableError(`unexpected reply from redis: ${String(value)}`);
  return n;
}
