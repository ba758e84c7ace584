import { assertNever, type Note } from '@itmchat/protocol';
import type { EntryKind } from './log-view.js';
import { awayText, droppedText, presenceText } from './notice-text.js';
import type { RenderContext, UiCallbacks } from './types.js';

/**
 * A note of the log drawn by the page's callbacks, the same way whether it happens now or comes
 * back with the log after a navigation: presence lines, refusals and notices as notices, command
 * answers and refusals as replies.
 */
export function renderNote(note: Note, callbacks: UiCallbacks, ctx: RenderContext): { element: HTMLElement; kind: EntryKind } {
  switch (note.kind) {
    case 'presence':
      return { element: callbacks.renderNotice(presenceText(note, ctx.strings), 'presence', ctx), kind: 'notice' };
    case 'dropped':
      return {
        element: callbacks.renderNotice(droppedText({ cid: '', text: note.text }, note.error, ctx.strings), 'dropped', ctx),
        kind: 'notice',
      };
    case 'notice':
      return { element: callbacks.renderNotice(note.message, 'notice', ctx), kind: 'notice' };
    case 'reply': {
      const element = callbacks.renderSystemReply(note.result, ctx);
      element.dataset['command'] = note.result.command;
      return { element, kind: 'reply' };
    }
    case 'away':
      return { element: callbacks.renderNotice(awayText(note.nick, note.away, ctx.strings), 'presence', ctx), kind: 'notice' };
    case 'commandError': {
      const element = callbacks.renderCommandError(note.error, ctx);
      element.dataset['code'] = note.error.code;
      return { element, kind: 'reply' };
    }
    default:
      return assertNever(note);
  }
}
