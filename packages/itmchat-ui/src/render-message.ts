import type { ChatMessage, PendingLine } from '@itmchat/protocol';
import { fullDateTime } from './dates.js';
import { el } from './dom.js';
import { linkify } from './linkify.js';
import type { MessageContext, RenderContext } from './types.js';

export { defaultFormatDate, defaultFormatTime } from './dates.js';

/** Default `renderText`: the text with its http(s) URLs as links, every part a DOM node. */
export function defaultRenderText(text: string, ctx: RenderContext): Node[] {
  return linkify(ctx.document, text);
}

/**
 * Default `renderMessage`: `<div><time datetime title>12:03</time> <b dir=auto>ana</b>: <span dir=auto>text</span></div>`.
 * Nick and text each take their direction from their own first strong letter (`dir="auto"`, which
 * also isolates them), so a Hebrew or Arabic line keeps its punctuation on its own side.
 */
export function defaultRenderMessage(message: ChatMessage, ctx: MessageContext): HTMLElement {
  const doc = ctx.document;
  const className = ctx.own ? 'itmchat-message itmchat-message--own' : 'itmchat-message';
  return el(doc, 'div', { className }, renderTime(message.at, ctx), ' ', ...nickAndText(ctx, message.nick, message.text));
}

/** Default `renderPending`: the line as it will look, marked "sending…". */
export function defaultRenderPending(line: PendingLine, ctx: RenderContext): HTMLElement {
  const doc = ctx.document;
  return el(
    doc,
    'div',
    { className: 'itmchat-message itmchat-message--own itmchat-pending', attrs: { 'aria-busy': 'true' } },
    ...nickAndText(ctx, ctx.nick ?? ctx.strings.pendingNick, line.text),
    ' ',
    el(doc, 'span', { className: 'itmchat-sending' }, ctx.strings.sending),
  );
}

function nickAndText(ctx: RenderContext, nick: string, text: string): Node[] {
  const doc = ctx.document;
  return [
    el(doc, 'b', { className: 'itmchat-nick', attrs: { dir: 'auto' } }, nick),
    doc.createTextNode(': '),
    el(doc, 'span', { className: 'itmchat-text', attrs: { dir: 'auto' } }, ...ctx.renderText(text)),
  ];
}

/** `<time datetime>` with the full date and time as its tooltip. */
function renderTime(at: number, ctx: RenderContext): HTMLElement {
  const valid = Number.isFinite(at) && !Number.isNaN(new Date(at).getTime());
  const attrs: Record<string, string> = valid ? { datetime: new Date(at).toISOString(), title: fullDateTime(at, ctx.strings.locale) } : {};
  return el(ctx.document, 'time', { className: 'itmchat-time', attrs }, valid ? ctx.formatTime(at) : '');
}
