import { ErrorCode } from './codes.js';
import { AWAY_MAX_LENGTH, TOPIC_MAX_LENGTH } from './commands.js';
import type { ClientApi, MessageKind, ServerApi, ServerMethod } from './frames.js';
import {
  AUTHOR_MAX_LENGTH,
  AUTHOR_MIN_LENGTH,
  CALL_ID_MAX,
  CID_MAX_LENGTH,
  COMMAND_MAX_LENGTH,
  HISTORY_PAGE_MAX,
  IDENTITY_MAX_LENGTH,
  NAME_MAX_UNITS,
  SINCE_MAX_PLACES,
  TEXT_HARD_MAX_LENGTH,
  TOKEN_MAX_LENGTH,
} from './limits.js';
import { array, boolean, integer, literal, nullable, object, optional, string, tagged, wellFormed, type Schema } from './schema.js';

/**
 * The schema of every frame field. Each is declared against the frame types, so the
 * compiler rejects a schema that drifts from the type it validates.
 */

// Names are only shape-checked here (a string of sane length); `checkName` applies the naming rules.
// Code units, not characters, are counted: 4 per character covers any NFC spelling of 24 characters.
const name = string({ min: 1, max: NAME_MAX_UNITS });
const seq = integer(0, Number.MAX_SAFE_INTEGER);
const epoch = string({ min: 1, max: 64 });

// Every string a client sends must also be well-formed Unicode (no lone surrogate, see `wellFormed`).
// What a server sends is only shape-checked, so a newer client still reads an older server.
const clientString = (limits: { readonly min?: number; readonly max: number }) => wellFormed(string(limits));
const clientName = clientString({ min: 1, max: NAME_MAX_UNITS });
const clientEpoch = clientString({ min: 1, max: 64 });
const position = object({ seq, epoch: clientEpoch });
const placePosition = object({ place: clientName, seq, epoch: clientEpoch });
const since = array(placePosition, SINCE_MAX_PLACES);
const author = clientString({ min: AUTHOR_MIN_LENGTH, max: AUTHOR_MAX_LENGTH });
const release = integer(1, 1_000);
const noFields = object({});
/** Params with no fields: any extra field is refused; the value is a fresh `{}`. */
export const empty: Schema<Record<string, never>> = { parse: (value, path) => (noFields.parse(value, path), {}) };

export const paramSchemas: { [M in ServerMethod]: Schema<ServerApi[M]['params']> } = {
  // An empty nick passes the frame check so that the naming rules answer it (INVALID_NICK).
  identify: object({
    nick: clientString({ max: NAME_MAX_UNITS }),
    place: optional(clientName),
    since: optional(since),
    author: optional(author),
    release: optional(release),
    identity: optional(clientString({ min: 1, max: IDENTITY_MAX_LENGTH })),
  }),
  resume: object({
    token: clientString({ min: 1, max: TOKEN_MAX_LENGTH }),
    since: optional(since),
    author: optional(author),
    release: optional(release),
  }),
  say: object({
    text: clientString({ max: TEXT_HARD_MAX_LENGTH }),
    cid: clientString({ min: 1, max: CID_MAX_LENGTH }),
    kind: optional(literal('action')),
    to: optional(clientName),
  }),
  command: object({ line: clientString({ min: 1, max: COMMAND_MAX_LENGTH }) }),
  goto: object({ place: clientName, since: optional(position) }),
  leave: empty,
  history: object({
    before: integer(1, Number.MAX_SAFE_INTEGER),
    limit: optional(integer(1, HISTORY_PAGE_MAX)),
    place: optional(clientName),
  }),
  typing: object({ to: optional(clientName) }),
};

export const callId = integer(1, CALL_ID_MAX);
export const optionalCallId = nullable(callId);

/** The call id of a frame that may be broken, for its error reply: null when there is no valid one. Never throws. */
export function peekCallId(frame: Record<string, unknown>): number | null {
  const id = frame.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1 && id <= CALL_ID_MAX ? id : null;
}

