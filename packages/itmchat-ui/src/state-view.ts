import type { ChatState } from '@itmchat/protocol';
import type { ChatView } from './chat-view.js';
import { setText } from './dom.js';
import { ENGLISH, type UiStrings } from './strings.js';

export interface ShownState {
  readonly state: ChatState;
  readonly nick: string | null;
  readonly place: string | null;
  /** True until the visitor's session has been joined once: connecting is then a first join, not a reconnect. */
  readonly firstJoin: boolean;
}

/** Pure: the status line for a state; '' when there is nothing to say. */
export function statusText(state: ChatState, firstJoin: boolean, strings: UiStrings = ENGLISH): string {
  switch (state) {
    case 'connecting':
      return firstJoin ? strings.connecting : strings.reconnecting;
    case 'offline':
      return strings.connectionLost;
    case 'idle':
    case 'joined':
      return '';
  }
}

/** Reflects a state on the host (`data-itmchat-state`) and shows the parts that belong to it. */
export function showState(host: HTMLElement, view: ChatView, shown: ShownState, strings: UiStrings): void {
  host.dataset['itmchatState'] = shown.state;
  view.joinForm.hidden = shown.state !== 'idle';
  view.active.hidden = shown.state === 'idle';
  setText(view.place, shown.place ?? '');
  setText(view.me, shown.nick ?? '');
  const status = statusText(shown.state, shown.firstJoin, strings);
  setText(view.status, status);
  view.status.hidden = status === '';
}
