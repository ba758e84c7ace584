import type { ChatMessage, GapMark, NoteMark, OlderPage, PendingLine, Snapshot } from '@itmchat/protocol';
import { localDay } from './dates.js';
import { el } from './dom.js';
import { renderNote } from './render-note.js';
import type { RenderContext, UiCallbacks } from './types.js';

/** A numbered message of the current place; `cid` marks the lines this browser said. */
export type LogMessage = ChatMessage & { readonly cid?: string };

/** The kinds of entries in the log, written to `data-itmchat-entry`. */
export type EntryKind = 'message' | 'pending' | 'gap' | 'notice' | 'reply' | 'day';

/** Where a reader stands in a log scrolled up: the first message in view, and how far its top is above the log's. */
export interface LogPosition {
  readonly seq: number;
  readonly offset: number;
}

/** Said by this visitor: it carries this browser's cid, or the visitor's nick. */
export function isOwn(message: LogMessage, nick: string | null): boolean {
  return message.cid !== undefined || message.nick === nick;
}

/** A log scrolled to within this many pixels of its end counts as at the bottom. */
export const DEFAULT_BOTTOM_SLACK_PX = 8;

interface Anchor {
  /** Messages sit at their seq; a gap just before the first number it misses; a day's divider just before its first message. */
  readonly key: number;
  readonly element: HTMLElement;
}

/** A divider's place before its day's first message: after the notes that follow the message before it. */
const DAY_BEFORE = 0.25;

/**
 * The message log of one place. Numbered messages and gaps are kept in number order and each seq
 * is drawn once; pending lines stay at the bottom until their numbered message replaces them;
 * notices and command replies go in as they come, above the pending lines.
 */
export class LogView {
  readonly element: HTMLElement;
  readonly #callbacks: UiCallbacks;
  readonly #context: () => RenderContext;
  #place: string | null = null;
  #anchors: Anchor[] = [];
  readonly #seqs = new Set<number>();
  readonly #gaps = new Set<string>();
  /** Notes drawn, by id: each once, whether it came as an event or with a snapshot. */
  readonly #notes = new Set<string>();
  readonly #pending = new Map<string, { readonly line: PendingLine; readonly element: HTMLElement }>();
  readonly #numberedCids = new Set<string>();
  /** Each day's divider, and the first number drawn of that day. */
  readonly #days = new Map<string, { element: HTMLElement; seq: number }>();
  #dropped = 0;
  /** Above every entry: what lies before the oldest message (see LogHistory). */
  readonly head: HTMLElement;

  constructor(element: HTMLElement, callbacks: UiCallbacks, context: () => RenderContext) {
    this.element = element;
    this.#callbacks = callbacks;
    this.#context = context;
    this.head = el(element.ownerDocument, 'div', { className: 'itmchat-history', attrs: { 'data-itmchat': 'history' } });
    element.append(this.head);
  }