const nicks = array(name, 100_000);
const awayList = array(object({ nick: name, message: string({ max: AWAY_MAX_LENGTH * 2 }) }), 100_000);
const placeState = object({
  name,
  epoch,
  head: seq,
  members: nicks,
  topic: optional(string({ max: TOPIC_MAX_LENGTH * 2 })),
  away: optional(awayList),
});
const chatMessage = object({
  seq: integer(1, Number.MAX_SAFE_INTEGER),
  at: integer(0, Number.MAX_SAFE_INTEGER),
  nick: name,
  text: string({ max: TEXT_HARD_MAX_LENGTH }),
  kind: optional(literal<MessageKind>('say', 'action', 'private', 'topic', 'nick')),
  to: optional(name),
});

const conversationState = object({ id: name, with: name, epoch, head: seq });
const joined = object({
  token: string({ min: 1, max: TOKEN_MAX_LENGTH }),
  nick: name,
  place: placeState,
  conversations: optional(array(conversationState, SINCE_MAX_PLACES)),
});

const commandResult: Schema<ServerApi['command']['result']> = tagged('command', {
  folks: object({ place: name, members: nicks, away: optional(awayList) }),
  away: object({ away: nullable(string({ max: AWAY_MAX_LENGTH * 2 })) }),
  allFolks: object({ folks: array(object({ nick: name, place: name }), 100_000) }),
  places: object({ places: array(object({ name, count: integer(0, Number.MAX_SAFE_INTEGER) }), 100_000) }),
  goto: object({ place: placeState }),
  where: object({ place: name }),
  whereIs: object({ nick: name, place: nullable(name) }),
  help: object({
    commands: array(object({ usage: string({ max: 200 }), summary: string({ max: 200 }), detail: optional(string({ max: 1_000 })) }), 100),
  }),
  nick: object({ nick: name }),
  topic: object({ place: name, topic: nullable(string({ max: TOPIC_MAX_LENGTH * 2 })), set: boolean }),
});

export const resultSchemas: { [M in ServerMethod]: Schema<ServerApi[M]['result']> } = {
  identify: joined,
  resume: joined,
  say: object({ place: name, seq, at: seq, duplicate: boolean, epoch: optional(epoch) }),
  command: commandResult,
  goto: placeState,
  leave: empty,
  history: object({ place: name, epoch, from: seq, to: seq, oldest: seq }),
  typing: empty,
};

export const pushSchema = tagged('method', {
  hello: object({
    params: object({
      protocol: integer(1, 1_000),
      server: string({ max: 200 }),
      limits: object({
        textMaxLength: integer(1, TEXT_HARD_MAX_LENGTH),
        nameMaxLength: integer(1, 1_000),
        sayRate: optional(object({ perSecond: integer(1, 1_000_000), burst: integer(1, 1_000_000) })),
      }),
    }) satisfies Schema<ClientApi['hello']>,
  }),
  userSay: object({ params: object({ place: name, epoch, messages: array(chatMessage, 100_000) }) satisfies Schema<ClientApi['userSay']> }),
  history: object({
    params: object({ place: name, epoch, messages: array(chatMessage, HISTORY_PAGE_MAX) }) satisfies Schema<ClientApi['history']>,
  }),
  userAway: object({
    params: object({ place: name, nick: name, away: nullable(string({ max: AWAY_MAX_LENGTH * 2 })) }) satisfies Schema<
      ClientApi['userAway']
    >,
  }),
  userTyping: object({ params: object({ place: name, nick: name }) satisfies Schema<ClientApi['userTyping']> }),
  userJoin: object({ params: object({ place: name, nick: name, from: optional(name) }) satisfies Schema<ClientApi['userJoin']> }),
  userLeave: object({
    params: object({ place: name, nick: name, reason: literal('left', 'timeout', 'moved'), to: optional(name) }) satisfies Schema<
      ClientApi['userLeave']
    >,
  }),
  gap: object({
    params: object({
      place: name,
      epoch,
      reason: literal('trimmed', 'epoch'),
      missed: nullable(object({ from: seq, to: seq })),
    }) satisfies Schema<ClientApi['gap']>,
  }),
});

export const errorBody = object({
  code: literal(...Object.values(ErrorCode)),
  message: string({ max: 2_000 }),
  retryAfterMs: optional(integer(0, 86_400_000)),
});
