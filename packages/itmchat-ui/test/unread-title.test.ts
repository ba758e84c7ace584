import { expect } from 'chai';
import { defaultOnUnread } from '../src/unread-title.js';
import { newPage } from './support/dom.js';

describe('unread-title', () => {
  it('prefixes the title with the count, and restores it at 0', () => {
    const { document } = newPage('My site');
    defaultOnUnread(3, { document, originalTitle: 'My site' });
    expect(document.title).to.equal('(3) My site');
    defaultOnUnread(4, { document, originalTitle: 'My site' });
    expect(document.title).to.equal('(4) My site');
    defaultOnUnread(0, { document, originalTitle: 'My site' });
    expect(document.title).to.equal('My site');
  });
});
