import type { CommandResult, WorkerCommandResult } from '@itmchat/protocol';
import { el } from './dom.js';
import { describeResult } from './describe-result.js';
import { errorText } from './notice-text.js';
import type { RenderContext, UiError } from './types.js';

/** Default `renderSystemReply`: the answer's sentence, then its items as a list. */
export function defaultRenderSystemReply(result: CommandResult | WorkerCommandResult, ctx: RenderContext): HTMLElement {
  const doc = ctx.document;
  const { heading, items } = describeResult(result, ctx.strings);
  const reply = el(doc, 'div', { className: 'itmchat-reply' }, el(doc, 'p', { className: 'itmchat-reply-heading' }, heading));
  if (items.length > 0) {
    reply.appendChild(el(doc, 'ul', { className: 'itmchat-reply-items' }, ...items.map((item) => el(doc, 'li', {}, item))));
  }
  return reply;
}

/** Default `renderCommandError`: the refusal's message ("unknown command "-x"; type -help for the list"). */
export function defaultRenderCommandError(error: UiError, ctx: RenderContext): HTMLElement {
  const doc = ctx.document;
  return el(
    doc,
    'div',
    { className: 'itmchat-reply itmchat-reply--error' },
    el(doc, 'p', { className: 'itmchat-reply-heading' }, errorText(error, ctx.strings)),
  );
}
