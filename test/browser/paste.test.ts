import { expect } from 'chai';
import { DEFAULT_SAY_RATE } from '@itmchat/server';
import { TestClient } from '../support/test-client.js';
import { browserSuite } from './support/browser-suite.js';

const LINES = 40;

describe('browser: a line typed is a line delivered', function () {
  this.timeout(60_000);
  // The server's own say limit, as in production (the suites turn it off by default).
  const suite = browserSuite(['--say-rate', `${DEFAULT_SAY_RATE.perSecond}:${DEFAULT_SAY_RATE.burst}`]);

  it(`${LINES} lines sent with Enter as fast as the page takes them all reach another visitor, once each, in order`, async () => {
    const ana = await suite.open(await suite.visitor());
    await ana.join('ana');
    const bob = await TestClient.connect(`${suite.server.url.replace(/^http/, 'ws')}/ws`);
    try {
      await bob.call('identify', { nick: 'bob' });
      const texts = Array.from({ length: LINES }, (_, i) => `paste line ${i + 1}`);
      // One after another in one go, as a paste split into lines or a key held down would.
      await ana.page.evaluate((lines) => {
        const input = document.querySelector<HTMLInputElement>('[data-itmchat="input"]')!;
        const form = input.form!;
        for (const line of lines) {
          input.value = line;
          form.requestSubmit();
        }
      }, texts);
      // Shown pending first (the worker paces them: 40 take a couple of seconds), then numbered.
      await ana.page.waitForFunction(() => document.querySelectorAll('[data-itmchat="log"] .itmchat-pending').length > 0, undefined, {
        timeout: 5_000,
      });
      await bob.until(() => bob.texts('lobby').length >= LINES, `all ${LINES} lines at bob`, 15_000);
      expect(bob.texts('lobby')).to.deep.equal(texts);
      await ana.waitForSeq(LINES);
      expect(await ana.texts()).to.have.length(LINES);
      expect(await ana.page.$$('[data-itmchat="log"] .itmchat-pending')).to.have.length(0);
      expect(await ana.page.$$('.itmchat-notice--dropped, .itmchat-notice--error')).to.have.length(0);
    } finally {
      await bob.close();
    }
  });

  it('keeps line breaks (Shift+Enter), sends with Enter, and counts down near the server’s limit', async () => {
    await suite.server.stop();
    await suite.startServer(['--text-max-length', '50']);
    const ana = await suite.open(await suite.visitor());
    await ana.join('ana');
    const bob = await TestClient.connect(`${suite.server.url.replace(/^http/, 'ws')}/ws`);
    try {
      await bob.call('identify', { nick: 'bob' });
      const field = '[data-itmchat="input"]';
      await ana.page.click(field);
      await ana.page.keyboard.type('first line');
      await ana.page.keyboard.press('Shift+Enter');
      await ana.page.keyboard.type('second line');
      await ana.page.keyboard.press('Enter');
      await bob.until(() => bob.texts('lobby').length === 1, 'the two-line message');
      expect(bob.texts('lobby')).to.deep.equal(['first line\nsecond line']);
      await ana.waitForSeq(1);
      const shown = await ana.page.$eval('[data-itmchat="log"] [data-seq="1"] .itmchat-text', (e) => (e as HTMLElement).innerText);
      expect(shown).to.equal('first line\nsecond line');
      await ana.page.keyboard.type('x'.repeat(45));
      expect(await ana.page.textContent('[data-itmchat="counter"]')).to.equal('5 left');
    } finally {
      await bob.close();
    }
  });
});
