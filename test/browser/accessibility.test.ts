import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { audit } from './support/axe.js';
import { browserSuite } from './support/browser-suite.js';
import type { ChatPage } from './support/chat-page.js';

/**
 * An init script that records what every live region of the page is given to say, as a screen
 * reader would hear it, from the first paint: text added inside an element with aria-live other
 * than "off" (or a role that implies one). Read it with `heard(page)`.
 */
const RECORD_LIVE_REGIONS = `
  window.__heard = [];
  const liveOf = (node) => {
    for (let at = node instanceof Element ? node : node && node.parentElement; at; at = at.parentElement) {
      const live = at.getAttribute('aria-live');
      if (live === 'off') return null;
      if (live === 'polite' || live === 'assertive') return at;
      const role = at.getAttribute('role');
      if (role === 'log' || role === 'status' || role === 'alert') return at;
    }
    return null;
  };
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        const text = (node.textContent || '').trim();
        if (text !== '' && liveOf(node)) window.__heard.push(text);
      }
    }
  }).observe(document, { childList: true, subtree: true });
`;

const heard = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __heard: string[] }).__heard);

describe('browser: accessibility', function () {
  this.timeout(90_000);
  const suite = browserSuite();
  const talker = (nick: string) => suite.talker(nick);

  it('axe finds no serious or critical violation on the demo before and after Join, with a conversation, notices and pending lines', async () => {
    const bob = await talker('bob');
    for (let n = 1; n <= 12; n++) await bob.call('say', { text: `line ${n} https://example.org/${n}`, cid: `b${n}` });
    // axe is injected as an inline script, which the demo's own CSP rightly refuses.
    const ana = await suite.open(await suite.visitor({ context: { bypassCSP: true } }));
    expect(await audit(ana.page), 'before Join').to.deep.equal([]);
    await ana.join('ana');
    await ana.waitForSeq(12);
    await ana.say('hello everyone');
    await ana.type('-folks');
    await ana.waitForText('people in lobby');
    await talker('carl');
    await ana.waitForText('carl joined');
    // A pending line: the server is gone, so the line waits, marked as sending.
    await suite.server.stop();
    await ana.waitForState('offline');
    await ana.type('waiting for the server');
    await ana.page.waitForSelector('[data-itmchat="log"] [data-cid]');
    expect(await audit(ana.page), 'joined, with messages, notices, a reply and a pending line').to.deep.equal([]);
    await suite.startServer();
  });

  it('axe finds no serious or critical violation on the custom page', async () => {
    const bob = await talker('bob');
    await bob.call('say', { text: 'hi', cid: 'b1' });
    const ana = await suite.open(await suite.visitor({ context: { bypassCSP: true } }), '/custom.html');
    await ana.join('ana');
    await ana.waitForSeq(1);
    await ana.say('hello');
    expect(await audit(ana.page)).to.deep.equal([]);
  });

  it('the live region says nothing of the backlog on Join, each new message once, and your own line once', async () => {
    const bob = await talker('bob');
    for (let n = 1; n <= 20; n++) await bob.call('say', { text: `old ${n}`, cid: `b${n}` });
    const ana = await suite.open(await suite.visitor({ initScript: RECORD_LIVE_REGIONS }));
    await ana.join('ana');
    await ana.waitForSeq(20);
    const onJoin = await heard(ana.page);
    expect(
      onJoin.filter((t) => t.includes('old ')),
      'no backlog line is read out',
    ).to.deep.equal([]);
    await bob.call('say', { text: 'fresh news', cid: 'b-fresh' });
    await ana.waitForText('fresh news');
    await ana.say('my own line');
    await ana.page.waitForTimeout(300); // anything said twice would be in by now
    const after = (await heard(ana.page)).slice(onJoin.length);
    expect(after.filter((t) => t.includes('fresh news'))).to.deep.equal(['bob: fresh news']);
    expect(
      after.filter((t) => t.includes('my own line')),
      'your own line, once',
    ).to.deep.equal(['ana: my own line']);
  });

  it('a reload redraws the log without reading it out', async () => {
    const bob = await talker('bob');
    const ana = await suite.open(await suite.visitor({ initScript: RECORD_LIVE_REGIONS }));
    await ana.join('ana');
    for (let n = 1; n <= 5; n++) await bob.call('say', { text: `said ${n}`, cid: `b${n}` });
    await ana.waitForSeq(5);
    await ana.page.reload();
    await ana.waitForSeq(5);
    await ana.page.waitForTimeout(300);
    expect(
      (await heard(ana.page)).filter((t) => t.includes('said ')),
      'nothing of the log is read out again',
    ).to.deep.equal([]);
  });

  it('focus: the message field after Join, the nick field after Leave', async () => {
    const ana: ChatPage = await suite.open(await suite.visitor());
    await ana.join('ana');
    expect(await ana.page.evaluate(() => document.activeElement?.getAttribute('data-itmchat'))).to.equal('input');
    await ana.page.click('[data-itmchat="leave"]');
    await ana.waitForState('idle');
    await ana.page.waitForFunction(() => document.activeElement?.getAttribute('data-itmchat') === 'nick');
  });
});
