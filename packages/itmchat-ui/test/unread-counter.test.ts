import { expect } from 'chai';
import { UnreadCounter } from '../src/unread-counter.js';
import type { UnreadContext } from '../src/types.js';
import { JOINED, message, mountOnPage, newPage, setVisibility } from './support/dom.js';

function counter(title = 'Site') {
  const page = newPage(title);
  const reports: [number, string][] = [];
  const unread = new UnreadCounter(page.document, (count: number, ctx: UnreadContext) => reports.push([count, ctx.originalTitle]));
  return { page, reports, unread };
}

describe('unread-counter', () => {
  it('counts only while hidden', () => {
    const { page, reports, unread } = counter();
    unread.add(2);
    expect(reports).to.deep.equal([]);
    setVisibility(page, 'hidden');
    unread.add(2);
    unread.add(0);
    unread.add(1);
    expect(reports).to.deep.equal([
      [2, 'Site'],
      [3, 'Site'],
    ]);
    expect(unread.count).to.equal(3);
  });

  it('resets to 0 when the page is visible again', () => {
    const { page, reports, unread } = counter();
    setVisibility(page, 'hidden');
    unread.add(1);
    setVisibility(page, 'visible');
    expect(reports.at(-1)).to.deep.equal([0, 'Site']);
    expect(unread.count).to.equal(0);
    setVisibility(page, 'visible');
    expect(reports).to.have.length(2);
  });

  it('remembers the title the site had when the count left 0', () => {
    const { page, reports, unread } = counter('First');
    page.document.title = 'Second';
    setVisibility(page, 'hidden');
    unread.add(1);
    expect(reports).to.deep.equal([[1, 'Second']]);
  });

  it('stop stops listening and reports 0', () => {
    const { page, reports, unread } = counter();
    setVisibility(page, 'hidden');
    unread.add(1);
    unread.stop();
    expect(reports.at(-1)).to.deep.equal([0, 'Site']);
    setVisibility(page, 'visible');
    expect(reports).to.have.length(2);
  });

  describe('in a mounted chat', () => {
    it('puts the count of messages from others in the title while hidden, and clears it when visible', () => {
      const page = mountOnPage(JOINED);
      const { client, document } = page;
      setVisibility(page, 'hidden');
      client.emit({ type: 'messages', place: 'lobby', messages: [message(1, 'bob'), message(2, 'ana'), message(3, 'cy')] });
      expect(document.title).to.equal('(2) Site');
      client.emit({
        type: 'messages',
        place: 'lobby',
        messages: [message(3, 'cy'), { ...message(4, 'ana'), cid: 'c1' }, message(5, 'bob')],
      });
      expect(document.title).to.equal('(3) Site');
      setVisibility(page, 'visible');
      expect(document.title).to.equal('Site');
    });

    it('calls an onUnread override with the counts', () => {
      const counts: number[] = [];
      const page = mountOnPage(JOINED, { callbacks: { onUnread: (n) => counts.push(n) } });
      setVisibility(page, 'hidden');
      page.client.emit({ type: 'messages', place: 'lobby', messages: [message(1), message(2)] });
      setVisibility(page, 'visible');
      expect(counts).to.deep.equal([2, 0]);
      expect(page.document.title).to.equal('Site');
    });
  });
});
