import { defaultOnAlert } from './alerts.js';
import { defaultFormatDate, defaultFormatTime, defaultRenderMessage, defaultRenderPending, defaultRenderText } from './render-message.js';
import { defaultRenderGap, defaultRenderNotice } from './render-notices.js';
import { defaultRenderCommandError, defaultRenderSystemReply } from './render-reply.js';
import { defaultOnUnread } from './unread-title.js';
import type { UiCallbacks } from './types.js';

const nothing = (): void => {};

/** Default `onStateChange`, `onJoin`, `onLeave`, `onMessage`: do nothing (the layer already redraws). */
export const defaultOnStateChange: UiCallbacks['onStateChange'] = nothing;
export const defaultOnJoin: UiCallbacks['onJoin'] = nothing;
export const defaultOnLeave: UiCallbacks['onLeave'] = nothing;
export const defaultOnMessage: UiCallbacks['onMessage'] = nothing;
export const defaultOnTopic: UiCallbacks['onTopic'] = nothing;
export const defaultOnAway: UiCallbacks['onAway'] = nothing;
export const defaultOnTyping: UiCallbacks['onTyping'] = nothing;

export const defaultCallbacks: UiCallbacks = {
  renderMessage: defaultRenderMessage,
  renderPending: defaultRenderPending,
  renderNotice: defaultRenderNotice,
  renderSystemReply: defaultRenderSystemReply,
  renderCommandError: defaultRenderCommandError,
  renderGap: defaultRenderGap,
  renderText: defaultRenderText,
  formatTime: defaultFormatTime,
  formatDate: defaultFormatDate,
  onStateChange: defaultOnStateChange,
  onJoin: defaultOnJoin,
  onLeave: defaultOnLeave,
  onMessage: defaultOnMessage,
  onUnread: defaultOnUnread,
  onAlert: defaultOnAlert,
  onTopic: defaultOnTopic,
  onAway: defaultOnAway,
  onTyping: defaultOnTyping,
};

/** The defaults with the integrator's overrides on top, one by one. */
export function resolveCallbacks(overrides: Partial<UiCallbacks> = {}): UiCallbacks {
  // An override left undefined (from plain JS) keeps the default instead of breaking the chat.
  const given = Object.entries(overrides).filter(([name, value]) => name in defaultCallbacks && typeof value === 'function');
  return { ...defaultCallbacks, ...(Object.fromEntries(given) as Partial<UiCallbacks>) };
}
