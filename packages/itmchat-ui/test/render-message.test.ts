import { expect } from 'chai';
import { defaultFormatTime, defaultRenderMessage, defaultRenderPending } from '../src/render-message.js';
import type { RenderContext } from '../src/types.js';
import { message, newPage, renderContext } from './support/dom.js';

const context = (document: Document): RenderContext => renderContext(document);

describe('render-message', () => {
  it('a message shows time, nick and text, with a <time datetime> in ISO', () => {
    const { document } = newPage();
    const m = message(3, 'bob', 'hello');
    const element = defaultRenderMessage(m, { ...context(document), place: 'lobby', own: false });
    const time = element.querySelector('time')!;
    expect(time.getAttribute('datetime')).to.equal(new Date(m.at).toISOString());
    expect(time.textContent).to.equal(`t${m.at}`);
    expect(element.querySelector('.itmchat-nick')!.textContent).to.equal('bob');
    expect(element.querySelector('.itmchat-text')!.textContent).to.equal('hello');
    expect(element.classList.contains('itmchat-message')).to.equal(true);
    expect(element.classList.contains('itmchat-message--own')).to.equal(false);
  });

  it('own messages get the own class', () => {
    const { document } = newPage();
    const element = defaultRenderMessage(message(1, 'ana'), { ...context(document), place: 'lobby', own: true });
    expect(element.classList.contains('itmchat-message--own')).to.equal(true);
  });

  it('markup in nick and text stays text', () => {
    const { document } = newPage();
    const element = defaultRenderMessage(
      { seq: 1, at: 0, nick: '<script>x()</script>', text: '<img src=x onerror=alert(1)>' },
      { ...context(document), place: 'lobby', own: false },
    );
    expect(element.querySelector('.itmchat-nick')!.textContent).to.equal('<script>x()</script>');
    expect(element.querySelector('.itmchat-text')!.textContent).to.equal('<img src=x onerror=alert(1)>');
    expect(element.querySelectorAll('img, script')).to.have.length(0);
  });

  it('a time that is not a date gets no datetime rather than throwing', () => {
    const { document } = newPage();
    const element = defaultRenderMessage(
      { seq: 1, at: Number.NaN, nick: 'a', text: 'b' },
      { ...context(document), place: 'p', own: false },
    );
    expect(element.querySelector('time')!.hasAttribute('datetime')).to.equal(false);
  });

  it('a pending line is marked as sending, under the own nick', () => {
    const { document } = newPage();
    const element = defaultRenderPending({ cid: 'c1', text: 'on my way' }, context(document));
    expect(element.classList.contains('itmchat-pending')).to.equal(true);
    expect(element.getAttribute('aria-busy')).to.equal('true');
    expect(element.querySelector('.itmchat-nick')!.textContent).to.equal('ana');
    expect(element.querySelector('.itmchat-text')!.textContent).to.equal('on my way');
    expect(element.textContent).to.contain('sending…');
  });

  it('the default time has hours and minutes', () => {
    expect(defaultFormatTime(Date.UTC(2008, 4, 1, 12, 34))).to.match(/\d{1,2}\D\d{2}/);
  });
});
