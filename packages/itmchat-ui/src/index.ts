export { DEFAULT_TITLE, mountChat } from './mount-chat.js';
export { defaultCallbacks, defaultOnJoin, defaultOnLeave, defaultOnMessage, defaultOnStateChange, resolveCallbacks } from './callbacks.js';
export { defaultFormatDate, defaultFormatTime, defaultRenderMessage, defaultRenderPending, defaultRenderText } from './render-message.js';
export { defaultOnAlert } from './alerts.js';
export { linkify, LINK_REL } from './linkify.js';
export { ENGLISH, FRENCH, LANGUAGES, fill, plural, resolveStrings, type PluralForms, type UiStrings } from './strings.js';
export { defaultRenderGap, defaultRenderNotice } from './render-notices.js';
export { defaultRenderCommandError, defaultRenderSystemReply } from './render-reply.js';
export { defaultOnUnread } from './unread-title.js';
export { HOOK_EVENTS, type ItmchatEventMap } from './hooks.js';
export { describeResult, type ReplyText } from './describe-result.js';
export { droppedText, errorText, gapText, presenceText } from './notice-text.js';
export { statusText } from './state-view.js';
export type { EntryKind, LogMessage } from './log-view.js';
export type {
  AlertContext,
  AlertOptions,
  MessageContext,
  MountedChat,
  MountOptions,
  NoticeKind,
  RenderContext,
  UiCallbacks,
  UiError,
  UnreadContext,
} from './types.js';
