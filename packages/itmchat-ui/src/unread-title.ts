import type { UnreadContext } from './types.js';

/** Default `onUnread`: "(3) Original title" while there are unread messages; the original title at 0. */
export function defaultOnUnread(count: number, ctx: UnreadContext): void {
  ctx.document.title = count > 0 ? `(${count}) ${ctx.originalTitle}` : ctx.originalTitle;
}
