import { NAME_MAX_LENGTH, TEXT_HARD_MAX_LENGTH, schema, type ChatMessage, type MessageKind } from '@itmchat/protocol';
import type { PlaceEvent } from '../place-event.js';

const { integer, literal, object, optional, string, tagged } = schema;

const nick = string({ min: 1, max: NAME_MAX_LENGTH });
const place = string({ min: 1, max: NAME_MAX_LENGTH });
/** Absent from what a release before session ids published: then nobody is left out. */
const session = optional(string({ max: 200 }));

/**
 * Everything published on a place's channel, in the order Redis ran it: new messages (from the
 * store's append script) and presence changes (from the presence scripts). One channel for both,
 * so a member sees a leave after the lines said before it, on every node. The layout of each is
 * in docs/scaling.md; fields not named here (a nick key, an author) are ignored.
 */
const wirePlaceEvent = tagged('kind', {
  say: object({
    seq: integer(1, Number.MAX_SAFE_INTEGER),
    at: integer(0, Number.MAX_SAFE_INTEGER),
    nick,
    text: string({ max: TEXT_HARD_MAX_LENGTH }),
    epoch: string({ min: 1, max: 200 }),
    session,
    messageKind: optional(literal<Exclude<MessageKind, 'say'>>('action', 'private', 'topic', 'nick')),
    to: optional(nick),
  }),
  join: object({ nick, session, from: optional(place) }),
  leave: object({ nick, session, reason: literal('left', 'timeout', 'moved'), to: optional(place) }),
  away: object({ nick, session, away: optional(string({ max: 1_000 })) }),
  typing: object({ nick, session }),
});

/** What the store's append script publishes on a place's channel for each new message (JSON). */
export interface PublishedMessage extends Omit<ChatMessage, 'kind'> {
  readonly kind: 'say';
  /** The line's own kind (ChatMessage.kind) when it is not a plain say. */
  readonly messageKind?: Exclude<MessageKind, 'say'>;
  readonly epoch: string;
  /** The author's nick key. */
  readonly author: string;
  /** The author's session ('' when the draft named none): the one member not sent the line. */
  readonly session: string;
}

/**
 * Published on the nodes channel. `taken`: node `node` resumed the session with id `session`;
 * whoever held it drops it. `conversation`: the session's visitor takes part in that private
 * conversation now; whoever holds the session opens it for them.
 */
const wireNodeEvent = tagged('kind', {
  taken: object({ session: string({ min: 1, max: 200 }), node: string({ min: 1, max: 200 }) }),
  conversation: object({ session: string({ min: 1, max: 200 }), conversation: string({ min: 1, max: 200 }) }),
});
export type NodeEvent = schema.Infer<typeof wireNodeEvent>;

/** A place event as our own scripts published it, checked field by field; null for anything else (another program on the channel). */
export function parsePlaceEvent(json: string): PlaceEvent | null {
  const event = parse(json, wirePlaceEvent);
  if (!event) return null;
  switch (event.kind) {
    case 'say': {
      const { seq, at, nick, text, epoch, messageKind, to } = event;
      const message: ChatMessage = { seq, at, nick, text, ...(messageKind ? { kind: messageKind } : {}), ...(to ? { to } : {}) };
      return { kind: 'say', epoch, message, session: event.session ?? '' };
    }
    case 'join':
      return { kind: 'join', nick: event.nick, session: event.session ?? '', ...(event.from ? { from: event.from } : {}) };
    case 'leave':
      return { kind: 'leave', nick: event.nick, session: event.session ?? '', reason: event.reason, ...(event.to ? { to: event.to } : {}) };
    case 'typing':
      return { kind: 'typing', nick: event.nick, session: event.session ?? '' };
    case 'away':
      return { kind: 'away', nick: event.nick, session: event.session ?? '', away: event.away ?? null };
  }
}

export function parseNodeEvent(json: string): NodeEvent | null {
  return parse(json, wireNodeEvent);
}

function parse<T>(json: string, shape: schema.Schema<T>): T | null {
  try {
    return shape.parse(JSON.parse(json), 'event');
  } catch {
    return null; // not JSON, or not our shape
  }
}
