import type { ErrorCode } from './codes.js';

/**
 * Every frame is JSON text with a `type` tag. Calls go both ways as in Haxe remoting:
 * the client calls server methods (`call` → `result` | `error`), the server calls client
 * methods without expecting an answer (`push`).
 */

/** Where a client stands in one place's numbered history. */
export interface Position {
  /** Number of the last message held; 0 when none. */
  readonly seq: number;
  /** Identity of the place's history; a new epoch means the old numbers are void. */
  readonly epoch: string;
}

export interface PlacePosition extends Position {
  readonly place: string;
}

/**
 * (Since 0.3.) What a numbered line is: `say` (absent means say, as from an older server), an
 * `action` ("* ana waves", from -me), a `private` line of a conversation, or a notice the place
 * keeps in its history: `topic` (`nick` set the topic to `text`; empty: cleared) and `nick`
 * (`nick` is now known as `text`).
 */
export type MessageKind = 'say' | 'action' | 'private' | 'topic' | 'nick';

/** A numbered chat message. `seq` is 1, 2, 3 … per place (or conversation), never reused. */
export interface ChatMessage {
  readonly seq: number;
  /** Server time the message was stored, in ms since the Unix epoch. */
  readonly at: number;
  readonly nick: string;
  readonly text: string;
  /** (Since 0.3.) Absent: a say. */
  readonly kind?: MessageKind;
  /** (Since 0.3.) With `private`: the nick it was sent to, as it was then. */
  readonly to?: string;
}

export interface PlaceState {
  readonly name: string;
  readonly epoch: string;
  /** Number of the newest message in the place (0 when none). */
  readonly head: number;
  /** Nicks present, including you, in join order. */
  readonly members: readonly string[];
  /** (Since 0.3.) The place's topic, absent when it has none. */
  readonly topic?: string;
  /** (Since 0.3.) Members who are away (-away), with their message ('' for none); absent when nobody is. */
  readonly away?: readonly Away[];
}

/** (Since 0.3.) Someone away (-away, or every tab of their browser hidden for 10 minutes). */
export interface Away {
  readonly nick: string;
  readonly message: string;
}

/**
 * (Since 0.3.) A private conversation between two visitors, as a join or resume lists it. Its
 * `id` ("@" and 22 hex digits) names it wherever a place name goes — `since`, `userSay`, `gap`,
 * `history` — and its lines are numbered 1, 2, 3 … under its own epoch, exactly as a place's.
 */
export interface ConversationState {
  readonly id: string;
  /** The other visitor's nick, as of the conversation's last line. */
  readonly with: string;
  readonly epoch: string;
  readonly head: number;
}

export interface Joined {
  /** Secret: resumes this session on a later connection. Never shown to others. */
  readonly token: string;
  readonly nick: string;
  readonly place: PlaceState;
  /**
   * (Since 0.3.) The visitor's private conversations, the most recently used first (at most 50):
   * each gets its backlog after this reply, from the position `since` gave for its id.
   */
  readonly conversations?: readonly ConversationState[];
}

export interface Said {
  readonly place: string;
  readonly seq: number;
  readonly at: number;
  /** True when this cid was already stored: the original number is returned, nothing is broadcast again. */
  readonly duplicate: boolean;
  /** (Since 0.3.) With a private line: the conversation's epoch (its own lines are not pushed back to the sender). */
  readonly epoch?: string;
}

