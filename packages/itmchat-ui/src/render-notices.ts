import type { GapMark } from '@itmchat/protocol';
import { el } from './dom.js';
import { gapText } from './notice-text.js';
import type { NoticeKind, RenderContext } from './types.js';

/** Default `renderNotice`: a line of its own, classed by kind ("ana joined", "not sent: …"). */
export function defaultRenderNotice(text: string, kind: NoticeKind, ctx: RenderContext): HTMLElement {
  return el(ctx.document, 'p', { className: `itmchat-notice itmchat-notice--${kind}` }, text);
}

/** Default `renderGap`: "N messages could not be recovered", where they would have been. */
export function defaultRenderGap(gap: GapMark, ctx: RenderContext): HTMLElement {
  return el(ctx.document, 'p', { className: 'itmchat-gap' }, gapText(gap, ctx.strings));
}
