import type { ChatMessage, ChatState, CommandResult, GapMark, PendingLine, Snapshot } from '@itmchat/protocol';

/** A refused call, as the UI shows it: a machine-readable code and a sentence for people. */
export interface UiError {
  readonly code: string;
  readonly message: string;
}

/** What a notice line is about; default renderers turn it into an `itmchat-notice--<kind>` class. */
export type NoticeKind = 'presence' | 'notice' | 'dropped' | 'error';

/** Passed to every renderer: where to make elements, and how times are written. */
export interface RenderContext {
  readonly document: Document;
  /** The `formatTime` callback in force (the default or an override). */
  readonly formatTime: (at: number) => string;
  /** The visitor's own nick; null before joining. */
  readonly nick: string | null;
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
  readonly renderSystemReply: (result: CommandResult, ctx: RenderContext) => HTMLElement;
  readonly renderCommandError: (error: UiError, ctx: RenderContext) => HTMLElement;
  readonly renderGap: (gap: GapMark, ctx: RenderContext) => HTMLElement;
  readonly formatTime: (at: number) => string;
  /** At mount, then on every change of state. */
  readonly onStateChange: (state: ChatState, snapshot: Snapshot) => void;
  /** When the visitor becomes joined after being idle (not at mount, not after a reconnect). */
  readonly onJoin: (nick: string, place: string) => void;
  /** When the visitor goes back to idle after being joined: Leave (in any tab), or the session lost. */
  readonly onLeave: (nick: string, place: string) => void;
  /** Every new numbered message of the current place (not those of a redraw): sounds, notifications. */
  readonly onMessage: (message: ChatMessage, ctx: MessageContext) => void;
  /** Messages from others that arrived while the page was hidden; 0 when it is seen again. */
  readonly onUnread: (count: number, ctx: UnreadContext) => void;
}

export interface MountOptions {
  readonly callbacks?: Partial<UiCallbacks>;
  /** Where elements are made and visibility is watched; defaults to the host's document. */
  readonly document?: Document;
  /** Heading shown above the chat and its accessible name; '' for none. Default "Chat". */
  readonly title?: string;
}

export interface MountedChat {
  /** The element the chat drew inside the host. */
  readonly root: HTMLElement;
  /** Removes everything the chat added and stops listening to the client. */
  unmount(): void;
}
