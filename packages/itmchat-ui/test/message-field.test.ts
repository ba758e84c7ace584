import { expect } from 'chai';
import { hook, JOINED, mountOnPage } from './support/dom.js';

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
