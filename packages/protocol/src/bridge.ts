import type { Away, ChatMessage, CommandResult, Gap } from './frames.js';
import type { ErrorCode } from './codes.js';

/**
 * Messages between a page (jsclient) and the bridge worker, over a MessagePort or a
 * BroadcastChannel. Versioned apart from the wire protocol: a SharedWorker can outlive a
 * page, so a tab and the worker may run different builds; a mismatch is reported, not guessed at.
 */
export const BRIDGE_VERSION = 1;

/** How often a page tells the worker it is still there. Background tabs may be throttled to one timer a minute. */
export const PAGE_PING_MS = 10_000;

/** What the page sees of the connection. `connecting` covers the first join and every reconnect until joined. */
export type ChatState = 'idle' | 'connecting' | 'joined' | 'offline';

/** A line said but not yet numbered by the server (offline, or awaiting its reply). */
export interface PendingLine {
  readonly cid: string;
  readonly text: string;
  /** (Since 0.3.) An action line (-me). */
  readonly kind?: 'action';
  /** (Since 0.3.) A private line to this nick (-msg, -r): shown apart from the place's lines. */
  readonly to?: string;
}

/**
 * (Since 0.3.) A private conversation as this browser holds it: with whom (their nick as of the
 * last line), and its newest lines (each `kind: 'private'`, `to` the nick it was sent to).
 */
export interface PrivateConversation {
  readonly id: string;
  readonly with: string;
  readonly messages: readonly ChatMessage[];
}

/** (Since 0.3.) What a command line the worker carries out itself answers (see `runsInWorker`). */
export type WorkerCommandResult =
  /** -me, -msg, -r: the line, numbered (the page also sees it as a pending line, then as a message). */
  | { readonly command: 'said'; readonly message: ChatMessage }
  /** -query: the page opens the conversation (the line field starts "-msg nick "). */
  | { readonly command: 'query'; readonly nick: string }
  /** -ignore, -unignore: whom this browser hides now. */
  | { readonly command: 'ignore'; readonly ignored: readonly string[] };

/** Messages that fell out of the server's history: shown as "N messages could not be recovered". */
export interface GapMark {
  readonly from: number;
  readonly to: number;
}

/**
 * What the log shows besides numbered messages: someone came or went, a command's answer or
 * refusal, a line the server refused, a notice. Kept with the place's log (bounded), so it is
 * still there after a navigation or a reconnect.
 */
export type Note =
  | {
      readonly kind: 'presence';
      readonly nick: string;
      readonly change: 'join' | 'leave';
      readonly from?: string;
      readonly to?: string;
      readonly reason?: 'left' | 'timeout' | 'moved';
    }
  | { readonly kind: 'reply'; readonly result: CommandResult | WorkerCommandResult }
  /** (Since 0.3.) Someone in the place went away (`away`: their message) or came back (null). */
  | { readonly kind: 'away'; readonly nick: string; readonly away: string | null }
  | { readonly kind: 'commandError'; readonly error: BridgeError }
  | { readonly kind: 'dropped'; readonly text: string; readonly error: BridgeError }
  | { readonly kind: 'notice'; readonly code: string; readonly message: string };

/** A note where it belongs in the log: after message `afterSeq` (0: before any), at time `at`. */
export interface NoteMark {
  readonly id: string;
  readonly at: number;
  readonly afterSeq: number;
  readonly note: Note;
}

/** Messages a snapshot carries at most: the newest; a page asks for older ones (`older`) as the visitor scrolls back. */
export const SNAPSHOT_MESSAGES = 100;
/** (Since 0.3.) Lines of each private conversation a snapshot carries: the newest. */
export const SNAPSHOT_PRIVATE_LINES = 50;

