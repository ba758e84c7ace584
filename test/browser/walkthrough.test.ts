import { expect } from 'chai';
import { TestClient } from '../support/test-client.js';
import { scrape, visitor } from '../support/metrics.js';
import { browserSuite } from './support/browser-suite.js';
import { RECORD_FIRST_DRAW, STRIP_EXTENDED_LIFETIME } from './support/strip-extended-lifetime.js';

const wsUrl = (base: string) => `${base.replace(/^http/, 'ws')}/ws`;

describe('browser: the seed walkthrough', function () {
  this.timeout(60_000);
  const suite = browserSuite();

  it('opens no socket before Join; after a page change shows the earlier messages from the browser and fetches only the new ones', async () => {
    const ana = await suite.open(await suite.visitor());
    expect(await ana.state()).to.equal('idle');
    expect((await scrape(suite.server.url)).get('itmchat_connections_opened_total')).to.equal(0);

    await ana.join('ana');
    await ana.say('hello from page A');
    const bob = await TestClient.connect(wsUrl(suite.server.url));
    await bob.call('identify', { nick: 'bob' });
    await bob.call('say', { text: 'bob was here', cid: 'b1' });
    await ana.waitForSeq(2);
    const before = visitor(await scrape(suite.server.url), 'messages_sent', 'ana');
    expect(before).to.equal(1); // bob's line; ana's own line came back as a reply only

    // Page B: the chat is joined at first sight, with messages 1 and 2 already on screen.
    await ana.page.click('a[href="/history.html"]');
    await ana.page.waitForURL(/history/);
    await ana.drawn();
    const first = await ana.page.evaluate(() => ({
      state: document.querySelector('[data-itmchat-state]')?.getAttribute('data-itmchat-state'),
      seqs: [...document.querySelectorAll('[data-itmchat="log"] [data-seq]')].map((e) => Number(e.getAttribute('data-seq'))),
    }));
    expect(first.state).to.be.oneOf(['joined', 'connecting']);
    expect(first.seqs).to.deep.equal([1, 2]);

    // What was said while the page loaded comes from the server, and nothing else.
    await bob.call('say', { text: 'said during the page change', cid: 'b2' });
    await ana.waitForSeq(3);
    expect(await ana.seqs()).to.deep.equal([1, 2, 3]);
    const samples = await scrape(suite.server.url);
    expect(visitor(samples, 'messages_sent', 'ana')).to.equal(before + 1);
    expect(visitor(samples, 'connections', 'ana')).to.equal(1);
    await bob.close();
  });

  for (const extended of [true, false]) {
    const label = extended
      ? "with the worker's extended lifetime: one socket the whole time"
      : 'without extended lifetime: each page resumes, nothing lost or resent';
    it(`a single tab crossing five pages, ${label}`, async () => {
      const context = await suite.visitor({ initScript: extended ? RECORD_FIRST_DRAW : STRIP_EXTENDED_LIFETIME + RECORD_FIRST_DRAW });
      const ana = await suite.open(context);
      await ana.join('ana');
      const bob = await TestClient.connect(wsUrl(suite.server.url));
      await bob.call('identify', { nick: 'bob' });
      const pages = ['/history.html', '/places.html', '/index.html', '/search.html?q=chat', '/history.html'];
      let said = 0;
      for (const path of pages) {
        await bob.call('say', { text: `before ${path}`, cid: `c${++said}` });
        await ana.waitForSeq(said);
        await ana.goto(path);
        // The page's first picture is already the joined chat with every message held so far,
        // drawn before the server could answer: from the worker, or from IndexedDB when the worker is new.
        const first = await ana.page.evaluate(
          () => (window as { __itmchatFirstDraw?: { state: string; seqs: number[] } }).__itmchatFirstDraw,
        );
        expect(first, path).to.deep.include({ seqs: Array.from({ length: said }, (_, i) => i + 1) });
        // A new worker is still connecting; the page drew its own last picture (joined) or the worker's.
        expect(first!.state, path).to.be.oneOf(extended ? ['joined'] : ['joined', 'connecting']);
        await bob.call('say', { text: `after ${path}`, cid: `c${++said}` });
        await ana.waitForSeq(said);
      }
      expect(await ana.seqs()).to.deep.equal(Array.from({ length: said }, (_, i) => i + 1));
      const samples = await scrape(suite.server.url);
      // Nothing sent twice down the wire: each of bob's lines reached ana exactly once.
      expect(visitor(samples, 'messages_sent', 'ana')).to.equal(said);
      const connections = visitor(samples, 'connections', 'ana');
      if (extended) expect(connections).to.equal(1);
      else expect(connections).to.be.greaterThan(1);
      await bob.close();
    });
  }
});
