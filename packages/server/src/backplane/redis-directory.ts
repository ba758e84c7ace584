import type { Away } from '@itmchat/protocol';
import { DEFAULT_NODE_TTL_MS } from '../options.js';
import { parseNodeEvent } from '../redis/events.js';
import { nodesChannel, placesKey, redisKey } from '../redis/keys.js';
import { secretMatches, type PresentedToken } from '../session-token.js';
import { StoreUnavailableError } from '../store/store.js';
import type { Directory, DirectoryNode, FoundVisitor, SessionInfo, SessionRecord } from './directory.js';
import type { RedisLink } from './redis-link.js';

/** Sessions per heartbeat script call, so one call stays short. */
const BEAT_BATCH = 250;

export interface RedisDirectoryOptions {
  /** A node beats every third of it and sweeps every half: a crashed node's visitors leave presence within 1.5 × this. */
  readonly nodeTtlMs?: number;
  /** The grace period: a session's claim and record outlive its node's last beat by this much, so it can resume elsewhere. */
  readonly graceMs: number;
}

/**
 * The directory through Redis (keys in redis/keys.ts, scripts in redis/presence-scripts.ts):
 * nick claims and session records with an expiry the node's heartbeat renews, a sweep that lets
 * a dead node's visitors go, and the `nodes` channel on which a node says it took a session over.
 */
export class RedisDirectory implements Directory {
  readonly #link: RedisLink;
  readonly #prefix: string;
  readonly #nodeTtlMs: number;
  readonly #sessionTtlMs: number;
  #node: DirectoryNode | null = null;