/** What a page needs to draw the chat at once, without asking the server. */
export interface Snapshot {
  readonly state: ChatState;
  readonly nick: string | null;
  readonly place: string | null;
  readonly members: readonly string[];
  /** The current place's log, oldest first. */
  readonly messages: readonly ChatMessage[];
  readonly gaps: readonly GapMark[];
  readonly pending: readonly PendingLine[];
  /** The longest say the server takes, in characters (code points), once its `hello` has told. */
  readonly textMaxLength?: number;
  /** The current place's notes, oldest first (absent from an older worker). */
  readonly notes?: readonly NoteMark[];
  /** Messages from others that came while every page was hidden (the browser's count, not a tab's). */
  readonly unread?: number;
  /** (Since 0.3.) The private conversations, the most recent first, with their newest lines. */
  readonly conversations?: readonly PrivateConversation[];
  /** (Since 0.3.) Nicks whose lines this browser hides (-ignore), as typed. */
  readonly ignored?: readonly string[];
  /** (Since 0.3.) The place's topic. */
  readonly topic?: string;
  /** (Since 0.3.) Who in the place is away, with their message. */
  readonly away?: readonly Away[];
}

/**
 * A page of older messages of the current place, from the browser's storage where it holds them,
 * else from the server: at most 100 messages before the number asked for, with the notes and gaps
 * that sit among them. `more` is false once nothing older is kept anywhere.
 */
export interface OlderPage {
  readonly place: string;
  readonly messages: readonly ChatMessage[];
  readonly gaps: readonly GapMark[];
  readonly notes: readonly NoteMark[];
  readonly more: boolean;
}

/** Calls a page makes on the worker; each gets a result or an error. */
export interface BridgeApi {
  join: { params: { readonly nick: string }; result: Snapshot };
  say: { params: { readonly text: string }; result: ChatMessage };
  command: { params: { readonly line: string }; result: CommandResult | WorkerCommandResult };
  leave: { params: Record<string, never>; result: Record<string, never> };
  /** Older messages of `place` before number `before` (see OlderPage); refused if the visitor is elsewhere now. */
  older: { params: { readonly place: string; readonly before: number }; result: OlderPage };
  /** (Since 0.3.) The visitor is typing (to `to`, privately): passed on to the server when joined, best effort. */
  typing: { params: { readonly to?: string }; result: Record<string, never> };
}
export type BridgeMethod = keyof BridgeApi;

/** Errors of the bridge itself, beside the server's `ErrorCode`s it passes through. */
export const BridgeErrorCode = {
  /** The page and the worker speak different bridge versions (an old tab after an update). */
  VersionMismatch: 'BRIDGE_VERSION_MISMATCH',
  /** The call needs a joined chat. */
  NotJoined: 'NOT_JOINED',
  /** The visitor left, or the session ended, before the call could finish. */
  Cancelled: 'CANCELLED',
  /** The socket closed before the server answered (the bridge retries says by itself). */
  Disconnected: 'DISCONNECTED',
  /** The chat is not connected right now, and this call cannot wait (commands). */
  Offline: 'OFFLINE',
  /** The page sent a message the worker cannot read. */
  BadMessage: 'BAD_MESSAGE',
} as const;
export type BridgeErrorCode = (typeof BridgeErrorCode)[keyof typeof BridgeErrorCode];

export interface BridgeError {
  readonly code: ErrorCode | BridgeErrorCode;
  readonly message: string;
}