export type CommandResult =
  /** `away` (since 0.3): who of them is away; absent when nobody is. */
  | { readonly command: 'folks'; readonly place: string; readonly members: readonly string[]; readonly away?: readonly Away[] }
  | { readonly command: 'allFolks'; readonly folks: readonly { readonly nick: string; readonly place: string }[] }
  | { readonly command: 'places'; readonly places: readonly { readonly name: string; readonly count: number }[] }
  | { readonly command: 'goto'; readonly place: PlaceState }
  | { readonly command: 'where'; readonly place: string }
  | { readonly command: 'whereIs'; readonly nick: string; readonly place: string | null }
  /** Every command, or (`-help <command>`) the one asked about, with its `detail`. */
  | {
      readonly command: 'help';
      readonly commands: readonly { readonly usage: string; readonly summary: string; readonly detail?: string }[];
    }
  /** (Since 0.3.) -away, -back: your away message now (null: not away). */
  | { readonly command: 'away'; readonly away: string | null }
  /** (Since 0.3.) -nick: your nick now. */
  | { readonly command: 'nick'; readonly nick: string }
  /** (Since 0.3.) -topic: the place's topic now (null: none); `set` when this command changed it. */
  | { readonly command: 'topic'; readonly place: string; readonly topic: string | null; readonly set: boolean };

/** The answer to `history`, once its messages have come in `history` pushes. */
export interface HistoryPage {
  readonly place: string;
  readonly epoch: string;
  /** The numbers the pushes before this reply held, inclusive (`from > to` when none). */
  readonly from: number;
  readonly to: number;
  /** The oldest number the place still keeps (0 when it keeps none): nothing older can be asked for. */
  readonly oldest: number;
}

/** Methods the client calls on the server. */
export interface ServerApi {
  /**
   * Join as a new visitor. `since` lists what the client already holds, per place. `author` is
   * the client's own random key (kept in the browser's storage, shown to no one): a say's `cid`
   * is unique per author, so a retry after a restart or a re-identify still dedupes, while a later
   * holder of the nick can learn nothing of this visitor's lines. Without it, cids are scoped to
   * the session.
   */
  identify: {
    params: {
      readonly nick: string;
      readonly place?: string;
      readonly since?: readonly PlacePosition[];
      readonly author?: string;
      /** (Since 0.3.) The release of this protocol the client reads (`PROTOCOL_RELEASE`); absent: 2. */
      readonly release?: number;
      /**
       * (Since 0.4.) A token the host site signed for its logged-in user (a JWT: `sub`, `nick`,
       * `role`, `exp`, `aud`): the visitor joins as that account, under the token's nick, which no
       * one else may take. IDENTITY_INVALID or IDENTITY_EXPIRED when it does not verify.
       */
      readonly identity?: string;
    };
    result: Joined;
  };
  /** Take back a session (same nick, same place) with its token, e.g. after a reload; `author` as for identify. */
  resume: {
    params: { readonly token: string; readonly since?: readonly PlacePosition[]; readonly author?: string; readonly release?: number };
    result: Joined;
  };
  /**
   * Say a line in the current place. `cid` is the client's id for it: a retry with the same cid is
   * stored once. (Since 0.3.) `kind: 'action'` makes it an action line (-me); `to` makes it a
   * private line to the visitor holding that nick, wherever they are: numbered in the two
   * visitors' conversation (`Said.place` is its id), seen by nobody else. NOT_HERE when nobody holds the nick.
   */
  say: {
    params: { readonly text: string; readonly cid: string; readonly kind?: 'action'; readonly to?: string };
    result: Said;
  };
  /** Run a typed command line such as "-folks" or "/goto kitchen". */
  command: { params: { readonly line: string }; result: CommandResult };
  /** Move to a place (made if new), sending what the client holds of it. */
  goto: { params: { readonly place: string; readonly since?: Position }; result: PlaceState };
  /** Leave the chat; the nick is released at once. */
  leave: { params: Record<string, never>; result: Record<string, never> };
  /**
   * (Since 0.2.) Older messages of the place the visitor is in: the `limit` (at most 100, default
   * 100) numbers before `before` that the place keeps, sent first as `history` pushes in bounded
   * pieces, then this reply saying which numbers they held. Draws from the command rate.
   * (Since 0.3.) `place`: a private conversation's id instead, one the visitor takes part in.
   */
  history: { params: { readonly before: number; readonly limit?: number; readonly place?: string }; result: HistoryPage };
  /**
   * (Since 0.3.) The visitor is typing, in their place or (`to`) in their private conversation
   * with that nick: the others there see "ana is typing…" for `TYPING_SHOWN_MS`. Never numbered or
   * stored; one every `TYPING_EVERY_MS` at most is passed on (more are answered and dropped), and
   * none in places larger than the server's `typingMaxMembers`. Draws from the command rate.
   */
  typing: { params: { readonly to?: string }; result: Record<string, never> };
}
export type ServerMethod = keyof ServerApi;

