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
  const kind = message.kind ?? 'say';
  const classes = kind === 'say' ? ['itmchat-message'] : ['itmchat-message', `itmchat-message--${kind}`];
  if (ctx.own) classes.push('itmchat-message--own');
  const mention = !ctx.own && mentions(message, ctx.nick);
  if (mention) classes.push('itmchat-mention');
  const element = el(
    doc,
    'div',
    { className: classes.join(' '), attrs: { 'data-kind': kind } },
    renderTime(message.at, ctx),
    ' ',
    ...body(message, ctx),
  );
  if (mention) element.dataset['mention'] = 'true';
  return element;
}

/** What follows the time, by the line's kind: the words around a nick are the strings table's. */
function body(message: ChatMessage, ctx: MessageContext): Node[] {
  const doc = ctx.document;
  const nick = (name: string) => el(doc, 'b', { className: 'itmchat-nick', attrs: { dir: 'auto', 'data-nick': name } }, name);
  const text = () => el(doc, 'span', { className: 'itmchat-text', attrs: { dir: 'auto' } }, ...ctx.renderText(message.text));
  switch (message.kind) {
    case 'action':
      return [doc.createTextNode('* '), nick(message.nick), doc.createTextNode(' '), text()];
    case 'topic':
      return message.text === ''
        ? fillNodes(doc, ctx.strings.topicCleared, { nick: nick(message.nick) })
        : fillNodes(doc, ctx.strings.topicSet, { nick: nick(message.nick), topic: text() });
    case 'nick':
      return fillNodes(doc, ctx.strings.nowKnownAs, { nick: nick(message.nick), new: nick(message.text) });
    case 'private':
      return [
        el(
          doc,
          'span',
          { className: 'itmchat-private-mark' },
          ...fillNodes(doc, ctx.strings.privateLine, { from: nick(message.nick), to: nick(message.to ?? '') }),
        ),
        doc.createTextNode(': '),
        text(),
      ];
    default:
      return nickAndText(ctx, message.nick, message.text);
  }
}

/**
 * Whether a line from someone else names `nick` as a word ("ana: hi", "hi @Ana!"), whatever the
 * case: such a line is highlighted and counted even where other lines are not.
 */
export function mentions(message: Pick<ChatMessage, 'text' | 'kind'>, nick: string | null): boolean {
  if (!nick || (message.kind !== undefined && message.kind !== 'say' && message.kind !== 'action' && message.kind !== 'private'))
    return false;
  const text = message.text.toLocaleLowerCase();
  const wanted = nick.toLocaleLowerCase();
  const word = /[\p{L}\p{N}_]/u;
  for (let at = text.indexOf(wanted); at !== -1; at = text.indexOf(wanted, at + 1)) {
    const before = text[at - 1];
    const after = text[at + wanted.length];
    if ((before === undefined || !word.test(before)) && (after === undefined || !word.test(after))) return true;
  }
  return false;
}

/** A template of the strings table with some of its values as nodes (a nick in bold), the rest text. */
function fillNodes(doc: Document, template: string, values: Readonly<Record<string, Node>>): Node[] {
  return template.split(/(\{\w+\})/u).flatMap((part) => {
    const node = /^\{(\w+)\}$/u.exec(part)?.[1];
    if (node !== undefined && values[node]) return [values[node]];
    return part === '' ? [] : [doc.createTextNode(part)];
  });
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
