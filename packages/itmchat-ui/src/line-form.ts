import { BridgeErrorCode, TYPING_EVERY_MS, isCommandLine, lengthOf } from '@itmchat/protocol';
import type { ChatClient } from '@itmchat/jsclient';
import type { ChatView } from './chat-view.js';
import type { LogView } from './log-view.js';
import type { RenderContext, UiCallbacks } from './types.js';
import { completeNick, type Completion } from './nick-completion.js';
import { errorText } from './notice-text.js';
import { fill, plural } from './strings.js';
import { toUiError } from './ui-error.js';

export interface LineFormDeps {
  readonly view: ChatView;
  readonly client: ChatClient;
  readonly log: LogView;
  readonly callbacks: UiCallbacks;
  readonly context: () => RenderContext;
  readonly alive: () => boolean;
  /** Tells the live region (a command's answer, a refusal): what the visitor asked for is heard, once. */
  readonly announce: (text: string) => void;
}

/** The server's limit until the worker has heard its hello (the server's own default). */
const DEFAULT_TEXT_MAX_LENGTH = 2000;
/** The counter shows once this share of the limit is typed. */
const COUNTER_FROM = 0.8;

/**
 * The message field, a textarea that grows with its text. Enter sends (not mid-composition, as
 * an input method may use Enter), Shift+Enter breaks the line, and the line breaks are kept. Near
 * the server's limit a counter says how many characters are left; over it nothing is sent. A
 * command line goes to `client.command` and its answer, or its refusal, shows in the log as a
 * system reply; any other line goes to `client.say`.
 */
export function wireLineForm(deps: LineFormDeps): () => void {
  const { view, client, log, callbacks, context, alive, announce } = deps;
  const words = context().strings;
  const input = view.lineInput;
  const maxLength = () => client.snapshot.textMaxLength ?? DEFAULT_TEXT_MAX_LENGTH;

  /** Grows the field to its text (up to the height the stylesheet allows), and updates the counter. */
  const fit = (): void => {
    input.style.height = 'auto';
    if (input.scrollHeight > 0) input.style.height = `${input.scrollHeight}px`;
    const max = maxLength();
    const left = max - lengthOf(input.value);
    const near = left <= max * (1 - COUNTER_FROM);
    view.counter.hidden = !near;
    view.counter.textContent = near ? plural(words, left >= 0 ? words.charactersLeft : words.charactersOver, Math.abs(left)) : '';
    if (left < 0) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };

  let completion: Completion | null = null;
  /** Tab completes a nick of the place (or of a private conversation); with nothing to complete it moves the focus. */
  const complete = (event: KeyboardEvent): void => {
    const { members, conversations = [], nick } = client.snapshot;
    const nicks = [...members, ...conversations.map((c) => c.with)].filter((n) => n !== '' && n !== nick);
    const done = completeNick(input.value, input.selectionStart ?? input.value.length, nicks, completion);
    if (!done) return;
    event.preventDefault();
    input.value = done.value;
    input.setSelectionRange(done.cursor, done.cursor);
    completion = done.completion;
    fit();
  };

  /** When a typing indicator last went out, per whom it was for ('' the place). */
  const typedAt = new Map<string, number>();
  const onInput = (): void => {
    fit();
    const line = input.value;
    if (line.trim() === '') return;
    const to = /^\s*[-/]msg\s+(\S+)\s/iu.exec(line)?.[1];
    if (to === undefined && isCommandLine(line)) return; // a command is no one's business
    const now = Date.now();
    if (now - (typedAt.get(to ?? '') ?? -Infinity) < TYPING_EVERY_MS) return;
    typedAt.set(to ?? '', now);
    void client.typing(to).catch(() => {});
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Tab' && !event.shiftKey && !event.isComposing) return complete(event);
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    view.lineForm.requestSubmit();
  };

  const command = (line: string): void => {
    const droppedBefore = log.droppedCount;
    client.command(line).then(
      (result) => {
        if (!alive()) return;
        // A line said (-me, -msg, -r) shows as itself; -query opens the conversation in the field.
        if (result.command === 'said') return;
        if (result.command === 'query' && input.value === '') {
          input.value = `-msg ${result.nick} `;
          fit();
        }
        const reply = callbacks.renderSystemReply(result, context());
        reply.dataset['command'] = result.command;
        log.addNote(reply, 'reply');
        announce(reply.textContent ?? '');
      },
      (reason: unknown) => {
        if (!alive()) return;
        const error = toUiError(reason);
        // Refused: the line comes back for editing, never lost (a refused -msg as much as a mistyped command).
        if (input.value === '') {
          input.value = line;
          fit();
        }
        if (log.droppedCount !== droppedBefore) return; // its 'dropped' event said why
        const reply = callbacks.renderCommandError(error, context());
        reply.dataset['code'] = error.code;
        log.addNote(reply, 'reply');
        announce(reply.textContent ?? '');
      },
    );
  };

  const say = (line: string): void => {
    const droppedBefore = log.droppedCount;
    client.say(line).catch((reason: unknown) => {
      if (!alive()) return;
      const { code } = toUiError(reason);
      // The page lost the worker (a new leader tab, the page hidden): the line is still in the
      // outbox and will be sent; showing it as not sent would have the visitor send it twice.
      if (code === BridgeErrorCode.Disconnected || code === BridgeErrorCode.Cancelled) return;
      // Refused for good (too long, empty, not joined): the text comes back for editing, never lost.
      if (input.value === '') {
        input.value = line;
        fit();
      }
      // A line refused after it was pending was already explained by its 'dropped' event.
      if (log.droppedCount !== droppedBefore) return;
      const text = fill(words.notSent, { reason: errorText(toUiError(reason), words) });
      log.addNote(callbacks.renderNotice(text, 'error', context()), 'notice');
      announce(text);
    });
  };

  const onSubmit = (event: Event): void => {
    event.preventDefault();
    const line = input.value;
    if (line.trim() === '') return;
    // Over the limit the text stays where it is, for the visitor to shorten (the counter says by how much).
    if (lengthOf(line) > maxLength()) return fit();
    input.value = '';
    fit();
    if (isCommandLine(line)) command(line);
    else say(line);
  };

  view.lineForm.addEventListener('submit', onSubmit);
  input.addEventListener('keydown', onKeyDown);
  input.addEventListener('input', onInput);
  return () => {
    view.lineForm.removeEventListener('submit', onSubmit);
    input.removeEventListener('keydown', onKeyDown);
    input.removeEventListener('input', onInput);
  };
}
