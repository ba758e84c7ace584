import type { ChatMessage, PendingLine } from '@itmchat/protocol';
import { el } from './dom.js';
import type { MessageContext, RenderContext } from './types.js';

/** Default `formatTime`: hours and minutes in the visitor's locale. */
export function defaultFormatTime(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Default `renderMessage`: `<div><time datetime>12:03</time> <b>ana</b>: <span>text</span></div>`. */
export function defaultRenderMessage(message: ChatMessage, ctx: MessageContext): HTMLElement {
  const doc = ctx.document;
  const className = ctx.own ? 'itmchat-message itmchat-message--own' : 'itmchat-message';
  return el(doc, 'div', { className }, renderTime(message.at, ctx), ' ', ...nickAndText(doc, message.nick, message.text));
}

/** Default `renderPending`: the line as it will look, marked "sending…". */
export function defaultRenderPending(line: PendingLine, ctx: RenderContext): HTMLElement {
  const doc = ctx.document;
  return el(
    doc,
    'div',
    { className: 'itmchat-message itmchat-message--own itmchat-pending', attrs: { 'aria-busy': 'true' } },
    ...nickAndText(doc, ctx.nick ?? 'you', line.text),
    ' ',
    el(doc, 'span', { className: 'itmchat-sending' }, '(sending…)'),
  );
}

function nickAndText(doc: Document, nick: string, text: string): Node[] {
  return [
    el(doc, 'b', { className: 'itmchat-nick' }, nick),
    doc.createTextNode(': '),
    el(doc, 'span', { className: 'itmchat-text' }, text),
  ];
}

function renderTime(at: number, ctx: RenderContext): HTMLElement {
  const when = new Date(at);
  const attrs: Record<string, string> = Number.isNaN(when.getTime()) ? {} : { datetime: when.toISOString() };
  return el(ctx.document, 'time', { className: 'itmchat-time', attrs }, ctx.formatTime(at));
}
