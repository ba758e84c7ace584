import { expect } from 'chai';
import type { ChatState, Snapshot } from '@itmchat/protocol';
import { hook, JOINED, message, mountOnPage, newPage, seqs, settle, submitLine, logEntries } from './support/dom.js';
import { EMPTY_SNAPSHOT, FakeClient } from './support/fake-client.js';
import { mountChat } from '../src/index.js';

const XSS = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"><svg onload=alert(1)>'];

function notices(host: HTMLElement): string[] {
  return [...host.querySelectorAll('.itmchat-notice')].map((e) => e.textContent ?? '');
}

describe('mount-chat', () => {
  it('draws plain HTML inside the host: no iframe, no shadow root', () => {
    const { host, chat } = mountOnPage();
    expect(chat.root.parentElement).to.equal(host);
    expect(host.querySelector('iframe')).to.equal(null);
    expect(host.shadowRoot).to.equal(null);
    expect(chat.root.classList.contains('itmchat')).to.equal(true);
  });

  it('draws the log from the client snapshot at mount, pending lines last', () => {
    const { host } = mountOnPage({
      ...JOINED,
      messages: [message(1), message(2)],
      gaps: [],
      pending: [{ cid: 'c1', text: 'on its way' }],
    });
    expect(seqs(host)).to.deep.equal([1, 2]);
    const log = hook(host, 'log');
    expect(log.lastElementChild!.getAttribute('data-cid')).to.equal('c1');
  });

  it('the log is role=log but not live; the announcer is the polite live region', () => {
    const { host } = mountOnPage(JOINED);
    const log = hook(host, 'log');
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-live')).to.equal('off');
    expect(hook(host, 'announcer').getAttribute('aria-live')).to.equal('polite');
  });

  it('messages are appended with data-seq and data-place, in order, never twice', () => {
    const { host, client } = mountOnPage({ ...JOINED, messages: [message(1)] });
    client.emit({ type: 'messages', place: 'lobby', messages: [message(3), message(2)] });
    client.emit({ type: 'messages', place: 'lobby', messages: [message(2), message(3), message(4)] });
    expect(seqs(host)).to.deep.equal([1, 2, 3, 4]);
    for (const element of host.querySelectorAll('[data-seq]')) expect(element.getAttribute('data-place')).to.equal('lobby');
  });

  it('a pending line is shown as sending, then replaced by the numbered message with its cid', () => {
    const { host, client } = mountOnPage(JOINED);
    client.emit({ type: 'pending', line: { cid: 'c7', text: 'brb' } });
    const pending = host.querySelector('[data-cid="c7"]')!;
    expect(pending.hasAttribute('data-seq')).to.equal(false);
    expect(pending.textContent).to.contain('sending');
    client.emit({ type: 'messages', place: 'lobby', messages: [{ ...message(5, 'ana', 'brb'), cid: 'c7' }] });
    expect(host.querySelector('[data-cid="c7"]')).to.equal(null);
    expect(host.querySelectorAll('[data-seq="5"]')).to.have.length(1);
    expect(host.querySelector('[data-seq="5"] .itmchat-text')!.textContent).to.equal('brb');
  });

  it('a dropped line is removed and the reason shown', () => {
    const { host, client } = mountOnPage(JOINED);
    client.emit({ type: 'pending', line: { cid: 'c1', text: 'spam' } });
    client.emit({ type: 'dropped', cid: 'c1', error: { code: 'TEXT_TOO_LONG', message: 'too long' } });
    expect(host.querySelector('[data-cid]')).to.equal(null);
    expect(notices(host)).to.deep.equal(['not sent: “spam” (too long)']);
  });

  it('presence becomes notices', () => {
    const { host, client } = mountOnPage(JOINED);
    client.emit({ type: 'presence', place: 'lobby', nick: 'bob', change: 'join' });
    client.emit({ type: 'presence', place: 'lobby', nick: 'bob', change: 'leave', reason: 'moved', to: 'kitchen' });
    client.emit({ type: 'presence', place: 'lobby', nick: 'cy', change: 'join', from: 'attic' });
    client.emit({ type: 'presence', place: 'lobby', nick: 'cy', change: 'leave', reason: 'left' });
    expect(notices(host)).to.deep.equal(['bob joined', 'bob went to kitchen', 'cy came from attic', 'cy left']);
  });

  it('a gap shows "3 messages could not be recovered" where they were', () => {
    const { host, client } = mountOnPage({ ...JOINED, messages: [message(1)] });
    client.emit({ type: 'gap', place: 'lobby', gap: { from: 2, to: 4 }, reason: 'trimmed' });
    client.emit({ type: 'messages', place: 'lobby', messages: [message(5)] });
    const texts = logEntries(hook(host, 'log')).map((e) => e.getAttribute('data-seq') ?? e.textContent);
    expect(texts).to.deep.equal(['1', '3 messages could not be recovered', '5']);
  });

  it('notices from the bridge are shown', () => {
    const { host, client } = mountOnPage(JOINED);
    client.emit({ type: 'notice', code: 'NICK_LOST', message: 'you were away too long; join again' });
    expect(notices(host)).to.deep.equal(['you were away too long; join again']);
  });

  it('a notice that comes with the return to idle is still seen, under the nick field', () => {
    const { host, client } = mountOnPage(JOINED);
    client.emit({ type: 'notice', code: 'NICK_LOST', message: 'you were away too long; join again' });
    client.emit({ type: 'state', state: 'idle', nick: null, place: null });
    expect(hook(host, 'join-form').hidden).to.equal(false);
    expect(hook(host, 'join-error').textContent).to.equal('you were away too long; join again');
    client.emit({ type: 'state', state: 'joined', nick: 'ana', place: 'lobby' });
    expect(hook(host, 'join-error').textContent).to.equal('');
  });

  it('events of another place are ignored (a snapshot follows every move)', () => {
    const { host, client } = mountOnPage(JOINED);
    client.emit({ type: 'messages', place: 'kitchen', messages: [message(1)] });
    client.emit({ type: 'presence', place: 'kitchen', nick: 'bob', change: 'join' });
    client.emit({ type: 'gap', place: 'kitchen', gap: { from: 1, to: 2 }, reason: 'trimmed' });
    expect(logEntries(hook(host, 'log'))).to.have.length(0);
  });

  it('a snapshot event redraws the whole log', () => {
    const { host, client } = mountOnPage({ ...JOINED, messages: [message(1), message(2)] });
    client.emit({ type: 'notice', code: 'X', message: 'old notice' });
    const kitchen: Snapshot = { ...EMPTY_SNAPSHOT, state: 'joined', nick: 'ana', place: 'kitchen', messages: [message(7, 'cook')] };
    client.emit({ type: 'snapshot', snapshot: kitchen });
    expect(seqs(host)).to.deep.equal([7]);
    expect(notices(host)).to.deep.equal([]);
    expect(hook(host, 'place').textContent).to.equal('kitchen');
    expect(host.querySelector('[data-seq="7"]')!.getAttribute('data-place')).to.equal('kitchen');
  });

  it('every visitor string renders as text', async () => {
    const [img, script, svg] = XSS as [string, string, string];
    const { host, client } = mountOnPage({
      state: 'joined',
      nick: svg,
      place: script,
      messages: [{ seq: 1, at: 0, nick: img, text: script }],
    });
    client.emit({ type: 'messages', place: script, messages: [{ seq: 2, at: 0, nick: script, text: img }] });
    client.emit({ type: 'pending', line: { cid: img, text: svg } });
    client.emit({ type: 'presence', place: script, nick: img, change: 'leave', reason: 'moved', to: svg });
    client.emit({ type: 'notice', code: 'X', message: script });
    submitLine(hook<HTMLInputElement>(host, 'input'), '-where is x');
    client.last('command').resolve({ command: 'whereIs', nick: img, place: svg });
    submitLine(hook<HTMLInputElement>(host, 'input'), '-zz');
    client.last('command').reject({ code: 'UNKNOWN_COMMAND', message: img });
    await settle();

    expect(host.querySelectorAll('img, script, svg')).to.have.length(0);
    expect(host.querySelector('[data-seq="1"] .itmchat-nick')!.textContent).to.equal(img);
    expect(host.querySelector('[data-seq="1"] .itmchat-text')!.textContent).to.equal(script);
    expect(host.querySelector('[data-seq="2"] .itmchat-text')!.textContent).to.equal(img);
    expect(hook(host, 'place').textContent).to.equal(script);
    expect(hook(host, 'me').textContent).to.equal(svg);
    expect(hook(host, 'log').textContent).to.contain(`${img} went to ${svg}`);
    expect(hook(host, 'log').textContent).to.contain(`${img} is in ${svg}`);
  });

  it('a refused nick renders as text too', async () => {
    const { host, client } = mountOnPage();
    hook<HTMLInputElement>(host, 'nick').value = 'x';
    hook<HTMLButtonElement>(host, 'join').click();
    client.last('join').reject({ code: 'INVALID_NICK', message: XSS[0]! });
    await settle();
    expect(hook(host, 'join-error').textContent).to.equal(XSS[0]);
    expect(host.querySelectorAll('img')).to.have.length(0);
  });

  it('onStateChange at mount and on every change, with the snapshot', () => {
    const seen: [ChatState, string | null][] = [];
    const { client } = mountOnPage(JOINED, { callbacks: { onStateChange: (state, snapshot) => seen.push([state, snapshot.place]) } });
    client.emit({ type: 'state', state: 'offline', nick: 'ana', place: 'lobby' });
    client.emit({ type: 'state', state: 'offline', nick: 'ana', place: 'lobby' });
    client.emit({ type: 'state', state: 'connecting', nick: 'ana', place: 'lobby' });
    client.emit({ type: 'state', state: 'joined', nick: 'ana', place: 'lobby' });
    expect(seen).to.deep.equal([
      ['joined', 'lobby'],
      ['offline', 'lobby'],
      ['connecting', 'lobby'],
      ['joined', 'lobby'],
    ]);
  });

  it('onJoin fires when joined after idle, not at mount nor after a reconnect', () => {
    const joins: string[] = [];
    const { client } = mountOnPage(JOINED, { callbacks: { onJoin: (nick, place) => joins.push(`${nick}@${place}`) } });
    client.emit({ type: 'state', state: 'connecting', nick: 'ana', place: 'lobby' });
    client.emit({ type: 'state', state: 'joined', nick: 'ana', place: 'lobby' });
    expect(joins).to.deep.equal([]);
    client.emit({ type: 'state', state: 'idle', nick: null, place: null });
    client.emit({ type: 'state', state: 'joined', nick: 'bob', place: 'attic' });
    expect(joins).to.deep.equal(['bob@attic']);
  });

  it('onMessage for every new message, with whether it is the visitor’s own', () => {
    const seen: string[] = [];
    const { client } = mountOnPage(
      { ...JOINED, messages: [message(1)] },
      {
        callbacks: { onMessage: (m, ctx) => seen.push(`${m.seq}${ctx.own ? ' own' : ''}`) },
      },
    );
    client.emit({ type: 'messages', place: 'lobby', messages: [message(1), message(2), message(3, 'ana')] });
    client.emit({
      type: 'snapshot',
      snapshot: { ...EMPTY_SNAPSHOT, state: 'joined', nick: 'ana', place: 'lobby', messages: [message(9)] },
    });
    expect(seen).to.deep.equal(['2', '3 own']);
  });

  it('Leave calls client.leave, returns to the join form and focuses the nick field', async () => {
    const { host, client, document } = mountOnPage({ ...JOINED, messages: [message(1)] });
    hook<HTMLButtonElement>(host, 'leave').click();
    expect(client.callsOf('leave')).to.deep.equal([null]);
    client.last('leave').resolve({});
    await settle();
    expect(host.dataset['itmchatState']).to.equal('idle');
    expect(logEntries(hook(host, 'log'))).to.have.length(0);
    expect(document.activeElement).to.equal(hook(host, 'nick'));
  });

  it('a failed leave is shown', async () => {
    const { host, client } = mountOnPage(JOINED);
    hook<HTMLButtonElement>(host, 'leave').click();
    client.last('leave').reject({ code: 'OFFLINE', message: 'offline' });
    await settle();
    expect(notices(host)).to.deep.equal(['could not leave: offline']);
  });

  it('unmount removes everything, unsubscribes, and ignores late answers', async () => {
    const page = mountOnPage(JOINED);
    const { host, client, chat, document } = page;
    client.emit({ type: 'unread', count: 1 });
    expect(document.title).to.equal('(1) Site');
    submitLine(hook<HTMLInputElement>(host, 'input'), '-where');
    expect(client.listenerCount).to.be.greaterThan(0);

    chat.unmount();
    expect(host.childNodes).to.have.length(0);
    expect(host.hasAttribute('data-itmchat-state')).to.equal(false);
    expect(client.listenerCount).to.equal(0);
    expect(document.title).to.equal('Site');

    client.last('command').resolve({ command: 'where', place: 'lobby' });
    await settle();
    client.emit({ type: 'messages', place: 'lobby', messages: [message(2)] });
    expect(host.childNodes).to.have.length(0);
    expect(document.title).to.equal('Site');
    chat.unmount();
  });

  it('unmount leaves what the host already held', () => {
    const page = newPage();
    const mine = page.document.createElement('p');
    page.host.appendChild(mine);
    const chat = mountChat(page.host, new FakeClient(), { document: page.document });
    expect(page.host.children).to.have.length(2);
    chat.unmount();
    expect([...page.host.childNodes]).to.deep.equal([mine]);
  });

  it('uses the host document when none is given', () => {
    const page = newPage();
    const chat = mountChat(page.host, new FakeClient());
    expect(chat.root.ownerDocument).to.equal(page.document);
    expect(page.host.dataset['itmchatState']).to.equal('idle');
  });
});
