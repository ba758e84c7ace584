import type { ChatMessage, ChatState, Snapshot } from '@itmchat/protocol';
import type { AlertContext, MessageContext, UiCallbacks, UnreadContext } from './types.js';

/**
 * The `detail` of each DOM event the chat fires on its host element. The events bubble, so a
 * page can listen on `document` without replacing any callback (or holding the mount's handle).
 */
export interface ItmchatEventMap {
  readonly 'itmchat:state': { readonly state: ChatState; readonly snapshot: Snapshot };
  readonly 'itmchat:join': { readonly nick: string; readonly place: string };
  readonly 'itmchat:leave': { readonly nick: string; readonly place: string };
  readonly 'itmchat:message': { readonly message: ChatMessage; readonly place: string; readonly own: boolean };
  readonly 'itmchat:unread': { readonly count: number };
  readonly 'itmchat:alert': { readonly message: ChatMessage; readonly place: string };
  readonly 'itmchat:topic': { readonly topic: string | null; readonly place: string };
  readonly 'itmchat:away': { readonly nick: string; readonly away: string | null; readonly place: string };
  readonly 'itmchat:typing': { readonly nicks: readonly string[] };
}

/** The hook callbacks (the ones that draw nothing), each with the event fired after it. */
export const HOOK_EVENTS = {
  onStateChange: 'itmchat:state',
  onJoin: 'itmchat:join',
  onLeave: 'itmchat:leave',
  onMessage: 'itmchat:message',
  onUnread: 'itmchat:unread',
  onAlert: 'itmchat:alert',
  onTopic: 'itmchat:topic',
  onAway: 'itmchat:away',
  onTyping: 'itmchat:typing',
} as const satisfies Partial<Record<keyof UiCallbacks, keyof ItmchatEventMap>>;

/** What the mount calls when something happens: each runs the callback, then fires the event. */
export interface Hooks {
  state(state: ChatState, snapshot: Snapshot): void;
  join(nick: string, place: string): void;
  leave(nick: string, place: string): void;
  message(message: ChatMessage, ctx: MessageContext): void;
  unread(count: number, ctx: UnreadContext): void;
  alert(message: ChatMessage, ctx: AlertContext): void;
  topic(topic: string | null, place: string): void;
  away(nick: string, away: string | null, place: string): void;
  typing(nicks: readonly string[]): void;
}

export function makeHooks(host: HTMLElement, callbacks: UiCallbacks): Hooks {
  const fire = <K extends keyof ItmchatEventMap>(type: K, detail: ItmchatEventMap[K]): void => {
    const view = host.ownerDocument.defaultView;
    // A listener that throws is reported by the browser; dispatchEvent itself does not throw.
    if (view) host.dispatchEvent(new view.CustomEvent(type, { bubbles: true, detail }));
  };
  return {
    state(state, snapshot) {
      safely(() => callbacks.onStateChange(state, snapshot));
      fire('itmchat:state', { state, snapshot });
    },
    join(nick, place) {
      safely(() => callbacks.onJoin(nick, place));
      fire('itmchat:join', { nick, place });
    },
    leave(nick, place) {
      safely(() => callbacks.onLeave(nick, place));
      fire('itmchat:leave', { nick, place });
    },
    message(message, ctx) {
      safely(() => callbacks.onMessage(message, ctx));
      fire('itmchat:message', { message, place: ctx.place, own: ctx.own });
    },
    unread(count, ctx) {
      safely(() => callbacks.onUnread(count, ctx));
      fire('itmchat:unread', { count });
    },
    alert(message, ctx) {
      safely(() => callbacks.onAlert(message, ctx));
      fire('itmchat:alert', { message, place: ctx.place });
    },
    topic(topic, place) {
      safely(() => callbacks.onTopic(topic, place));
      fire('itmchat:topic', { topic, place });
    },
    away(nick, away, place) {
      safely(() => callbacks.onAway(nick, away, place));
      fire('itmchat:away', { nick, away, place });
    },
    typing(nicks) {
      safely(() => callbacks.onTyping(nicks));
      fire('itmchat:typing', { nicks });
    },
  };
}

/** An integrator's hook that throws must not stop the chat from drawing. */
function safely(hook: () => void): void {
  try {
    hook();
  } catch (error) {
    console.error('[itmchat-ui] a callback threw', error);
  }
}