  constructor(link: RedisLink, options: RedisDirectoryOptions) {
    this.#link = link;
    this.#prefix = link.prefix;
    this.#nodeTtlMs = options.nodeTtlMs ?? DEFAULT_NODE_TTL_MS;
    this.#sessionTtlMs = options.graceMs + this.#nodeTtlMs;
    const nodes = nodesChannel(this.#prefix);
    link.listen({
      channels: () => [nodes],
      message: (channel, json) => {
        if (channel !== nodes) return;
        const event = parseNodeEvent(json);
        if (event?.kind === 'taken' && event.node !== link.nodeId) this.#chat().sessionTaken(event.session);
        if (event?.kind === 'conversation') this.#chat().invited(event.session, event.conversation);
      },
      commandsReady: () => void this.#beat(),
    });
    link.every(Math.max(50, Math.floor(this.#nodeTtlMs / 3)), () => this.#beat());
    link.every(Math.max(50, Math.floor(this.#nodeTtlMs / 2)), () => this.#sweep());
  }

  attach(node: DirectoryNode): void {
    this.#node = node;
  }

  started(): Promise<void> {
    return this.#link.started();
  }

  trouble(): string | null {
    return this.#link.trouble();
  }

  async claim(session: SessionInfo): Promise<boolean> {
    const { id, digest, nick, key, place, visitor } = session;
    const claimed = await this.#link.call('claim', () =>
      this.#link.commands.itmchatClaim(this.#prefix, id, digest, nick, key, place, this.#link.nodeId, this.#sessionTtlMs, visitor),
    );
    return claimed === 1;
  }

  async rename(session: SessionInfo, from: { readonly key: string }): Promise<boolean> {
    const { id, place, key, nick } = session;
    const link = this.#link;
    const renamed = await link.call('rename', () =>
      link.commands.itmchatRename(this.#prefix, id, place, from.key, key, nick, this.#sessionTtlMs),
    );
    return renamed === 1;
  }

  invite(id: string, conversation: string): void {
    const link = this.#link;
    const event = JSON.stringify({ kind: 'conversation', session: id, conversation });
    link.fire('invite', () => link.commands.publish(nodesChannel(this.#prefix), event));
  }

  async find(key: string): Promise<FoundVisitor | null> {
    const link = this.#link;
    const id = await link.call('find', () => link.commands.get(redisKey(this.#prefix, 'nick', key)));
    if (!id) return null;
    const [nick, visitor] = await link.call('find', () => link.commands.hmget(redisKey(this.#prefix, 'session', id), 'nick', 'visitor'));
    return nick && visitor ? { id, nick, visitor } : null;
  }

  unclaim(session: SessionInfo): void {
    this.ended(session);
  }

  ended(session: SessionInfo): void {
    this.#link.fire('end', () => this.#link.commands.itmchatEnd(this.#prefix, session.id, session.key));
  }

  async adopt(presented: PresentedToken, digest: string): Promise<SessionRecord | null> {
    const { id, secret } = presented;
    const link = this.#link;
    // Compared here in constant time; the script then takes the session only if that digest is still current.
    const current = await link.call('adopt', () => link.commands.hget(redisKey(this.#prefix, 'session', id), 'digest'));
    if (!current || !secretMatches(secret, current)) return null;
    const reply = await link.call('adopt', () =>
      link.commands.itmchatAdopt(this.#prefix, id, current, digest, link.nodeId, this.#sessionTtlMs),
    );
    if (!Array.isArray(reply)) return null;
    const [nick, key, place] = reply as unknown[];
    if (typeof nick !== 'string' || typeof key !== 'string' || typeof place !== 'string') return null;
    return { id, nick, key, place };
  }

  async rotate(session: SessionInfo, from: string, to: string): Promise<boolean> {
    const link = this.#link;
    const reply = await link.call('rotate', () => link.commands.itmchatRotate(this.#prefix, session.id, from, to, link.nodeId));
    return reply === 1;
  }

  async members(place: string): Promise<string[]> {
    const entries = await this.#link.call('members', () => this.#link.commands.hgetall(redisKey(this.#prefix, 'presence', place)));
    return inJoinOrder(entries).map((e) => e.nick);
  }

  async away(place: string): Promise<Away[]> {
    const entries = await this.#link.call('away', () => this.#link.commands.hgetall(redisKey(this.#prefix, 'presence', place)));
    return inJoinOrder(entries).flatMap((e) => (typeof e.away === 'string' ? [{ nick: e.nick, message: e.away }] : []));
  }

  async everyone(): Promise<{ nick: string; place: string }[]> {
    const { commands } = this.#link;
    const places = (await this.#link.call('places', () => commands.smembers(placesKey(this.#prefix)))).sort((a, b) => a.localeCompare(b));
    const pipeline = commands.pipeline();
    for (const place of places) pipeline.hgetall(redisKey(this.#prefix, 'presence', place));
    const replies = places.length ? await this.#link.call('everyone', () => pipeline.exec()) : [];
    return places.flatMap((place, i) => {
      const [error, entries] = replies?.[i] ?? [null, {}];
      if (error) throw new StoreUnavailableError(`everyone: ${error.message}`);
      return inJoinOrder(entries as Record<string, string>).map((e) => ({ nick: e.nick, place }));
    });
  }

  close(): Promise<void> {
    return this.#link.close();
  }

  /** Says this node is alive, and renews (or writes again) its sessions' claims, records and presence. */
  async #beat(): Promise<void> {
    const { commands, nodeId } = this.#link;
    if (this.#link.closed || commands.status !== 'ready') return;
    const sessions = [...this.#chat().sessions()];
    for (let i = 0; i === 0 || i < sessions.length; i += BEAT_BATCH) {
      const args = sessions.slice(i, i + BEAT_BATCH).flatMap((s) => [s.id, s.digest, s.nick, s.key, s.place, s.visitor]);
      try {
        const lost = await commands.itmchatBeat(this.#prefix, nodeId, this.#nodeTtlMs, this.#sessionTtlMs, ...args);
        if (Array.isArray(lost)) for (const id of lost) this.#chat().sessionTaken(String(id));
      } catch (error) {
        this.#link.log('warn', 'beat_failed', { error: String(error) });
        return;
      }
    }
  }

  async #sweep(): Promise<void> {
    const { commands } = this.#link;
    if (this.#link.closed || commands.status !== 'ready') return;
    try {
      const swept = await commands.itmchatSweep(this.#prefix);
      if (swept) this.#link.log('info', 'presence_swept', { visitors: swept });
    } catch (error) {
      this.#link.log('warn', 'sweep_failed', { error: String(error) });
    }
  }

  #chat(): DirectoryNode {
    if (!this.#node) throw new Error('directory not attached');
    return this.#node;
  }
}

function inJoinOrder(entries: Record<string, string>): { nick: string; order: number; away?: string }[] {
  return Object.values(entries)
    .map((json) => JSON.parse(json) as { nick: string; order: number; away?: string })
    .sort((a, b) => a.order - b.order);
}