export interface Gap {
  readonly place: string;
  readonly epoch: string;
  /**
   * `trimmed`: messages `missed.from`…`missed.to` fell out of the retained history.
   * `epoch`: the client's epoch is void (history wiped); drop what it holds of this place.
   */
  readonly reason: 'trimmed' | 'epoch';
  readonly missed: { readonly from: number; readonly to: number } | null;
}

/** Methods the server calls on the client (pushes, no reply). */
export interface ClientApi {
  /** First frame on every connection: what this server speaks and allows. */
  hello: {
    readonly protocol: number;
    readonly server: string;
    /**
     * `sayRate` (since 0.2): this connection's say limit, a token bucket (`perSecond` sustained,
     * `burst` at once); absent when says are not limited. A client pacing its says to it never
     * meets RATE_LIMITED.
     */
    readonly limits: {
      readonly textMaxLength: number;
      readonly nameMaxLength: number;
      readonly sayRate?: { readonly perSecond: number; readonly burst: number };
    };
  };
  /** New messages of a place, in number order: live ones, or the backlog after a join/resume/goto. */
  userSay: { readonly place: string; readonly epoch: string; readonly messages: readonly ChatMessage[] };
  /** Someone arrived in the place, from another place when `from` is set. */
  userJoin: { readonly place: string; readonly nick: string; readonly from?: string };
  /** Someone left the place: said goodbye, timed out, or moved `to` another place. */
  userLeave: {
    readonly place: string;
    readonly nick: string;
    readonly reason: 'left' | 'timeout' | 'moved';
    readonly to?: string;
  };
  /** (Since 0.3, to clients of release 3.) Someone in the place went away (`away`: their message) or came back (null). */
  userAway: { readonly place: string; readonly nick: string; readonly away: string | null };
  /** (Since 0.3, to clients of release 3.) Someone is typing in the place, or in a private conversation of yours (`place` its id). */
  userTyping: { readonly place: string; readonly nick: string };
  /** Sent before a backlog when the client cannot be given everything it missed. */
  gap: Gap;
  /** (Since 0.2.) A piece of a `history` call's answer: older messages, in number order, before its reply. */
  history: { readonly place: string; readonly epoch: string; readonly messages: readonly ChatMessage[] };
}
export type ClientMethod = keyof ClientApi;

export type CallFrame<M extends ServerMethod = ServerMethod> = {
  [K in M]: { readonly type: 'call'; readonly id: number; readonly method: K; readonly params: ServerApi[K]['params'] };
}[M];

export type ClientFrame = CallFrame;

export interface ResultFrame<M extends ServerMethod = ServerMethod> {
  readonly type: 'result';
  readonly id: number;
  readonly result: ServerApi[M]['result'];
}

export interface ErrorFrame {
  readonly type: 'error';
  /** The failed call's id; null when the frame was too broken to have one. */
  readonly id: number | null;
  /** `retryAfterMs` (since 0.2, with RATE_LIMITED): when the same call would be taken again. */
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly retryAfterMs?: number };
}

export type PushFrame<M extends ClientMethod = ClientMethod> = {
  [K in M]: { readonly type: 'push'; readonly method: K; readonly params: ClientApi[K] };
}[M];

export type ServerFrame = ResultFrame | ErrorFrame | PushFrame;
