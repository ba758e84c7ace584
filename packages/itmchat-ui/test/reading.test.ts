import { expect } from 'chai';
import type { OlderPage } from '@itmchat/protocol';
import { hook, JOINED, logEntries, message, mountOnPage, seqs, settle, submitLine } from './support/dom.js';

const announced = (host: HTMLElement): string[] => [...hook(host, 'announcer').children].map((p) => p.textContent ?? '');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => message(from + i));

/** Gives the log a layout jsdom lacks: `height` px of `content` px, scrolled to `top`. */
function layout(log: HTMLElement, box: { content: number; height: number; top: number }): void {
  Object.defineProperty(log, 'scrollHeight', { configurable: true, get: () => box.content });
  Object.defineProperty(log, 'clientHeight', { configurable: true, get: () => box.height });
  Object.defineProperty(log, 'scrollTop', {
    configurable: true,
    get: () => box.top,
    set: (v: number) => {
      box.top = v;
    },
  });
}

describe('reading the log', () => {
  describe('what the live region says', () => {
    it('nothing of a redraw or a backlog; each live message once; your own line once, when numbered', () => {
      const { host, client } = mountOnPage({ ...JOINED, messages: range(1, 3) });
      client.emit({ type: 'snapshot', snapshot: { ...client.snapshot, ...JOINED, messages: range(1, 5), gaps: [], pending: [] } });
      client.emit({ type: 'messages', place: 'lobby', messages: range(6, 9), backlog: true });
      expect(seqs(host)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(announced(host)).to.deep.equal([]);
      client.emit({ type: 'messages', place: 'lobby', messages: [message(10, 'bob', 'hello')] });
      client.emit({ type: 'messages', place: 'lobby', messages: [message(10, 'bob', 'hello')] });
      client.emit({ type: 'pending', line: { cid: 'c1', text: 'mine' } });
      expect(announced(host)).to.deep.equal(['bob: hello']);
      client.emit({ type: 'messages', place: 'lobby', messages: [{ ...message(11, 'ana', 'mine'), cid: 'c1' }] });
      client.emit({ type: 'messages', place: 'lobby', messages: [{ ...message(11, 'ana', 'mine'), cid: 'c1' }] });
      expect(announced(host)).to.deep.equal(['bob: hello', 'ana: mine']);
    });

    it('keeps only the last few lines, and says a command’s answer', async () => {
      const { host, client } = mountOnPage(JOINED);
      for (let seq = 1; seq <= 8; seq++) client.emit({ type: 'messages', place: 'lobby', messages: [message(seq)] });
      expect(announced(host)).to.have.length(5);
      submitLine(hook<HTMLTextAreaElement>(host, 'input'), '-where');
      client.last('command').resolve({ command: 'where', place: 'lobby' });
      await settle();
      expect(announced(host).at(-1)).to.equal('you are in lobby');
    });
  });

  it('each message takes its direction from its own text, and URLs are links, built as nodes', () => {
    const hostile = 'שלום! https://a.example/x?y=<b>1</b> <img src=x onerror=alert(1)>';
    const { host } = mountOnPage({ ...JOINED, messages: [message(1, 'דני', hostile)] });
    const line = host.querySelector('[data-seq="1"]')!;
    expect(line.querySelector('.itmchat-nick')!.getAttribute('dir')).to.equal('auto');
    const text = line.querySelector('.itmchat-text')!;
    expect(text.getAttribute('dir')).to.equal('auto');
    expect(text.textContent).to.equal(hostile);
    expect(text.querySelector('img')).to.equal(null);
    const link = text.querySelector('a')!;
    expect(link.getAttribute('href'), 'a URL ends where markup would start').to.equal('https://a.example/x?y=');
    expect(link.rel).to.equal('noopener noreferrer nofollow ugc');
    expect(link.target).to.equal('_blank');
  });

  it('a time carries its ISO datetime and the full date as a tooltip; a divider marks each new day', () => {
    const day = (d: number, seq: number) => ({ ...message(seq), at: Date.UTC(2026, 11, d, 12, 0) });
    const { host, client } = mountOnPage({ ...JOINED, messages: [day(1, 5), day(1, 6), day(2, 7)] });
    const kinds = () => [...hook(host, 'log').querySelectorAll('[data-itmchat-entry]')].map((e) => e.getAttribute('data-itmchat-entry'));
    expect(kinds()).to.deep.equal(['day', 'message', 'message', 'day', 'message']);
    const time = host.querySelector('[data-seq="7"] time')!;
    expect(time.getAttribute('datetime')).to.equal('2026-12-02T12:00:00.000Z');
    expect(time.getAttribute('title')).to.contain('2026');
    expect(host.querySelector('.itmchat-day time')!.getAttribute('datetime')).to.equal('2026-12-01');
    // An older message of the first day: its divider moves above it, still one per day.
    client.emit({ type: 'messages', place: 'lobby', messages: [day(1, 4)] });
    expect(kinds()).to.deep.equal(['day', 'message', 'message', 'message', 'day', 'message']);
  });

  it('the field hints at -help', () => {
    const { host } = mountOnPage(JOINED);
    expect(hook<HTMLTextAreaElement>(host, 'input').placeholder).to.equal('Message, or -help for commands');
  });

  describe('scrolled up', () => {
    it('counts live messages on a "new messages" button that jumps down; your own line comes into view', () => {
      const { host, client } = mountOnPage({ ...JOINED, messages: range(1, 3) });
      const log = hook(host, 'log');
      const box = { content: 2_000, height: 300, top: 100 };
      layout(log, box);
      const marker = hook<HTMLButtonElement>(host, 'new-messages');
      client.emit({ type: 'messages', place: 'lobby', messages: [message(4), message(5)] });
      expect(marker.hidden).to.equal(false);
      expect(marker.textContent).to.equal('2 new messages ↓');
      expect(box.top, 'the reader is left where they were').to.equal(100);
      marker.click();
      expect(box.top).to.equal(2_000);
      expect(marker.hidden).to.equal(true);
      box.top = 50;
      client.emit({ type: 'pending', line: { cid: 'c1', text: 'mine' } });
      expect(box.top).to.equal(2_000);
    });

    it('scrolling to the top asks for older messages until the first, then says there is nothing older', async () => {
      const { host, client } = mountOnPage({ ...JOINED, messages: range(101, 150) });
      const log = hook(host, 'log');
      const history = hook(host, 'history');
      expect(history.dataset['state']).to.equal('more');
      const box = { content: 2_000, height: 300, top: 0 };
      layout(log, box);
      log.dispatchEvent(new host.ownerDocument.defaultView!.Event('scroll'));
      expect(client.callsOf('older')).to.deep.equal(['lobby 101']);
      log.dispatchEvent(new host.ownerDocument.defaultView!.Event('scroll'));
      expect(client.callsOf('older'), 'one page at a time').to.have.length(1);
      const page: OlderPage = { place: 'lobby', messages: range(1, 100), gaps: [], notes: [], more: false };
      client.last('older').resolve(page);
      await settle();
      expect(seqs(host)).to.deep.equal(range(1, 150).map((m) => m.seq));
      expect(history.dataset['state']).to.equal('start');
      expect(history.textContent).to.equal('This is the first message of lobby.');
      expect(logEntries(log)[0]!.getAttribute('data-seq')).to.equal('1');
    });

    it('a page that cannot be had says why and offers to try again', async () => {
      const { host, client } = mountOnPage({ ...JOINED, messages: range(5, 6) });
      hook<HTMLButtonElement>(host, 'older').click();
      client.last('older').reject({ code: 'OFFLINE', message: 'the chat is reconnecting' });
      await settle();
      expect(hook(host, 'history').textContent).to.contain('Older messages could not be loaded: the chat is reconnecting');
      hook<HTMLButtonElement>(host, 'older').click();
      expect(client.callsOf('older')).to.have.length(2);
    });
  });

  describe('focus', () => {
    it('goes to the nick field when the session ends while typing, and to the line when joined from the form', () => {
      const page = mountOnPage(JOINED);
      const { host, client, document } = page;
      hook<HTMLTextAreaElement>(host, 'input').focus();
      client.emit({ type: 'state', state: 'idle', nick: null, place: null });
      expect(document.activeElement).to.equal(hook(host, 'nick'));
      client.emit({ type: 'state', state: 'joined', nick: 'ana', place: 'lobby' });
      expect(document.activeElement).to.equal(hook(host, 'input'));
    });
  });
});
