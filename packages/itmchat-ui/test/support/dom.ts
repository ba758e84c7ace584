import { JSDOM } from 'jsdom';
import type { ChatMessage, Snapshot } from '@itmchat/protocol';
import { mountChat } from '../../src/index.js';
import type { MountedChat, MountOptions } from '../../src/index.js';
import { FakeClient } from './fake-client.js';
import { defaultRenderText } from '../../src/render-message.js';
import { ENGLISH } from '../../src/strings.js';
import type { RenderContext } from '../../src/types.js';

export interface Page {
  readonly window: JSDOM['window'];
  readonly document: Document;
  readonly host: HTMLElement;
}

/** A fresh window per test, with an empty host element in its body. */
export function newPage(title = 'Site'): Page {
  const { window } = new JSDOM(`<!doctype html><html><head><title>${title}</title></head><body><div id="chat"></div></body></html>`);
  const document = window.document;
  return { window, document, host: document.getElementById('chat')! };
}

export interface Mounted extends Page {
  readonly client: FakeClient;
  readonly chat: MountedChat;
}

/** A page with a chat mounted on a fake client holding `snapshot`. */
export function mountOnPage(snapshot: Partial<Snapshot> = {}, options: MountOptions = {}): Mounted {
  const page = newPage();
  const client = new FakeClient(snapshot);
  const chat = mountChat(page.host, client, { document: page.document, ...options });
  return { ...page, client, chat };
}

export const JOINED: Partial<Snapshot> = { state: 'joined', nick: 'ana', place: 'lobby', members: ['ana'] };

export function message(seq: number, nick = 'bob', text = `line ${seq}`): ChatMessage {
  return { seq, at: Date.UTC(2008, 4, 1, 12, 0, seq), nick, text };
}

/** Lets promise callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function hook<T extends Element = HTMLElement>(root: ParentNode, name: string): T {
  const found = root.querySelector<T>(`[data-itmchat="${name}"]`);
  if (!found) throw new Error(`no [data-itmchat="${name}"]`);
  return found;
}

/** The seq of every numbered message in the log, in page order. */
export function seqs(root: ParentNode): number[] {
  return [...root.querySelectorAll('[data-seq]')].map((e) => Number(e.getAttribute('data-seq')));
}

/** Puts text in an input and submits its form as Enter would (jsdom has no implicit submission). */
export function submitLine(input: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  input.value = text;
  input.form!.requestSubmit();
}

/** Makes the page hidden or visible, firing visibilitychange. */
export function setVisibility(page: Page, state: 'hidden' | 'visible'): void {
  Object.defineProperty(page.document, 'visibilityState', { value: state, configurable: true });
  page.document.dispatchEvent(new page.window.Event('visibilitychange'));
}

/** A render context as the mount makes one: English words, links made by the default renderText. */
export function renderContext(document: Document, overrides: Partial<RenderContext> = {}): RenderContext {
  const ctx: RenderContext = {
    document,
    formatTime: (at) => `t${at}`,
    renderText: (text) => defaultRenderText(text, ctx),
    nick: 'ana',
    strings: ENGLISH,
    ...overrides,
  };
  return ctx;
}

/** The log's entries in page order: messages, pending lines, gaps, notes (not the day dividers, not the history line above them). */
export function logEntries(log: Element): HTMLElement[] {
  return [...log.querySelectorAll<HTMLElement>(':scope > [data-itmchat-entry]')].filter((e) => e.dataset['itmchatEntry'] !== 'day');
}
