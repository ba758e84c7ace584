import type { ChatMessage, ChatState, CommandResult, GapMark, WorkerCommandResult, PendingLine, Snapshot } from '@itmchat/protocol';
import type { UiStrings } from './strings.js';

/** A refused call, as the UI shows it: a machine-readable code and a sentence for people. */
export interface UiError {
  readonly code: string;
  readonly message: string;
}

/** What a notice line is about; default renderers turn it into an `itmchat-notice--<kind>` class. */
export type NoticeKind = 'presence' | 'notice' | 'dropped' | 'error';

/** Passed to every renderer: where to make elements, how times and text are written, and the words. */
export interface RenderContext {
  readonly document: Document;
  /** The `formatTime` callback in force (the default or an override), in the chat's locale. */
  readonly formatTime: (at: number) => string;
  /** The `renderText` callback in force: a visitor's text as nodes (links made, never markup). */
  readonly renderText: (text: string) => Node[];
  /** The visitor's own nick; null before joining. */
  readonly nick: string | null;
  /** The words in force (see strings.ts): a language's table with the integrator's overrides. */
  readonly strings: UiStrings;
}

/** Passed with each chat message. */
export interface MessageContext extends RenderContext {
  readonly place: string;
  /** Said by this visitor (in this tab or another one of the same browser). */
  readonly own: boolean;
}

/** Passed to `onUnread`. */
export interface UnreadContext {
  readonly document: Document;
  /** `document.title` as it was when the count last left 0. */
  readonly originalTitle: string;
}

/**
 * The front-end callbacks of the 2008 itmchat.js: override any of them, one by one; each default
 * is exported (`defaultRenderMessage` …) so an override can wrap it. Renderers return an element the
 * layer inserts; the layer then sets its own `data-` hooks on it, so they hold for custom renderers too.
 */
export interface UiCallbacks {
  readonly renderMessage: (message: ChatMessage, ctx: MessageContext) => HTMLElement;
  readonly renderPending: (line: PendingLine, ctx: RenderContext) => HTMLElement;
  readonly renderNotice: (text: string, kind: NoticeKind, ctx: RenderContext) => HTMLElement;
  readonly renderSystemReply: (result: CommandResult | WorkerCommandResult, ctx: RenderContext) => HTMLElement;
  readonly renderCommandError: (error: UiError, ctx: RenderContext) => HTMLElement;
  readonly renderGap: (gap: GapMark, ctx: RenderContext) => HTMLElement;
  /** A visitor's text as nodes: the default makes http(s) URLs links (rel="noopener noreferrer nofollow ugc", target=_blank). */
  readonly renderText: (text: string, ctx: RenderContext) => Node[];
  /** A message's time in the log ("20:49"), in `locale` (the table's). */
  readonly formatTime: (at: number, locale: string) => string;
  /** The day of the divider drawn where the day changes ("Wednesday, 2 December 2026"). */
  readonly formatDate: (at: number, locale: string) => string;
  /** At mount, then on every change of state. */
  readonly onStateChange: (state: ChatState, snapshot: Snapshot) => void;
  /** When the visitor becomes joined after being idle (not at mount, not after a reconnect). */
  readonly onJoin: (nick: string, place: string) => void;
  /** When the visitor goes back to idle after being joined: Leave (in any tab), or the session lost. */
  readonly onLeave: (nick: string, place: string) => void;
  /** Every new live message of the current place (not the backlog of a join, not those of a redraw). */
  readonly onMessage: (message: ChatMessage, ctx: MessageContext) => void;
  /**
   * Messages from others that arrived while every tab of the site was hidden, counted once for
   * the whole browser; 0 once any tab shows the chat again, in every tab.
   */
  readonly onUnread: (count: number, ctx: UnreadContext) => void;
  /**
   * The visitor turned alerts on and every tab is hidden: the worker picked this tab, one for the
   * whole browser, to alert about `message`. The default plays the sound and shows the desktop
   * notification the `alerts` option allows.
   */
  readonly onAlert: (message: ChatMessage, ctx: AlertContext) => void;
  /** The topic of the visitor's place, at mount and whenever it changes (null: none); the layer shows it above the log. */
  readonly onTopic: (topic: string | null, place: string) => void;
  /** Someone of the visitor's place (or the visitor) went away (`away`: their message, '' for none) or came back (null). */
  readonly onAway: (nick: string, away: string | null, place: string) => void;
  /** Who is typing now, in the place or to the visitor privately ([] once nobody is); the layer shows it under the log. */
  readonly onTyping: (nicks: readonly string[]) => void;
}

/** Passed to `onAlert`. */
export interface AlertContext extends MessageContext {
  /** What the `alerts` mount option allows. */
  readonly alerts: AlertOptions;
}

/** Which alerts a visitor may turn on (the `alerts` mount option, `data-alerts` on the script tag). */
export interface AlertOptions {
  /** A short tone; or the URL of a sound file to play instead. */
  readonly sound?: boolean | string;
  /** A desktop notification (asks the visitor's permission when they turn alerts on). */
  readonly desktop?: boolean;
}

export interface MountOptions {
  readonly callbacks?: Partial<UiCallbacks>;
  /** Where elements are made and visibility is watched; defaults to the host's document. */
  readonly document?: Document;
  /** Heading shown above the chat and its accessible name; '' for none. Default: the table's `title` ("Chat"). */
  readonly title?: string;
  /** A shipped language ("en", "fr", or a full tag such as "fr-CA"); default: the page's `<html lang>`, else English. */
  readonly lang?: string;
  /** Words to replace in the language's table, one by one (see strings.ts). */
  readonly strings?: Partial<UiStrings>;
  /** Alerts the visitor may turn on while every tab is hidden; none by default. */
  readonly alerts?: AlertOptions;
}

export interface MountedChat {
  /** The element the chat drew inside the host. */
  readonly root: HTMLElement;
  /** Removes everything the chat added and stops listening to the client. */
  unmount(): void;
}
