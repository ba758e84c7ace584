import { expect } from 'chai';
import { TestClient } from '../support/test-client.js';
import { browserSuite } from './support/browser-suite.js';

/**
 * Runs in every page before its own scripts: notes when the chat is first on screen joined with
 * its messages, when the first contentful paint happened, and every layout shift of the chat or of what follows it (not caused by
 * input), so the test can tell whether the chat was there at the first paint.
 */
const PAINT_PROBE = `
  window.__paint = { drawnAt: null, fcp: null, shift: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') window.__paint.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    // Shifts of the chat, or of what the chat moved (the page's own, e.g. search results, are its business).
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      const host = document.querySelector('[data-itmchat-host]');
      const chat = (entry.sources || []).some((s) => s.node && host && (host.contains(s.node) || s.node.contains(host) || host.compareDocumentPosition(s.node) & Node.DOCUMENT_POSITION_FOLLOWING));
      if (chat) window.__paint.shift += entry.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new MutationObserver(() => {
    if (window.__paint.drawnAt !== null) return;
    const host = document.querySelector('[data-itmchat-state="joined"]');
    if (host && host.querySelector('[data-itmchat="log"] [data-seq]')) window.__paint.drawnAt = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true });
`;

interface Paint {
  readonly drawnAt: number | null;
  readonly fcp: number | null;
  readonly shift: number;
}

describe('browser: the chat is there at the first paint', function () {
  this.timeout(90_000);
  const suite = browserSuite();

  it('over 10 navigations of a joined visitor (links, reload, back, a form), drawn joined with its messages at first contentful paint, with no layout shift', async () => {
    const context = await suite.visitor({ initScript: PAINT_PROBE });
    const ana = await suite.open(context);
    await ana.join('ana');
    const bob = await TestClient.connect(`${suite.server.url.replace(/^http/, 'ws')}/ws`);
    try {
      await bob.call('identify', { nick: 'bob' });
      for (let i = 1; i <= 3; i++) await bob.call('say', { text: `line ${i}`, cid: `b${i}` });
      await ana.waitForSeq(3);
      await ana.page.waitForTimeout(700); // the page writes its picture down half a second after a change

      const page = ana.page;
      const navigations: [string, () => Promise<unknown>][] = [
        ['link to History', () => page.click('a[href="/history.html"]')],
        ['link to Places', () => page.click('a[href="/places.html"]')],
        ['reload', () => page.reload()],
        ['back', () => page.goBack()],
        ['link Home', () => page.click('a[href="/index.html"]')],
        ['search form', () => page.fill('#q', 'chat').then(() => page.press('#q', 'Enter'))],
        ['back', () => page.goBack()],
        ['reload', () => page.reload()],
        ['link to History', () => page.click('a[href="/history.html"]')],
        ['back', () => page.goBack()],
      ];
      const seen: string[] = [];
      for (const [how, navigate] of navigations) {
        const before = page.url();
        await navigate();
        if (!how.includes('reload')) await page.waitForURL((url) => url.href !== before);
        await page.waitForLoadState('load');
        await page.waitForFunction(() => (window as unknown as { __paint: Paint }).__paint.fcp !== null);
        await page.waitForTimeout(700); // layout shifts after the load, and the next picture written down
        const paint = await page.evaluate(() => (window as unknown as { __paint: Paint }).__paint);
        const atFirstPaint = paint.drawnAt !== null && paint.fcp !== null && paint.drawnAt <= paint.fcp;
        seen.push(
          `${how}: ${atFirstPaint ? 'drawn' : 'late'} (drawn ${paint.drawnAt?.toFixed(1)} ms, fcp ${paint.fcp?.toFixed(1)} ms), shift ${paint.shift}`,
        );
        expect(atFirstPaint, `${how}: ${seen.at(-1)}`).to.equal(true);
        expect(paint.shift, `${how}: layout shift`).to.equal(0);
        expect(await ana.seqs()).to.include.members([1, 2, 3]);
      }
      console.log(
        `      first paint: ${seen.length} navigations, the chat drawn joined at the first paint in all:\n        ${seen.join('\n        ')}`,
      );
    } finally {
      await bob.close();
    }
  });
});
