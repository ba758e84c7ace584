import { isCommandLine } from '@itmchat/protocol';
import type { ChatClient } from '@itmchat/jsclient';
import type { ChatView } from './chat-view.js';
import type { LogView } from './log-view.js';
import type { RenderContext, UiCallbacks } from './types.js';
import { toUiError } from './ui-error.js';

export interface LineFormDeps {
  readonly view: ChatView;
  readonly client: ChatClient;
  readonly log: LogView;
  readonly callbacks: UiCallbacks;
  readonly context: () => RenderContext;
  readonly alive: () => boolean;
}

/**
 * The line input. Enter submits the form (the browser's own implicit submission, which also
 * respects input methods mid-composition). A command line goes to `client.command` and its answer,
 * or its refusal, shows in the log as a system reply; any other line goes to `client.say`.
 */
export function wireLineForm(deps: LineFormDeps): () => void {
  const { view, client, log, callbacks, context, alive } = deps;

  const command = (line: string): void => {
    client.command(line).then(
      (result) => {
        if (!alive()) return;
        const reply = callbacks.renderSystemReply(result, context());
        reply.dataset['command'] = result.command;
        log.addNote(reply, 'reply');
      },
      (reason: unknown) => {
        if (!alive()) return;
        const error = toUiError(reason);
        const reply = callbacks.renderCommandError(error, context());
        reply.dataset['code'] = error.code;
        log.addNote(reply, 'reply');
      },
    );
  };

  const say = (line: string): void => {
    const droppedBefore = log.droppedCount;
    client.say(line).catch((reason: unknown) => {
      if (!alive()) return;
      // Refused for good (too long, empty, not joined): the text comes back for editing, never lost.
      if (view.lineInput.value === '') view.lineInput.value = line;
      // A line refused after it was pending was already explained by its 'dropped' event.
      if (log.droppedCount !== droppedBefore) return;
      log.addNote(callbacks.renderNotice(`not sent: ${toUiError(reason).message}`, 'error', context()), 'notice');
    });
  };

  const onSubmit = (event: Event): void => {
    event.preventDefault();
    const line = view.lineInput.value;
    if (line.trim() === '') return;
    view.lineInput.value = '';
    if (isCommandLine(line)) command(line);
    else say(line);
  };

  view.lineForm.addEventListener('submit', onSubmit);
  return () => view.lineForm.removeEventListener('submit', onSubmit);
}
