import { expect } from 'chai';
import { defaultRenderGap, defaultRenderNotice } from '../src/render-notices.js';
import type { RenderContext } from '../src/types.js';
import { newPage, renderContext } from './support/dom.js';

const context = (document: Document): RenderContext => renderContext(document, { nick: null });

describe('render-notices', () => {
  it('a notice is a line classed by its kind', () => {
    const { document } = newPage();
    const element = defaultRenderNotice('ana joined', 'presence', context(document));
    expect(element.textContent).to.equal('ana joined');
    expect(element.className).to.equal('itmchat-notice itmchat-notice--presence');
  });

  it('notice text stays text', () => {
    const { document } = newPage();
    const element = defaultRenderNotice('<img src=x onerror=alert(1)> joined', 'presence', context(document));
    expect(element.children).to.have.length(0);
  });

  it('a gap says how many messages could not be recovered', () => {
    const { document } = newPage();
    const element = defaultRenderGap({ from: 10, to: 12 }, context(document));
    expect(element.textContent).to.equal('3 messages could not be recovered');
    expect(element.className).to.equal('itmchat-gap');
  });
});
