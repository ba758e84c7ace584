import { expect } from 'chai';
import { TestClient } from '../support/test-client.js';
import { browserSuite } from './support/browser-suite.js';

describe('browser: what the visitor sees', function () {
  this.timeout(60_000);
  const suite = browserSuite();

  it('shows hostile text literally and runs none of it', async () => {
    const ana = await suite.open(await suite.visitor());
    await ana.join('ana');
    const mallory = await TestClient.connect(`${suite.server.url.replace(/^http/, 'ws')}/ws`);
    await mallory.call('identify', { nick: 'mallory' });
    const payloads = [
      '<img src=x onerror="window.__pwned = 1">',
      '<script>window.__pwned = 2</script>',
      '<svg onload="window.__pwned = 3"></svg>',
      '"><iframe src="javascript:window.top.__pwned = 4"></iframe>',
    ];
    for (const [i, text] of payloads.entries()) await mallory.call('say', { text, cid: `x${i}` });
    await ana.waitForSeq(payloads.length);
    const texts = await ana.page.$$eval('[data-itmchat="log"] [data-seq]', (els) => els.map((e) => e.textContent ?? ''));
    payloads.forEach((payload, i) => expect(texts[i]).to.contain(payload));
    expect(
      await ana.page.$$('[data-itmchat="log"] img, [data-itmchat="log"] script, [data-itmchat="log"] svg, [data-itmchat="log"] iframe'),
    ).to.have.length(0);
    expect(await ana.page.evaluate(() => (window as { __pwned?: number }).__pwned)).to.equal(undefined);
    await mallory.close();
  });

  it('answers the typed commands in the page', async () => {
    const ana = await suite.open(await suite.visitor());
    await ana.join('ana');
    const bob = await TestClient.connect(`${suite.server.url.replace(/^http/, 'ws')}/ws`);
    await bob.call('identify', { nick: 'bob', place: 'garden' });
    const replies: [string, RegExp][] = [
      ['-where', /lobby/],
      ['-folks', /ana/],
      ['-where is bob', /bob.*garden/],
      ['-where is nobody', /nobody.*not here/],
      ['-all folks', /bob[\s\S]*garden/],
      ['-places', /garden[\s\S]*lobby/],
      ['-goto kitchen', /kitchen/],
      ['-help', /-goto <place>/],
      ['-dance', /unknown command/],
    ];
    const REPLY = '[data-itmchat="log"] [data-command], [data-itmchat="log"] [data-code]';
    for (const [line, expected] of replies) {
      // Mark the replies already shown, then wait for the new one (a place change redraws the log).
      await ana.page.$$eval(REPLY, (els) => els.forEach((e) => e.setAttribute('data-test-seen', '')));
      await ana.type(line);
      const fresh = await ana.page.waitForSelector(`:is(${REPLY}):not([data-test-seen])`, { timeout: 10_000 });
      expect(await fresh.textContent(), line).to.match(expected);
    }
    expect(await ana.page.textContent('[data-itmchat="place"]')).to.equal('kitchen');
    await bob.close();
  });
});