/** Things that happen, sent to every page. */
export type BridgeEvent =
  | { readonly type: 'state'; readonly state: ChatState; readonly nick: string | null; readonly place: string | null }
  /** The page must redraw from this snapshot: after a place change or when the log was reset. */
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  /**
   * New numbered messages of the current place, in order. `cid` marks lines this browser said.
   * `backlog`: they were said before the visitor came (the catch-up of a join, resume or move), not live.
   */
  | {
      readonly type: 'messages';
      readonly place: string;
      readonly messages: readonly (ChatMessage & { readonly cid?: string })[];
      readonly backlog?: boolean;
    }
  | { readonly type: 'pending'; readonly line: PendingLine }
  /** A pending line the server refused: remove it from view. */
  | { readonly type: 'dropped'; readonly cid: string; readonly error: BridgeError }
  | {
      readonly type: 'presence';
      readonly place: string;
      readonly nick: string;
      readonly change: 'join' | 'leave';
      readonly from?: string;
      readonly to?: string;
      readonly reason?: 'left' | 'timeout' | 'moved';
    }
  | { readonly type: 'gap'; readonly place: string; readonly gap: GapMark; readonly reason: Gap['reason'] }
  /** A note for the current place's log, kept with it (see Note). */
  | { readonly type: 'note'; readonly place: string; readonly mark: NoteMark }
  /** The browser's count of messages from others that came while every page was hidden (0: seen). */
  | { readonly type: 'unread'; readonly count: number }
  /**
   * (Since 0.3.) New numbered lines of a private conversation (see PrivateConversation), in order;
   * `cid` marks lines this browser said, `backlog` lines said before this connection.
   */
  | {
      readonly type: 'private';
      readonly conversation: string;
      readonly with: string;
      readonly messages: readonly (ChatMessage & { readonly cid?: string })[];
      readonly backlog?: boolean;
    }
  /** (Since 0.3.) Someone in the current place went away (`away`: their message) or came back (null). */
  | { readonly type: 'away'; readonly place: string; readonly nick: string; readonly away: string | null }
  /** (Since 0.3.) Someone is typing in the current place, or in a private conversation (`place` its id). */
  | { readonly type: 'typing'; readonly place: string; readonly nick: string }
  /** (Since 0.3.) Whom this browser hides now (-ignore, -unignore in any tab). */
  | { readonly type: 'ignored'; readonly nicks: readonly string[] }
  /** Sent to one page only, the one the worker picked: every page is hidden and `message` came from someone else. */
  | { readonly type: 'alert'; readonly place: string; readonly message: ChatMessage }
  /** Something the visitor should know that is no call's answer (nick lost after a long absence, server refused the protocol…). */
  | { readonly type: 'notice'; readonly code: string; readonly message: string }
  /** The worker's own log lines (always errors; everything in debug mode): a worker's console is invisible otherwise. */
  | { readonly type: 'log'; readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly message: string };

/** A page's call of one bridge method, with the params the decoder checked for it. */
export type PageCall<M extends BridgeMethod = BridgeMethod> = {
  [K in M]: { readonly v: number; readonly kind: 'call'; readonly id: number; readonly method: K; readonly params: BridgeApi[K]['params'] };
}[M];

/**
 * A page's call of `method`, as a `PageMessage`. TypeScript cannot see that one method's call
 * belongs to the union of every method's; this is the one place that says so.
 */
export function pageCall<M extends BridgeMethod>(id: number, method: M, params: BridgeApi[M]['params']): PageCall {
  const call: PageCall<M> = { v: BRIDGE_VERSION, kind: 'call', id, method, params };
  return call as PageCall;
}

export type PageMessage =
  | {
      readonly v: number;
      readonly kind: 'hello';
      readonly serverUrl: string;
      readonly place: string;
      readonly debug: boolean;
      /** How long the worker keeps its socket with no page attached (the first page's setting wins). */
      readonly idleCloseMs?: number;
      /** Whether the page is visible now (absent from an older page: taken as visible). */
      readonly visible?: boolean;
    }
  | PageCall
  /** "Still here": sent every few seconds, and at once when the page is shown or hidden; a page silent for long is dropped. */
  | { readonly v: number; readonly kind: 'ping'; readonly visible?: boolean }
  /** Sent on pagehide: the page is going (or into the back/forward cache). */
  | { readonly v: number; readonly kind: 'bye' };

export type WorkerMessage =
  | { readonly v: number; readonly kind: 'welcome'; readonly snapshot: Snapshot }
  | { readonly v: number; readonly kind: 'result'; readonly id: number; readonly result: unknown }
  | { readonly v: number; readonly kind: 'error'; readonly id: number | null; readonly error: BridgeError }
  | { readonly v: number; readonly kind: 'event'; readonly event: BridgeEvent };
