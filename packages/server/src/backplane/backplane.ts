import type { ChatMessage } from '@itmchat/protocol';
import type { PlaceEvent } from '../place-event.js';
import type { PresentedToken } from '../session-token.js';
import type { PlaceRecord } from '../store/store.js';
import type { FeedPosition } from './place-feeds.js';

/**
 * What one server node shares with the others: fan-out of numbered messages, presence events,
 * nick claims, session records and the cluster-wide directory behind the commands. `Chat` sees
 * only this. `LocalBackplane` is a single process that is the whole cluster (memory and SQLite
 * stores); `RedisBackplane` shares it all through Redis (`--redis`).
 */
export interface Backplane {
  /** Called once by the chat that owns this node's rooms and sessions. */
  attach(node: BackplaneNode): void;
  /** Resolves once the node is connected to the others, or after a bounded wait (it then keeps trying by itself). */
  started(): Promise<void>;
  /** Why this node cannot take joins and says right now (e.g. Redis is down), or null. */
  trouble(): string | null;

  /**
   * Readies a place for a room: the messages and presence events published for it from now on
   * reach the room, none missed, once `opened` is called. Then reads its record with `read`.
   */
  open(place: string, read: () => Promise<PlaceRecord>): Promise<PlaceRecord>;
  /** The place `open` readied now has a room here, at this epoch and number (null: the open failed). */
  opened(place: string, at: FeedPosition | null): void;
  /** The room is gone (no local members): stop delivering its place. */
  closed(place: string): void;
  /** A message this node stored for `session`; delivered back here when this node does its own fan-out. */
  stored(place: string, epoch: string, message: ChatMessage, session: string): void;

  /** Reserves a nick for a new session across the cluster; false if any session holds it. */
  claim(session: SessionInfo): Promise<boolean>;
  /** Frees what `claim` reserved when the session never started (its place could not load). */
  unclaim(session: SessionInfo): void;
  /** The session is in `place` now (joined, or moved in `from` another place): tells the place. */
  entered(place: string, session: SessionInfo, from?: string): void;
  /** The session left `place` (it is no longer among the members here): tells the place. */
  exited(place: string, session: SessionInfo, how: Departure): void;
  /** The session ended (left or timed out): its nick and token are free. */
  ended(session: SessionInfo): void;
  /**
   * A session this node does not hold, taken over for a resume here under a new token (its secret's
   * digest `digest`); null if unknown, expired, or the presented secret is not its current one.
   */
  adopt(presented: PresentedToken, digest: string): Promise<SessionRecord | null>;
  /**
   * A resume here gave a session this node holds a new token: records its digest cluster-wide if
   * the old one is still `from`. False if another node took or rotated the session meanwhile.
   */
  rotate(session: SessionInfo, from: string, to: string): Promise<boolean>;

  /** Nicks in a place across the cluster, in join order (grace included). */
  members(place: string): Promise<string[]>;
  /** Everyone across the cluster, by place name then join order. */
  everyone(): Promise<{ nick: string; place: string }[]>;

  /** Stops timers and connections. */
  close(): Promise<void>;
}

export type Departure = { readonly reason: 'left' | 'timeout' } | { readonly reason: 'moved'; readonly to: string };

/** A session as the cluster knows it, enough to resume it on any node. */
export interface SessionRecord {
  readonly id: string;
  readonly nick: string;
  readonly key: string;
  readonly place: string;
}

/** A session as the node holds it, in plain fields: what the cluster is told of it. */
export interface SessionInfo extends SessionRecord {
  /** Digest of its current token's secret. */
  readonly digest: string;
}

/** What a backplane needs of the node's chat, in plain records and place events. */
export interface BackplaneNode {
  /** Nicks in a place on this node, in join order. */
  membersHere(place: string): string[];
  /** The places with members on this node, with their nicks in join order. */
  placesHere(): { readonly name: string; readonly nicks: readonly string[] }[];
  /** The sessions this node holds (its heartbeat renews their claims). */
  sessions(): Iterable<SessionInfo>;
  /** Another node resumed the session with this id: drop it here without telling anyone, closing its socket with 4003. */
  sessionTaken(id: string): void;
  /** One of the place's events, in order (a cluster's fan-out): the room here applies it. */
  deliver(place: string, event: PlaceEvent): void;
  /** The place's history restarted under a new epoch (Redis came back empty): members must resume. */
  restarted(place: string, record: PlaceRecord): void;
  /** The session holding a nick key in the place here ('' if none). */
  sessionOf(place: string, nickKey: string): string;
}
