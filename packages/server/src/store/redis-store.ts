/**
 * The shared store for several server nodes: one Redis (a single instance, or a primary with
 * replicas), which every node reads and numbers through.
 *
 * Key layout, all under `prefix` (default `itmchat:`):
 * - `place:<name>`   hash {epoch, head}. `head` is the last number given; it never goes down,
 *                    even when history is trimmed, so a number is never reused.
 * - `history:<name>` stream; the message numbered N has entry id `N-0`, so "messages from..to"
 *                    is one exact XRANGE `from-0 to-0`. Fields: at, nick, text, author, cid.
 * - `cid:<author>`   hash cid → "<seq> <place>": a repeated author + cid finds the original, in
 *                    whichever place it was stored. The seq comes first (digits only), so any
 *                    place name can follow the first space.
 * The pub/sub channel `place:<name>` (same prefix; channels do not share the key space)
 * carries each new message as JSON {kind: "say", seq, at, nick, text, epoch, author, session}; see
 * `placeChannel`. The backplane publishes the place's presence events on the same channel.
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
 * Keys: the script declares the keys of each draft, but also reads the history of a duplicate's
 * original place and the cid hashes of trimmed authors. That is fine on one Redis; for Redis
 * Cluster, put a hash tag in the prefix (e.g. `{itmchat}:`) so every key is in one slot.
 *
 * Failure: the client never queues commands while disconnected (`enableOfflineQueue: false`),
 * does not retry nor resend a command whose connection dropped (`maxRetriesPerRequest: 0`,
 * `autoResendUnfulfilledCommands: false`), and gives up on a reply after `timeoutMs`. So while
 * Redis is down every call rejects at once with StoreUnavailableError; meanwhile the client
 * reconnects by itself (every ≤ 500 ms) and calls work again once Redis is back. A timed-out
 * append may still have been stored: the caller acknowledges nothing, and the author's retry
 * with the same cid gets the original back (`duplicate: true`). Only the very first connection
 * is waited for (at most `timeoutMs`), so a store can be used right after it is constructed.
 * A Redis restarted without persistence comes back empty: places get new epochs, which tells
 * clients to drop the numbers they hold.
 */
import { Redis } from 'ioredis';
import type { ChatMessage } from '@itmchat/protocol';
import { DEFAULT_REDIS_PREFIX } from '../options.js';
import { newEpoch } from './epoch.js';
import { StoreUnavailableError, type AppendOutcome, type ChatStore, type MessageDraft, type PlaceRecord } from './store.js';

export { DEFAULT_REDIS_PREFIX };
/** Longest wait for a reply, and for the first connection. Calls fail at once while Redis is known to be down. */
export const DEFAULT_REDIS_TIMEOUT_MS = 1_000;
/** Reconnect backoff: 50 ms more per attempt, capped here. */
const RECONNECT_MAX_DELAY_MS = 500;

/**
 * Connection options for every itmchat connection to Redis: never queue a command while
 * disconnected, never resend one whose connection dropped, give up on a reply after
 * `timeoutMs`, and reconnect by itself (every ≤ 500 ms). See the failure notes above.
 */
export function failFastOptions(connectionName: string, timeoutMs: number) {
  return {
    connectionName,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    retryStrategy: (attempt: number) => Math.min(attempt * 50, RECONNECT_MAX_DELAY_MS),
  };
}

export interface RedisStoreOptions {
  /** `redis://[[user]:password@]host[:port][/db]`. */
  readonly url: string;
  readonly historyLimit: number;
  readonly prefix?: string;
  readonly timeoutMs?: number;
}

/** The pub/sub channel on which `append` publishes each new message of a place, in number order. */
export function placeChannel(place: string, prefix: string = DEFAULT_REDIS_PREFIX): string {
  return `${prefix}place:${place}`;
}

/** What a subscriber of `placeChannel` receives, as JSON, for each new message. */
export interface PublishedMessage extends ChatMessage {
  readonly kind: 'say';
  readonly epoch: string;
  /** The author's nick key. */
  readonly author: string;
  /** The author's session ('' when the draft named none): the one member not sent the line. */
  readonly session: string;
}

