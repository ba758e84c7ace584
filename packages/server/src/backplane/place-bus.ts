import type { ChatMessage } from '@itmchat/protocol';
import type { PlaceEvent } from '../place-event.js';
import type { PlaceRecord } from '../store/store.js';
import type { Directory, SessionInfo } from './directory.js';

/**
 * A place's events, from whichever node caused them to every node holding the place, in one
 * order (the order Redis ran them, on a cluster): stored says, joins and leaves, and "this
 * place's history restarted". `LocalPlaceBus`: one process, delivered at once. `RedisPlaceBus`:
 * through Redis pub/sub, holes filled from the store.
 */
export interface PlaceBus {
  /** Called once by the chat that applies the events to its rooms. */
  listen(listener: PlaceListener): void;
  /**
   * Readies a place for a room: its events from now on reach the listener, none missed, once
   * `opened` is called. Then reads its record with `read`.
   */
  open(place: string, read: () => Promise<PlaceRecord>): Promise<PlaceRecord>;
  /** The place `open` readied now has a room here, at this epoch and number (null: the open failed). */
  opened(place: string, at: FeedPosition | null): void;
  /** No member left here: stop delivering the place. */
  closed(place: string): void;
  /** A message this node stored for `session`. */
  stored(place: string, epoch: string, message: ChatMessage, session: string): void;
  /** The session is in `place` now (joined, or moved in `from` another place): tells the place. */
  entered(place: string, session: SessionInfo, from?: string): void;
  /** The session left `place` (it is no longer among the members here): tells the place. */
  exited(place: string, session: SessionInfo, how: Departure): void;
  /** The session is typing in `place` (or a conversation): tells its members, storing nothing. */
  typing(place: string, session: SessionInfo): void;
  /** The session went away (`away`: its message) or came back (null), in `place`: tells the place. */
  awayChanged(place: string, session: SessionInfo, away: string | null): void;
  /** Stops timers and connections. */
  close(): Promise<void>;
}

/** Where a place's delivery starts on this node: the epoch and number its room was loaded at. */
export interface FeedPosition {
  readonly epoch: string;
  readonly head: number;
}

export type Departure = { readonly reason: 'left' | 'timeout' } | { readonly reason: 'moved'; readonly to: string };

/** Who the bus delivers to: the node's chat. */
export interface PlaceListener {
  /** One of the place's events, in order: the room here applies it. */
  deliver(place: string, event: PlaceEvent): void;
  /** The place's history restarted under a new epoch (Redis came back empty): members must resume. */
  restarted(place: string, record: PlaceRecord): void;
  /** The session holding a nick key in the place here ('' if none). */
  sessionOf(place: string, nickKey: string): string;
}

/** The two halves of what a node shares with the others (on Redis they share one RedisLink). */
export interface Cluster {
  readonly directory: Directory;
  readonly bus: PlaceBus;
}
