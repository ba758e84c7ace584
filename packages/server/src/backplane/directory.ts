import type { Away } from '@itmchat/protocol';
import type { PresentedToken } from '../session-token.js';

/**
 * Who is where across the cluster, and which session is whose: nick claims, session records
 * (enough to resume on any node), taking a session over, and the lists behind the commands.
 * `LocalDirectory`: one process is the whole cluster. `RedisDirectory`: shared through Redis.
 */
export interface Directory {
  /** Called once by the chat whose sessions this node holds. */
  attach(node: DirectoryNode): void;
  /** Resolves once the node is connected to the others, or after a bounded wait (it then keeps trying by itself). */
  started(): Promise<void>;
  /** Why this node cannot take joins and says right now (e.g. Redis is down), or null. */
  trouble(): string | null;
  /** Reserves a nick for a new session across the cluster; false if any session holds it. */
  claim(session: SessionInfo): Promise<boolean>;
  /**
   * The session took another nick (-nick; `session` has it already): claimed across the cluster,
   * the old one (`from`) freed, its presence renamed in place. False if the new nick is held.
   */
  rename(session: SessionInfo, from: { readonly key: string }): Promise<boolean>;
  /** Who holds a nick key across the cluster, on any node (grace included), or null. */
  find(key: string): Promise<FoundVisitor | null>;
  /**
   * Tells the node holding session `id` that its visitor takes part in private conversation
   * `conversation` (the first line to them was just stored): it opens the conversation for them.
   */
  invite(id: string, conversation: string): void;
  /** Frees what `claim` reserved when the session never started (its place could not load). */
  unclaim(session: SessionInfo): void;
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
  /** Who is away in a place across the cluster, in join order. */
  away(place: string): Promise<Away[]>;
  /** Everyone across the cluster, by place name then join order. */
  everyone(): Promise<{ nick: string; place: string }[]>;
  /** Stops timers and connections. */
  close(): Promise<void>;
}

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
  /** Its visitor's public identity (Session.visitor): what private conversations are keyed by. */
  readonly visitor: string;
}

/** A visitor found by nick (`Directory.find`): the session holding it, and whose it is. */
export interface FoundVisitor {
  readonly id: string;
  readonly nick: string;
  readonly visitor: string;
}

/** What a directory needs of the node's chat, in plain records. */
export interface DirectoryNode {
  /** Who is away in a place on this node, in join order. */
  awayHere(place: string): Away[];
  /** Nicks in a place on this node, in join order. */
  membersHere(place: string): string[];
  /** The places with members on this node, with their nicks in join order. */
  placesHere(): { readonly name: string; readonly nicks: readonly string[] }[];
  /** The sessions this node holds (its heartbeat renews their claims). */
  sessions(): Iterable<SessionInfo>;
  /** Another node resumed the session with this id: drop it here without telling anyone, closing its socket with 4003. */
  sessionTaken(id: string): void;
  /** The session holding nick key `key` on this node, if any. */
  holderOf(key: string): SessionInfo | undefined;
  /** Session `id`, if this node holds it, takes part in `conversation` now (see Directory.invite). */
  invited(id: string, conversation: string): void;
}