// KEYS: 3 per draft (place hash, history stream, the author's cid hash).
// ARGV: prefix, historyLimit, then 8 per draft (place, fresh epoch, nick, author, cid, text, at, session).
// Returns per draft {0, place, seq} when stored, {1, place, seq, at, nick, text} for a duplicate.
const APPEND_LUA = `
local prefix = ARGV[1]
local limit = tonumber(ARGV[2])

local function fieldsOf(flat)
  local f = {}
  for i = 1, #flat, 2 do f[flat[i]] = flat[i + 1] end
  return f
end

local function stored(entry)
  local space = string.find(entry, ' ', 1, true)
  if not space then return nil end
  local seq = string.sub(entry, 1, space - 1)
  local place = string.sub(entry, space + 1)
  local found = redis.call('XRANGE', prefix .. 'history:' .. place, seq .. '-0', seq .. '-0')
  if not found[1] then return nil end
  local f = fieldsOf(found[1][2])
  return {1, place, tonumber(seq), f.at, f.nick, f.text}
end

local function trim(historyKey, place)
  local excess = redis.call('XLEN', historyKey) - limit
  if excess <= 0 then return end
  for _, entry in ipairs(redis.call('XRANGE', historyKey, '-', '+', 'COUNT', excess)) do
    local f = fieldsOf(entry[2])
    local cidKey = prefix .. 'cid:' .. f.author
    if redis.call('HGET', cidKey, f.cid) == string.match(entry[1], '^%d+') .. ' ' .. place then
      redis.call('HDEL', cidKey, f.cid)
    end
  end
  redis.call('XTRIM', historyKey, 'MAXLEN', limit)
end

local epochs = {}
local out = {}
for i = 0, #KEYS / 3 - 1 do
  local placeKey, historyKey, cidKey = KEYS[3 * i + 1], KEYS[3 * i + 2], KEYS[3 * i + 3]
  local a = 2 + 8 * i
  local place, epoch, nick, author, cid, text, at, session =
    ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], ARGV[a + 8]
  local earlier = redis.call('HGET', cidKey, cid)
  local outcome = earlier and stored(earlier)
  if not outcome then
    if not epochs[place] then
      redis.call('HSETNX', placeKey, 'epoch', epoch)
      epochs[place] = redis.call('HGET', placeKey, 'epoch')
    end
    local seq = string.format('%d', redis.call('HINCRBY', placeKey, 'head', 1))
    redis.call('XADD', historyKey, seq .. '-0', 'at', at, 'nick', nick, 'text', text, 'author', author, 'cid', cid)
    redis.call('HSET', cidKey, cid, seq .. ' ' .. place)
    trim(historyKey, place)
    redis.call('PUBLISH', prefix .. 'place:' .. place,
      '{"kind":"say","seq":' .. seq .. ',"at":' .. at .. ',"nick":' .. cjson.encode(nick) .. ',"text":' .. cjson.encode(text) ..
      ',"epoch":' .. cjson.encode(epochs[place]) .. ',"author":' .. cjson.encode(author) .. ',"session":' .. cjson.encode(session) .. '}')
    outcome = {0, place, tonumber(seq)}
  end
  out[#out + 1] = outcome
end
return out
`;

// KEYS: place hash. ARGV: fresh epoch. Returns {epoch, head}.
const ENSURE_PLACE_LUA = `
redis.call('HSETNX', KEYS[1], 'epoch', ARGV[1])
redis.call('HSETNX', KEYS[1], 'head', 0)
return redis.call('HMGET', KEYS[1], 'epoch', 'head')
`;

/** The client with the two scripts defined on it (ioredis adds them as methods). */
interface ScriptedRedis extends Redis {
  /** One array, not spread arguments: a batch of thousands would overflow the call stack. */
  itmchatAppend(numberOfKeysThenKeysThenArgs: (string | number)[]): Promise<unknown>;
  itmchatEnsurePlace(placeKey: string, epoch: string): Promise<unknown>;
}

