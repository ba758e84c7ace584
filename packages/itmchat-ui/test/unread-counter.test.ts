import { expect } from 'chai';
import { UnreadCounter } from '../src/unread-counter.js';
import type { UnreadContext } from '../src/types.js';
import { JOINED, mountOnPage, newPage } from './support/dom.js';

function counter(title = 'Site') {
  const page = newPage(title);
  const reports: [number, string][] = [];
  const unread = new UnreadCounter(page.document, (count: number, ctx: UnreadContext) => reports.push([count, ctx.originalTitle]));
  return { page, reports, unread };
}

describe('unread-counter', () => {
  it('shows the count the browser has, reporting each change once', () => {
    const { reports, unread } = counter();
    unread.set(2);
    unread.set(2);
    unread.set(3);
    unread.set(0);
    expect(reports).to.deep.equal([
      [2, 'Site'],
      [3, 'Site'],
      [0, 'Site'],
    ]);
    expect(unread.count).to.equal(0);
  });

  it('remembers the title the site had when the count left 0', () => {
    const { page, reports, unread } = counter('First');
    page.document.title = 'Second';
    unread.set(1);
    expect(reports).to.deep.equal([[1, 'Second']]);
  });

  it('stop reports 0', () => {
    const { reports, unread } = counter();
    unread.set(1);
    unread.stop();
    expect(reports.at(-1)).to.deep.equal([0, 'Site']);
  });

  describe('in a mounted chat', () => {
    it("puts the browser's count in the title, from the snapshot and each unread event, and clears it at 0", () => {
      const page = mountOnPage({ ...JOINED, unread: 4 });
      const { client, document } = page;
      expect(document.title).to.equal('(4) Site');
      client.emit({ type: 'unread', count: 5 });
      expect(document.title).to.equal('(5) Site');
      client.emit({ type: 'unread', count: 0 });
      expect(document.title).to.equal('Site');
    });

    it('calls an onUnread override with the counts', () => {
      const counts: number[] = [];
      const page = mountOnPage(JOINED, { callbacks: { onUnread: (n) => counts.push(n) } });
      page.client.emit({ type: 'unread', count: 2 });
      page.client.emit({ type: 'unread', count: 0 });
      expect(counts).to.deep.equal([2, 0]);
      expect(page.document.title).to.equal('Site');
    });
  });
});
