import { SNAPSHOT_MESSAGES, type ChatState, type PendingLine, type PrivateConversation, type Snapshot } from '@itmchat/protocol';
import { recent } from './place-log.js';
import type { PlaceView } from './place-view.js';
import type { StoredSession } from './storage.js';

/** What the bridge holds that a page's first picture is drawn from. */
export interface SnapshotParts {
  readonly state: ChatState;
  readonly session: StoredSession | null;
  readonly view: PlaceView;
  /** The outbox's lines, not numbered yet. */
  readonly pending: readonly PendingLine[];
  readonly unread: number;
  readonly conversations: readonly PrivateConversation[];
  readonly textMaxLength: number | undefined;
}

/** What a page draws at once: the newest messages of the log; older ones it asks for as the visitor scrolls back. */
export function snapshotOf({ state, session, view, pending, unread, conversations, textMaxLength }: SnapshotParts): Snapshot {
  const log = view.log;
  return {
    state,
    nick: session?.nick ?? null,
    place: session?.place ?? null,
    members: [...view.members],
    ...(log ? recent(log, SNAPSHOT_MESSAGES) : { messages: [], gaps: [], notes: [] }),
    pending: [...pending],
    unread,
    ...nonEmpty('conversations', conversations),
    ...nonEmpty('ignored', [...(session?.ignored ?? [])]),
    ...(view.topic === undefined ? {} : { topic: view.topic }),
    ...nonEmpty(
      'away',
      [...view.away].map(([nick, message]) => ({ nick, message })),
    ),
    ...(textMaxLength === undefined ? {} : { textMaxLength }),
  };
}

/** `{ [key]: items }`, or nothing when there are none (as from an older worker). */
function nonEmpty<K extends string, T>(key: K, items: readonly T[]): { [P in K]?: readonly T[] } {
  return (items.length > 0 ? { [key]: items } : {}) as { [P in K]?: readonly T[] };
}
