import { expect } from 'chai';
import { hook, JOINED, mountOnPage, logEntries } from './support/dom.js';

/** Presses a key in the field as a visitor would; false when the key's default action was prevented. */
function press(field: HTMLTextAreaElement, key: string, options: { shiftKey?: boolean; isComposing?: boolean } = {}): boolean {
  const event = new field.ownerDocument.defaultView!.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...options });
  return field.dispatchEvent(event);
}

function type(field: HTMLTextAreaElement, text: string): void {
  field.value = text;
  field.dispatchEvent(new field.ownerDocument.defaultView!.Event('input', { bubbles: true }));
}

describe('the message field: multi-line, Enter sends, a counter near the limit', () => {
  it('is a textarea; Enter sends the text with its line breaks, Shift+Enter and Enter mid-composition do not', () => {
    const { host, client } = mountOnPage(JOINED);
    const field = hook<HTMLTextAreaElement>(host, 'input');
    expect(field.tagName).to.equal('TEXTAREA');
    type(field, 'first line\nsecond line');
    expect(press(field, 'Enter', { shiftKey: true }), 'Shift+Enter breaks the line').to.equal(true);
    expect(press(field, 'Enter', { isComposing: true }), 'an input method’s Enter').to.equal(true);
    expect(client.calls.filter((c) => c.method === 'say')).to.have.length(0);
    expect(press(field, 'Enter')).to.equal(false);
    expect(client.last('say').arg).to.equal('first line\nsecond line');
    expect(field.value).to.equal('');
  });

  it('shows how many characters are left near the server’s limit, and sends nothing over it', () => {
    const { host, client } = mountOnPage({ ...JOINED, textMaxLength: 100 });
    const field = hook<HTMLTextAreaElement>(host, 'input');
    const counter = hook(host, 'counter');
    type(field, 'x'.repeat(50));
    expect(counter.hidden).to.equal(true);
    type(field, 'x'.repeat(85));
    expect([counter.hidden, counter.textContent]).to.deep.equal([false, '15 left']);
    type(field, '😀'.repeat(103)); // code points, as the server counts them
    expect([counter.hidden, counter.textContent]).to.deep.equal([false, '3 too many']);
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    press(field, 'Enter');
    expect(
      client.calls.filter((c) => c.method === 'say'),
      'nothing sent over the limit',
    ).to.have.length(0);
    expect(field.value, 'the text stays to be shortened').to.equal('😀'.repeat(103));
    type(field, '😀'.repeat(100));
    press(field, 'Enter');
    expect(client.calls.filter((c) => c.method === 'say')).to.have.length(1);
    expect(counter.hidden).to.equal(true);
  });
});

describe('notes kept with the log', () => {
  it('are drawn on a redraw after the message they followed: presence, answers, refusals', () => {
    const { host } = mountOnPage({
      ...JOINED,
      messages: [
        { seq: 1, at: 1, nick: 'bob', text: 'one' },
        { seq: 2, at: 2, nick: 'bob', text: 'two' },
      ],
      notes: [
        { id: 'n1', at: 1, afterSeq: 1, note: { kind: 'presence', nick: 'carl', change: 'join' } },
        { id: 'n2', at: 2, afterSeq: 2, note: { kind: 'reply', result: { command: 'where', place: 'lobby' } } },
        { id: 'n3', at: 3, afterSeq: 2, note: { kind: 'dropped', text: 'spam', error: { code: 'TEXT_TOO_LONG', message: 'too long' } } },
        { id: 'n4', at: 4, afterSeq: 2, note: { kind: 'commandError', error: { code: 'UNKNOWN_COMMAND', message: 'no such command' } } },
      ],
    });
    const entries = logEntries(hook(host, 'log')).map((e) => e.dataset['itmchatEntry'] + ':' + e.textContent);
    expect(entries.map((e) => e.split(':')[0])).to.deep.equal(['message', 'notice', 'message', 'reply', 'notice', 'reply']);
    expect(entries[1]).to.contain('carl joined');
    expect(entries[3]).to.contain('lobby');
    expect(entries[4]).to.contain('not sent: “spam” (too long)');
    expect(entries[5]).to.contain('no such command');
  });
});
