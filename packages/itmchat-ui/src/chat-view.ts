import { el } from './dom.js';
import type { UiStrings } from './strings.js';

/** The chat's fixed elements, made once at mount. */
export interface ChatView {
  readonly root: HTMLElement;
  readonly joinForm: HTMLFormElement;
  readonly nickInput: HTMLInputElement;
  readonly joinButton: HTMLButtonElement;
  readonly joinError: HTMLElement;
  readonly active: HTMLElement;
  readonly place: HTMLElement;
  readonly me: HTMLElement;
  readonly leaveButton: HTMLButtonElement;
  readonly status: HTMLElement;
  /** Turns the browser's alerts on and off; shown only when the `alerts` option allows some. */
  readonly alertsButton: HTMLButtonElement;
  /** The place's topic, hidden when it has none. */
  readonly topic: HTMLElement;
  /** "bob is typing…", hidden while nobody is. */
  readonly typing: HTMLElement;
  /** The private lines (see PrivateView), hidden while there are none. */
  readonly privateBox: HTMLElement;
  readonly privateList: HTMLElement;
  readonly privateUnread: HTMLElement;
  /** The log of the place. Not a live region: redraws and backlogs are not read out (see `announcer`). */
  readonly log: HTMLElement;
  /** "3 new messages": shown while the log is scrolled up and live messages come; jumps down on click. */
  readonly newMessages: HTMLButtonElement;
  /** The polite live region: what is said live, once each, and nothing of a redraw or a backlog. */
  readonly announcer: HTMLElement;
  readonly lineForm: HTMLFormElement;
  /** A textarea that grows with its text: Enter sends, Shift+Enter breaks the line. */
  readonly lineInput: HTMLTextAreaElement;
  /** Characters left, shown near the server's limit. */
  readonly counter: HTMLElement;
  readonly sendButton: HTMLButtonElement;
}

const hook = (name: string): Record<string, string> => ({ 'data-itmchat': name });

/**
 * Plain semantic HTML: a join form (shown when idle) and the active chat (place, status line, log,
 * line form). Inputs sit inside their labels so several chats on one page need no unique ids.
 */
export function buildChatView(doc: Document, title: string, words: UiStrings): ChatView {
  const nickInput = el(doc, 'input', {
    className: 'itmchat-input',
    attrs: { ...hook('nick'), type: 'text', name: 'nick', autocomplete: 'nickname', required: '', spellcheck: 'false' },
  });
  const joinButton = el(doc, 'button', { className: 'itmchat-button', attrs: { ...hook('join'), type: 'submit' } }, words.joinButton);
  const joinError = el(doc, 'p', { className: 'itmchat-error', attrs: { ...hook('join-error'), role: 'alert' } });
  const joinForm = el(
    doc,
    'form',
    { className: 'itmchat-join', attrs: hook('join-form') },
    label(doc, words.nickLabel, nickInput),
    ' ',
    joinButton,
    joinError,
  );

  const place = el(doc, 'strong', { className: 'itmchat-place', attrs: hook('place') });
  const me = el(doc, 'strong', { className: 'itmchat-me', attrs: hook('me') });
  const leaveButton = el(
    doc,
    'button',
    { className: 'itmchat-button itmchat-leave', attrs: { ...hook('leave'), type: 'button' } },
    words.leaveButton,
  );
  const alertsButton = el(
    doc,
    'button',
    { className: 'itmchat-button itmchat-alerts', attrs: { ...hook('alerts'), type: 'button', 'aria-pressed': 'false', hidden: '' } },
    words.alertsOff,
  );
  const bar = el(
    doc,
    'div',
    { className: 'itmchat-bar' },
    el(doc, 'p', { className: 'itmchat-where' }, `${words.placeLabel} `, place, ` · ${words.youLabel} `, me),
    ' ',
    alertsButton,
    leaveButton,
  );
  const topic = el(doc, 'p', { className: 'itmchat-topic', attrs: { ...hook('topic'), dir: 'auto', hidden: '' } });
  const status = el(doc, 'p', { className: 'itmchat-status', attrs: { ...hook('status'), role: 'status' } });
  const privateUnread = el(doc, 'span', { className: 'itmchat-private-unread', attrs: hook('private-unread') });
  const privateList = el(doc, 'div', {
    className: 'itmchat-private-log',
    attrs: { ...hook('private-log'), role: 'log', 'aria-live': 'off', 'aria-label': words.privateHeading, tabindex: '0' },
  });
  const privateBox = el(
    doc,
    'section',
    { className: 'itmchat-private', attrs: { ...hook('private'), 'aria-label': words.privateHeading, hidden: '' } },
    el(doc, 'h3', { className: 'itmchat-private-heading' }, `${words.privateHeading} `, privateUnread),
    privateList,
  );
  const log = el(doc, 'div', {
    className: 'itmchat-log',
    attrs: { ...hook('log'), role: 'log', 'aria-live': 'off', 'aria-label': words.logLabel, tabindex: '0' },
  });
  const newMessages = el(doc, 'button', {
    className: 'itmchat-button itmchat-new-messages',
    attrs: { ...hook('new-messages'), type: 'button', hidden: '' },
  });
  const announcer = el(doc, 'div', {
    className: 'itmchat-visually-hidden',
    attrs: { ...hook('announcer'), 'aria-live': 'polite', 'aria-atomic': 'false', 'aria-relevant': 'additions' },
  });
  const lineInput = el(doc, 'textarea', {
    className: 'itmchat-input itmchat-message-input',
    attrs: { ...hook('input'), name: 'line', rows: '1', autocomplete: 'off', enterkeyhint: 'send', placeholder: words.messagePlaceholder },
  });
  const counter = el(doc, 'span', { className: 'itmchat-counter', attrs: { ...hook('counter'), 'aria-live': 'polite', hidden: '' } });
  const sendButton = el(doc, 'button', { className: 'itmchat-button', attrs: { ...hook('send'), type: 'submit' } }, words.sendButton);
  const lineForm = el(
    doc,
    'form',
    { className: 'itmchat-line', attrs: hook('line-form') },
    label(doc, words.messageLabel, lineInput, true),
    ' ',
    counter,
    sendButton,
  );
  const logBox = el(doc, 'div', { className: 'itmchat-log-box' }, log, newMessages);
  const typing = el(doc, 'p', { className: 'itmchat-typing', attrs: { ...hook('typing'), hidden: '' } });
  const active = el(
    doc,
    'div',
    { className: 'itmchat-active', attrs: hook('chat') },
    bar,
    topic,
    status,
    logBox,
    typing,
    privateBox,
    lineForm,
    announcer,
  );

  const root = el(doc, 'section', { className: 'itmchat', attrs: title === '' ? {} : { 'aria-label': title } });
  if (title !== '') root.appendChild(el(doc, 'h2', { className: 'itmchat-title' }, title));
  root.append(joinForm, active);
  return {
    root,
    joinForm,
    nickInput,
    joinButton,
    joinError,
    active,
    place,
    me,
    leaveButton,
    status,
    alertsButton,
    topic,
    typing,
    privateBox,
    privateList,
    privateUnread,
    log,
    newMessages,
    announcer,
    lineForm,
    lineInput,
    counter,
    sendButton,
  };
}

function label(doc: Document, text: string, input: HTMLInputElement | HTMLTextAreaElement, quiet = false): HTMLLabelElement {
  const caption = el(doc, 'span', { className: quiet ? 'itmchat-label-text itmchat-visually-hidden' : 'itmchat-label-text' }, text);
  return el(doc, 'label', { className: 'itmchat-label' }, caption, ' ', input);
}