  /** The number of the oldest message drawn; null when none is. */
  get oldestSeq(): number | null {
    for (const anchor of this.#anchors) if (this.#seqs.has(anchor.key)) return anchor.key;
    return null;
  }

  /** The place the log shows; null before the first snapshot. */
  get place(): string | null {
    return this.#place;
  }

  /** How many pending lines were dropped so far (lets a failed say know it was already explained). */
  get droppedCount(): number {
    return this.#dropped;
  }

  /**
   * Full redraw: at the bottom, or with `position`'s message where it was (when still drawn), so
   * a reader scrolled up keeps their place across a redraw or a reload.
   */
  reset(snapshot: Snapshot, position: LogPosition | null = null): void {
    this.clear();
    this.#place = snapshot.place;
    for (const gap of snapshot.gaps) this.#addGap(gap);
    if (snapshot.place !== null) this.#addMessages(snapshot.place, snapshot.messages);
    for (const mark of snapshot.notes ?? []) this.#addNoteMark(mark);
    for (const line of snapshot.pending) this.#addPending(line);
    if (!position || !this.restore(position)) this.scrollToBottom();
  }

  /** Older messages, with their notes and gaps, drawn above what is there without moving what the reader sees. */
  addOlder(page: OlderPage): void {
    const log = this.element;
    const height = log.scrollHeight;
    const top = log.scrollTop;
    for (const gap of page.gaps) this.#addGap(gap);
    this.#addMessages(page.place, page.messages);
    for (const mark of page.notes) this.#addNoteMark(mark);
    log.scrollTop = top + (log.scrollHeight - height);
  }

  isAtBottom(): boolean {
    const log = this.element;
    return log.scrollHeight - log.scrollTop - log.clientHeight < DEFAULT_BOTTOM_SLACK_PX;
  }

  scrollToBottom(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  /** The reader's place when scrolled up; null at the bottom (a redraw then simply follows the end). */
  position(): LogPosition | null {
    if (this.isAtBottom()) return null;
    const top = this.element.getBoundingClientRect().top;
    for (const anchor of this.#anchors) {
      if (!this.#seqs.has(anchor.key)) continue;
      const box = anchor.element.getBoundingClientRect();
      if (box.bottom > top) return { seq: anchor.key, offset: box.top - top };
    }
    return null;
  }

  /** Scrolls so `position`'s message is where it was; false when it is not drawn. */
  restore(position: LogPosition): boolean {
    const anchor = this.#anchors.find((a) => a.key === position.seq && this.#seqs.has(a.key));
    if (!anchor) return false;
    const log = this.element;
    log.scrollTop += anchor.element.getBoundingClientRect().top - log.getBoundingClientRect().top - position.offset;
    return true;
  }

  clear(): void {
    this.element.replaceChildren(this.head);
    this.#days.clear();
    this.#place = null;
    this.#anchors = [];
    this.#seqs.clear();
    this.#gaps.clear();
    this.#notes.clear();
    this.#pending.clear();
    this.#numberedCids.clear();
  }

  /** Draws the messages not drawn yet, in number order, and returns them. */
  addMessages(place: string, messages: readonly LogMessage[]): LogMessage[] {
    return this.#keepBottom(() => this.#addMessages(place, messages));
  }

  addPending(line: PendingLine): void {
    this.#keepBottom(() => this.#addPending(line));
  }

  addGap(gap: GapMark): void {
    this.#keepBottom(() => this.#addGap(gap));
  }

  /** A notice or a command reply as it happens: below what is there, above pending lines. */
  addNote(element: HTMLElement, kind: 'notice' | 'reply'): void {
    delete element.dataset['seq'];
    this.#keepBottom(() => this.#insert(element, null, kind));
  }

  /** Removes a pending line and returns it (undefined when it was not shown). */
  drop(cid: string): PendingLine | undefined {
    this.#dropped += 1;
    const entry = this.#pending.get(cid);
    entry?.element.remove();
    this.#pending.delete(cid);
    return entry?.line;
  }

  #addMessages(place: string, messages: readonly LogMessage[]): LogMessage[] {
    this.#place ??= place;
    const fresh: LogMessage[] = [];
    for (const message of messages) {
      if (message.cid !== undefined) this.#settle(message.cid);
      if (this.#seqs.has(message.seq)) continue;
      const ctx = this.#context();
      const element = this.#callbacks.renderMessage(message, { ...ctx, place, own: isOwn(message, ctx.nick) });
      element.dataset['seq'] = String(message.seq);
      element.dataset['place'] = place;
      this.#seqs.add(message.seq);
      this.#insertNumbered(message.seq, element, 'message');
      this.#markDay(message);
      fresh.push(message);
    }
    return fresh;
  }

  #addPending(line: PendingLine): void {
    if (this.#pending.has(line.cid) || this.#numberedCids.has(line.cid)) return;
    const element = this.#callbacks.renderPending(line, this.#context());
    element.dataset['cid'] = line.cid;
    delete element.dataset['seq'];
    this.#pending.set(line.cid, { line, element });
    this.#insert(element, null, 'pending');
  }

  #addGap(gap: GapMark): void {
    const id = `${gap.from}-${gap.to}`;
    if (this.#gaps.has(id)) return;
    this.#gaps.add(id);
    const element = this.#callbacks.renderGap(gap, this.#context());
    element.dataset['gapFrom'] = String(gap.from);
    element.dataset['gapTo'] = String(gap.to);
    this.#insertNumbered(gap.from - 0.5, element, 'gap');
  }

  /**
   * A note the worker kept with the place's log (presence, a command's answer, a refusal), drawn
   * on a redraw after the message it followed, so what the visitor read is still there after a
   * navigation. (As they happen, the page draws them from their own events.)
   */
  #addNoteMark(mark: NoteMark): void {
    if (this.#notes.has(mark.id)) return;
    this.#notes.add(mark.id);
    const { element, kind } = renderNote(mark.note, this.#callbacks, this.#context());
    delete element.dataset['seq'];
    element.dataset['noteId'] = mark.id;
    this.#insertNumbered(mark.afterSeq + 0.5, element, kind);
  }

  /** A divider before the first message of each day drawn (moved up when an older message of that day comes). */
  #markDay(message: ChatMessage): void {
    if (!Number.isFinite(message.at)) return;
    const day = localDay(message.at);
    const known = this.#days.get(day);
    if (known && known.seq < message.seq) return;
    if (known) {
      this.#anchors = this.#anchors.filter((a) => a.element !== known.element);
      known.element.remove();
    }
    const ctx = this.#context();
    const element = el(
      ctx.document,
      'p',
      { className: 'itmchat-day' },
      el(ctx.document, 'time', { attrs: { datetime: day } }, this.#callbacks.formatDate(message.at, ctx.strings.locale)),
    );
    this.#days.set(day, { element, seq: message.seq });
    this.#insertNumbered(message.seq - DAY_BEFORE, element, 'day');
  }

  #settle(cid: string): void {
    this.#numberedCids.add(cid);
    this.#pending.get(cid)?.element.remove();
    this.#pending.delete(cid);
  }

  #insertNumbered(key: number, element: HTMLElement, kind: EntryKind): void {
    let index = this.#anchors.length;
    while (index > 0 && this.#anchors[index - 1]!.key > key) index -= 1;
    const next = this.#anchors[index];
    this.#anchors.splice(index, 0, { key, element });
    this.#insert(element, next?.element ?? null, kind);
  }

  /** Inserts before `before`, or else above the first pending line (pending lines go last). */
  #insert(element: HTMLElement, before: HTMLElement | null, kind: EntryKind): void {
    element.dataset['itmchatEntry'] = kind;
    const reference = before ?? (kind === 'pending' ? null : this.#firstPending());
    this.element.insertBefore(element, reference);
  }

  /** A log scrolled to its bottom stays there as entries arrive; one scrolled up to read is left alone. */
  #keepBottom<T>(change: () => T): T {
    const atBottom = this.isAtBottom();
    const result = change();
    if (atBottom) this.scrollToBottom();
    return result;
  }

  #firstPending(): HTMLElement | null {
    for (const { element } of this.#pending.values()) return element;
    return null;
  }
}
