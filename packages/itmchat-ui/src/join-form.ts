import type { Snapshot } from '@itmchat/protocol';
import type { ChatClient } from '@itmchat/jsclient';
import type { ChatView } from './chat-view.js';
import { setText } from './dom.js';
import { errorText } from './notice-text.js';
import type { UiStrings } from './strings.js';
import { toUiError } from './ui-error.js';

export interface JoinFormDeps {
  readonly view: ChatView;
  readonly client: ChatClient;
  readonly strings: UiStrings;
  readonly alive: () => boolean;
  /** The visitor asked to join (the line input gets the focus once joined). */
  readonly submitted: () => void;
  /** The join call answered with this snapshot. */
  readonly joined: (snapshot: Snapshot) => void;
  /** The join call was refused; its reason is already shown next to the field. */
  readonly refused: () => void;
}

/**
 * The line under the nick field (role=alert): why a join was refused, or why the visitor is
 * back at the form (a bridge notice such as a nick lost after a long absence). '' clears it.
 */
export function setJoinMessage(view: ChatView, message: string): void {
  setText(view.joinError, message);
}

/** Idle state: submitting the nick calls `client.join`; a refusal is shown next to the field (role=alert). */
export function wireJoinForm(deps: JoinFormDeps): () => void {
  const { view, client } = deps;
  let busy = false;

  const showError = (message: string): void => {
    setJoinMessage(view, message);
    view.nickInput.setAttribute('aria-invalid', 'true');
    view.nickInput.focus();
  };

  const onSubmit = (event: Event): void => {
    event.preventDefault();
    if (busy) return;
    const nick = view.nickInput.value.trim();
    if (nick === '') return showError(deps.strings.typeNick);
    setJoinMessage(view, '');
    view.nickInput.removeAttribute('aria-invalid');
    busy = true;
    view.joinButton.disabled = true;
    deps.submitted();
    client
      .join(nick)
      .then(
        (snapshot) => {
          if (deps.alive()) deps.joined(snapshot);
        },
        (reason: unknown) => {
          if (!deps.alive()) return;
          deps.refused();
          showError(errorText(toUiError(reason), deps.strings));
        },
      )
      .finally(() => {
        busy = false;
        view.joinButton.disabled = false;
      });
  };

  view.joinForm.addEventListener('submit', onSubmit);
  return () => view.joinForm.removeEventListener('submit', onSubmit);
}
