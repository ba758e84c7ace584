import { expect } from 'chai';
import { browserSuite } from './support/browser-suite.js';

/**
 * Headless pages are never hidden: `window.__hidden` decides what `document.visibilityState`
 * says (set through `hide()` below, which also fires visibilitychange). The real Notification is
 * counted (`window.__notified`) with permission granted by the context.
 */
const FAKE_VISIBILITY = `
  window.__hidden = false;
  window.__notified = [];
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
  const RealNotification = window.Notification;
  window.Notification = class extends RealNotification {
    constructor(title, options) { super(title, options); window.__notified.push(title + ': ' + (options && options.body)); }
  };
`;

describe('browser: reading the log', function () {
  this.timeout(90_000);
  const suite = browserSuite();
  const talker = (nick: string) => suite.talker(nick);

  it('a newcomer scrolls back from the last 50 to message 1 of a place holding 300, each once, and is told there is nothing older', async () => {
    const bob = await talker('bob');
    for (let n = 1; n <= 300; n += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => bob.call('say', { text: `line ${n + i}`, cid: `b${n + i}` })));
    }
    const ana = await suite.open(await suite.visitor());
    await ana.join('ana');
    await ana.waitForSeq(300);
    expect((await ana.seqs())[0], 'the join backlog').to.equal(251);
    // Scrolling to the top loads the page before, keeping what was in view where it was.
    await ana.page.$eval('[data-itmchat="log"]', (log) => (log.scrollTop = 0));
    await ana.waitForSeq(151);
    await ana.scrollBackToStart();
    expect(await ana.seqs()).to.deep.equal(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(await ana.page.textContent('[data-itmchat="history"]')).to.equal('This is the first message of lobby.');
  });

  it('while scrolled up, new lines show a marker that jumps down; your own line comes into view; the place is kept across a reload', async () => {
    const bob = await talker('bob');
    for (let n = 1; n <= 80; n += 40) {
      await Promise.all(Array.from({ length: 40 }, (_, i) => bob.call('say', { text: `line ${n + i}`, cid: `b${n + i}` })));
    }
    const ana = await suite.open(await suite.visitor());
    await ana.join('ana');
    await ana.waitForSeq(80);
    await ana.page.$eval('[data-itmchat="log"] [data-seq="60"]', (line) => line.scrollIntoView({ block: 'start' }));
    await bob.call('say', { text: 'news', cid: 'b-news' });
    await ana.page.waitForSelector('[data-itmchat="new-messages"]:not([hidden])');
    expect(await ana.page.textContent('[data-itmchat="new-messages"]')).to.equal('1 new message ↓');
    const atBottom = () => ana.page.$eval('[data-itmchat="log"]', (log) => log.scrollHeight - log.scrollTop - log.clientHeight < 8);
    expect(await atBottom()).to.equal(false);

    // A reload comes back to the same line at the top.
    const top = () =>
      ana.page.$eval('[data-itmchat="log"]', (log) => {
        const box = log.getBoundingClientRect();
        const first = [...log.querySelectorAll('[data-seq]')].find((e) => e.getBoundingClientRect().bottom > box.top);
        return Number(first?.getAttribute('data-seq'));
      });
    const before = await top();
    await ana.page.reload();
    await ana.waitForSeq(81);
    await ana.page.waitForFunction((seq) => {
      const log = document.querySelector('[data-itmchat="log"]')!;
      const box = log.getBoundingClientRect();
      const first = [...log.querySelectorAll('[data-seq]')].find((e) => e.getBoundingClientRect().bottom > box.top);
      return Number(first?.getAttribute('data-seq')) === seq;
    }, before);

    await ana.page.$eval('[data-itmchat="log"] [data-seq="35"]', (line) => line.scrollIntoView({ block: 'start' }));
    await ana.type('my own line');
    await ana.waitForText('my own line');
    await ana.page.waitForFunction(() => {
      const log = document.querySelector('[data-itmchat="log"]')!;
      return log.scrollHeight - log.scrollTop - log.clientHeight < 8;
    });
  });

  it('with two hidden tabs, a line from someone else makes one notification for the browser, and both titles count it; reading one tab clears both', async () => {
    const context = await suite.visitor({ initScript: FAKE_VISIBILITY });
    await context.grantPermissions(['notifications'], { origin: suite.server.url });
    const first = await suite.open(context, '/index.html');
    await first.join('ana');
    const second = await suite.open(context, '/history.html');
    await second.waitForState('joined');
    // The demo allows alerts (data-alerts="sound desktop"); the visitor turns them on in one tab, for the browser.
    await first.page.click('[data-itmchat="alerts"]');
    expect(await first.page.getAttribute('[data-itmchat="alerts"]', 'aria-pressed')).to.equal('true');
    const hide = async (hidden: boolean) => {
      for (const tab of [first, second]) {
        await tab.page.evaluate((h) => {
          (window as unknown as { __hidden: boolean }).__hidden = h;
          document.dispatchEvent(new Event('visibilitychange'));
        }, hidden);
      }
    };
    await hide(true);
    const bob = await talker('bob');
    await bob.call('say', { text: 'are you there?', cid: 'b1' });
    for (const tab of [first, second]) await tab.page.waitForFunction(() => document.title.startsWith('(1) '));
    await first.page.waitForTimeout(500);
    const notified = async () =>
      (
        await Promise.all([first, second].map((tab) => tab.page.evaluate(() => (window as unknown as { __notified: string[] }).__notified)))
      ).flat();
    expect(await notified(), 'one notification for the browser, not one per tab').to.deep.equal(['bob in lobby: are you there?']);

    // Reading in one tab clears the count in every tab's title.
    await first.page.evaluate(() => {
      (window as unknown as { __hidden: boolean }).__hidden = false;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    for (const tab of [first, second]) await tab.page.waitForFunction(() => !document.title.startsWith('('));
  });

  it('hostile and right-to-left text stays text: links made as nodes, each text taking its own direction', async () => {
    const bob = await talker('bob');
    const hostile = 'שלום, see https://example.org/a?b=1. <img src=x onerror="window.__owned=1">';
    await bob.call('say', { text: hostile, cid: 'b1' });
    const ana = await suite.open(await suite.visitor());
    await ana.join('ana');
    await ana.waitForSeq(1);
    const line = await ana.page.$eval('[data-itmchat="log"] [data-seq="1"] .itmchat-text', (text) => ({
      text: text.textContent,
      dir: text.getAttribute('dir'),
      direction: getComputedStyle(text).direction,
      links: [...text.querySelectorAll('a')].map((a) => ({ href: a.href, rel: a.rel, target: a.target, text: a.textContent })),
      markup: text.querySelectorAll('img').length,
      owned: (window as unknown as { __owned?: number }).__owned ?? 0,
    }));
    expect(line).to.deep.include({ text: hostile, dir: 'auto', direction: 'rtl', markup: 0, owned: 0 });
    expect(line.links).to.deep.equal([
      { href: 'https://example.org/a?b=1', rel: 'noopener noreferrer nofollow ugc', target: '_blank', text: 'https://example.org/a?b=1' },
    ]);
  });

  it('speaks the language of data-lang: words, plural forms and dates', async () => {
    const context = await suite.visitor({ context: { locale: 'en-US', timezoneId: 'UTC' } });
    // The demo's own page with data-lang="fr" on its script tag; everything else from the real server.
    await context.route('**/index.html', async (route) => {
      const page = await (await route.fetch()).text();
      await route.fulfill({ body: page.replace('data-place="lobby"', 'data-place="lobby" data-lang="fr"'), contentType: 'text/html' });
    });
    const ana = await suite.open(context);
    expect(await ana.page.textContent('[data-itmchat="join"]')).to.equal('Rejoindre');
    await ana.join('ana');
    expect(await ana.page.getAttribute('[data-itmchat="input"]', 'placeholder')).to.equal('Message, ou -help pour les commandes');
    await ana.say('bonjour');
    const today = new Intl.DateTimeFormat('fr', { dateStyle: 'full', timeZone: 'UTC' }).format(Date.now());
    expect(await ana.page.textContent('.itmchat-day')).to.equal(today);
    await ana.type('-folks');
    await ana.waitForText('1 personne dans lobby :');
  });
});
