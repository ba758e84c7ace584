import { expect } from 'chai';
import { defaultRenderCommandError, defaultRenderSystemReply } from '../src/render-reply.js';
import type { RenderContext } from '../src/types.js';
import { newPage, renderContext } from './support/dom.js';

const context = (document: Document): RenderContext => renderContext(document);

describe('render-reply', () => {
  it('a reply with items is a sentence and a list', () => {
    const { document } = newPage();
    const element = defaultRenderSystemReply({ command: 'folks', place: 'lobby', members: ['ana', '<b>bob</b>'] }, context(document));
    expect(element.className).to.equal('itmchat-reply');
    expect(element.querySelector('.itmchat-reply-heading')!.textContent).to.equal('2 people in lobby:');
    expect([...element.querySelectorAll('li')].map((li) => li.textContent)).to.deep.equal(['ana', '<b>bob</b>']);
    expect(element.querySelector('b')).to.equal(null);
  });

  it('a one-sentence reply has no list', () => {
    const { document } = newPage();
    const element = defaultRenderSystemReply({ command: 'where', place: 'lobby' }, context(document));
    expect(element.textContent).to.equal('you are in lobby');
    expect(element.querySelector('ul')).to.equal(null);
  });

  it('a command error shows its message', () => {
    const { document } = newPage();
    const element = defaultRenderCommandError({ code: 'COMMAND_USAGE', message: 'usage: -goto <place>' }, context(document));
    expect(element.className).to.equal('itmchat-reply itmchat-reply--error');
    expect(element.textContent).to.equal('usage: -goto <place>');
  });
});
