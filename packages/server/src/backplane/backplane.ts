import type { ChatMessage } from '@itmchat/protocol';
import type { Room } from '../room.js';
import type { Session } from '../session.js';
import type { PresentedToken } from '../session-token.js';
import type { PlaceRecord } from '../store/store.js';

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
  /** The room for a place `open` readied now exists (or the open failed: `room` is null). */
  opened(place: string, room: Room | null): void;
  /** The room is gone (no local members): stop delivering its place. */
  closed(place: string): void;
  /** A message this node stored for `session`; applied to its room here when this node does its own fan-out. */
  stored(room: Room, message: ChatMessage, session: string): void;

  /** Reserves a nick for a new session across the cluster; false if any session holds it. */
  claim(session: Session): Promise<boolean>;
  /** Frees what `claim` reserved when the session never started (its place could not load). */
  unclaim(session: Session): void;
  /** The session is in `room` now (joined, or moved in `from` another place): tells the place. */
  entered(room: Room, session: Session, from?: string): void;
  /** The session left `room` (it is no longer among the room's members): tells the place. */
  exited(room: Room, session: Session, how: Departure): void;
  /** The session ended (left or timed out): its nick and token are free. */
  ended(session: Session): void;
  /**
   * A session this node does not hold, taken over for a resume here under a new token (its secret's
   * digest `digest`); null if unknown, expired, or the presented secret is not its current one.
   */
  adopt(presented: PresentedToken, digest: string): Promise<SessionRecord | null>;
  /**
   * A resume here gave a session this node holds a new token: records its digest cluster-wide if
   * the old one is still `from`. False if another node took or rotated the session meanwhile.
   */
  rotate(session: Session, from: string, to: string): Promise<boolean>;

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

/** What a backplane needs of the node's chat. */
export interface BackplaneNode {
  room(place: string): Room | undefined;
  rooms(): IterableIterator<Room>;
  sessions(): IterableIterator<Session>;
  /** Another node resumed the session with this id: drop it here without telling anyone, closing its socket with 4003. */
  sessionTaken(id: string): void;
  /** The place's history restarted under a new epoch (Redis came back empty): members must resume. */
  historyRestarted(room: Room): void;
}