export class RedisStore implements ChatStore {
  readonly #redis: ScriptedRedis;
  readonly #prefix: string;
  readonly #historyLimit: number;
  readonly #timeoutMs: number;
  #everReady = false;
  #closed = false;
  #lastError = '';

  constructor(options: RedisStoreOptions) {
    this.#prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.#historyLimit = options.historyLimit;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
    this.#redis = new Redis(options.url, {
      ...failFastOptions('itmchat-store', this.#timeoutMs),
      scripts: {
        itmchatAppend: { lua: APPEND_LUA },
        itmchatEnsurePlace: { lua: ENSURE_PLACE_LUA, numberOfKeys: 1 },
      },
    }) as ScriptedRedis;
    this.#redis.on('ready', () => {
      this.#everReady = true;
    });
    // Kept for the next StoreUnavailableError; without a listener ioredis would print each one.
    this.#redis.on('error', (error: Error) => {
      this.#lastError = error.message;
    });
  }

  async ensurePlace(name: string): Promise<PlaceRecord> {
    const reply = await this.#call('ensurePlace', (redis) => redis.itmchatEnsurePlace(this.#key('place', name), newEpoch()));
    const [epoch, head] = asArray(reply);
    return { name, epoch: asString(epoch), head: asInteger(head) };
  }

  async append(drafts: readonly MessageDraft[]): Promise<AppendOutcome[]> {
    const keys: string[] = [];
    const args: string[] = [this.#prefix, String(this.#historyLimit)];
    const epochs = new Map<string, string>();
    for (const d of drafts) {
      let epoch = epochs.get(d.place);
      if (epoch === undefined) epochs.set(d.place, (epoch = newEpoch()));
      keys.push(this.#key('place', d.place), this.#key('history', d.place), this.#key('cid', d.author));
      args.push(d.place, epoch, d.nick, d.author, d.cid, d.text, String(d.at), d.session ?? '');
    }
    const request = [keys.length, ...keys, ...args];
    const reply = await this.#call('append', async (redis) => (drafts.length ? redis.itmchatAppend(request) : []));
    const rows = asArray(reply);
    if (rows.length !== drafts.length) throw new StoreUnavailableError(`append: ${rows.length} outcomes for ${drafts.length} drafts`);
    return drafts.map((d, i) => parseOutcome(asArray(rows[i]), d));
  }

  async readRange(place: string, from: number, to: number): Promise<ChatMessage[]> {
    const first = Math.max(0, from);
    const last = Math.min(to, Number.MAX_SAFE_INTEGER);
    if (first > last) return this.#call('readRange', async () => []);
    const entries = await this.#call('readRange', (redis) => redis.xrange(this.#key('history', place), `${first}-0`, `${last}-0`));
    return entries.map(([id, fields]) => toMessage(id, fields));
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

  #key(kind: 'place' | 'history' | 'cid', name: string): string {
    return `${this.#prefix}${kind}:${name}`;
  }

  /** Runs one request, turning "closed", "not connected" and every Redis error into StoreUnavailableError. */
  async #call<T>(what: string, request: (redis: ScriptedRedis) => Promise<T>): Promise<T> {
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
  const [flag, place, seq, at, nick, text] = row;
  if (asInteger(flag) === 0) {
    return { place: asString(place), message: { seq: asInteger(seq), at: draft.at, nick: draft.nick, text: draft.text }, duplicate: false };
  }
  return {
    place: asString(place),
    message: { seq: asInteger(seq), at: Number(asString(at)), nick: asString(nick), text: asString(text) },
    duplicate: true,
  };
}

function toMessage(id: string, flat: readonly string[]): ChatMessage {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i]!, flat[i + 1]!);
  return {
    seq: Number(id.slice(0, id.indexOf('-'))),
    at: Number(fields.get('at')),
    nick: fields.get('nick') ?? '',
    text: fields.get('text') ?? '',
  };
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
