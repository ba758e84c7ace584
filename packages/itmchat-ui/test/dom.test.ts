import { expect } from 'chai';
import { append, el, setText } from '../src/dom.js';
import { newPage } from './support/dom.js';

describe('dom', () => {
  it('el makes an element with class, attributes and text children', () => {
    const { document } = newPage();
    const p = el(document, 'p', { className: 'a b', attrs: { 'data-x': '1', role: 'note' } }, 'hello ', el(document, 'b', {}, 'you'));
    expect(p.tagName).to.equal('P');
    expect(p.className).to.equal('a b');
    expect(p.getAttribute('data-x')).to.equal('1');
    expect(p.getAttribute('role')).to.equal('note');
    expect(p.textContent).to.equal('hello you');
  });

  it('string children stay text, never markup', () => {
    const { document } = newPage();
    const p = el(document, 'p', {}, '<img src=x onerror=alert(1)>', '<script>alert(1)</script>');
    expect(p.children).to.have.length(0);
    expect(p.textContent).to.equal('<img src=x onerror=alert(1)><script>alert(1)</script>');
  });

  it('append and setText add and replace text', () => {
    const { document } = newPage();
    const div = el(document, 'div');
    append(div, '<b>1</b>', el(document, 'i'));
    expect(div.childNodes[0]?.nodeType).to.equal(3);
    setText(div, '<u>2</u>');
    expect(div.children).to.have.length(0);
    expect(div.textContent).to.equal('<u>2</u>');
  });
});
