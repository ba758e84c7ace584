import { isIgnored, type ChatMessage, type PendingLine, type PrivateConversation } from '@itmchat/protocol';
import type { RenderContext, UiCallbacks } from './types.js';

/** Private lines shown at once: the newest of every conversation together. */
const LINES_SHOWN = 50;

export interface PrivateViewParts {
  /** The section, hidden while there is no private line. */
  readonly box: HTMLElement;
  readonly list: HTMLElement;
  /** "(2)": private lines from others not yet looked at. */
  readonly unread: HTMLElement;
  /** The line field: a click on a nick starts an answer there. */
  readonly input: HTMLTextAreaElement;
}

interface Shown {
  readonly at: number;
  readonly element: HTMLElement;
}

/**
 * The private lines, apart from the place's log: who to whom, marked private, every conversation
 * in one list by time. A click on a nick starts "-msg nick " in the line field; lines from others
 * that came since the visitor last looked are counted in the heading.
 */
export class PrivateView {
  /** Shown lines by "conversation seq", and pending ones by cid. */
  readonly #shown = new Map<string, Shown>();
  #unread = 0;

  constructor(
    private readonly parts: PrivateViewParts,
    private readonly callbacks: UiCallbacks,
    private readonly context: () => RenderContext,
  ) {
    parts.box.addEventListener('click', this.#onClick);
    parts.input.addEventListener('focus', this.#seen);
  }

  stop(): void {
    this.parts.box.removeEventListener('click', this.#onClick);
    this.parts.input.removeEventListener('focus', this.#seen);
  }

  /** Draws every conversation anew (a snapshot), hiding the ignored. */
  reset(conversations: readonly PrivateConversation[], pending: readonly PendingLine[], ignored: readonly string[]): void {
    this.#shown.clear();
    this.parts.list.replaceChildren();
    const lines = conversations
      .flatMap((c) => c.messages.map((message) => ({ conversation: c.id, message })))
      .filter(({ message }) => !isIgnored(ignored, message.nick))
      .sort((a, b) => a.message.at - b.message.at)
      .slice(-LINES_SHOWN);
    for (const { conversation, message } of lines) this.#add(conversation, message);
    for (const line of pending) if (line.to !== undefined) this.pending(line);
    this.#show();
  }

  /** New numbered lines of a conversation; returns how many came from the other side. `cid` settles a pending line. */
  add(conversation: string, messages: readonly (ChatMessage & { readonly cid?: string })[], ignored: readonly string[]): number {
    let fromOthers = 0;
    for (const message of messages) {
      if (message.cid !== undefined) this.drop(message.cid);
      if (isIgnored(ignored, message.nick) || this.#shown.has(`${conversation} ${message.seq}`)) continue;
      this.#add(conversation, message);
      if (message.nick !== this.context().nick) fromOthers += 1;
    }
    this.#count(fromOthers);
    this.#show();
    return fromOthers;
  }

  /** A private line said in this browser, not numbered yet. */
  pending(line: PendingLine): void {
    const element = this.callbacks.renderPending(line, this.context());
    element.dataset['to'] = line.to ?? '';
    this.#place(`cid ${line.cid}`, Number.MAX_SAFE_INTEGER, element);
    this.#show();
  }

  /** A pending line was numbered or refused: it leaves; true when it was here. */
  drop(cid: string): boolean {
    const shown = this.#shown.get(`cid ${cid}`);
    shown?.element.remove();
    return this.#shown.delete(`cid ${cid}`);
  }

  #add(conversation: string, message: ChatMessage): void {
    const ctx = this.context();
    const element = this.callbacks.renderMessage(message, { ...ctx, place: conversation, own: message.nick === ctx.nick });
    element.dataset['conversation'] = conversation;
    element.dataset['seq'] = String(message.seq);
    this.#place(`${conversation} ${message.seq}`, message.at, element);
  }

  /** In time order, before any pending line. */
  #place(key: string, at: number, element: HTMLElement): void {
    const later = [...this.#shown.values()].find((shown) => shown.at > at);
    this.parts.list.insertBefore(element, later?.element ?? null);
    this.#shown.set(key, { at, element });
    while (this.#shown.size > LINES_SHOWN) {
      const [oldest] = this.#shown;
      oldest![1].element.remove();
      this.#shown.delete(oldest![0]);
    }
  }

  #count(fromOthers: number): void {
    const doc = this.parts.input.ownerDocument;
    if (fromOthers === 0 || (doc.activeElement === this.parts.input && doc.hasFocus())) return;
    this.#unread += fromOthers;
    this.parts.unread.textContent = `(${this.#unread})`;
  }

  readonly #seen = (): void => {
    this.#unread = 0;
    this.parts.unread.textContent = '';
  };

  readonly #onClick = (event: Event): void => {
    const nick = (event.target as Element | null)?.closest?.('[data-nick]')?.getAttribute('data-nick');
    if (!nick || nick === this.context().nick) return;
    this.parts.input.value = `-msg ${nick} `;
    this.parts.input.focus();
  };

  #show(): void {
    this.parts.box.hidden = this.#shown.size === 0;
  }
}
