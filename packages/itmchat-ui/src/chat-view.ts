import { el } from './dom.js';

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
  readonly log: HTMLElement;
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
export function buildChatView(doc: Document, title: string): ChatView {
  const nickInput = el(doc, 'input', {
    className: 'itmchat-input',
    attrs: { ...hook('nick'), type: 'text', name: 'nick', autocomplete: 'nickname', required: '', spellcheck: 'false' },
  });
  const joinButton = el(doc, 'button', { className: 'itmchat-button', attrs: { ...hook('join'), type: 'submit' } }, 'Join');
  const joinError = el(doc, 'p', { className: 'itmchat-error', attrs: { ...hook('join-error'), role: 'alert' } });
  const joinForm = el(
    doc,
    'form',
    { className: 'itmchat-join', attrs: hook('join-form') },
    label(doc, 'Your nick', nickInput),
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
    'Leave',
  );
  const bar = el(
    doc,
    'div',
    { className: 'itmchat-bar' },
    el(doc, 'p', { className: 'itmchat-where' }, 'Place: ', place, ' · You: ', me),
    ' ',
    leaveButton,
  );
  const status = el(doc, 'p', { className: 'itmchat-status', attrs: { ...hook('status'), role: 'status' } });
  const log = el(doc, 'div', {
    className: 'itmchat-log',
    attrs: { ...hook('log'), role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages', tabindex: '0' },
  });
  const lineInput = el(doc, 'textarea', {
    className: 'itmchat-input itmchat-message-input',
    attrs: { ...hook('input'), name: 'line', rows: '1', autocomplete: 'off', enterkeyhint: 'send' },
  });
  const counter = el(doc, 'span', { className: 'itmchat-counter', attrs: { ...hook('counter'), 'aria-live': 'polite', hidden: '' } });
  const sendButton = el(doc, 'button', { className: 'itmchat-button', attrs: { ...hook('send'), type: 'submit' } }, 'Send');
  const lineForm = el(
    doc,
    'form',
    { className: 'itmchat-line', attrs: hook('line-form') },
    label(doc, 'Message', lineInput, true),
    ' ',
    counter,
    sendButton,
  );
  const active = el(doc, 'div', { className: 'itmchat-active', attrs: hook('chat') }, bar, status, log, lineForm);

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
    log,
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
