import { expect } from 'chai';
import { TestClient } from '../support/test-client.js';
import { browserSuite } from './support/browser-suite.js';

describe('browser: notes stay with the log', function () {
  this.timeout(60_000);
  const suite = browserSuite();

  it('a command’s answer, a refusal and presence lines are still there after a navigation', async () => {
    const ana = await suite.open(await suite.visitor());
    await ana.join('ana');
    const bob = await TestClient.connect(`${suite.server.url.replace(/^http/, 'ws')}/ws`);
    try {
      await bob.call('identify', { nick: 'bob' });
      await bob.call('say', { text: 'hello', cid: 'b1' });
      await ana.waitForSeq(1);
      await ana.type('-help');
      await ana.type('-dance');
      await ana.waitForText('unknown command');
      await bob.call('leave', {});
      await ana.waitForText('bob left');
      const notes = () =>
        ana.page.$$eval('[data-itmchat="log"] [data-itmchat-entry="notice"], [data-itmchat="log"] [data-itmchat-entry="reply"]', (els) =>
          els.map((e) => e.textContent ?? ''),
        );
      const before = await notes();
      await ana.page.click('a[href="/history.html"]');
      await ana.page.waitForURL(/history/);
      await ana.waitForState('joined');
      await ana.waitForText('bob left');
      const after = await notes();
      for (const expected of ['bob joined', '-goto <place>', 'unknown command', 'bob left']) {
        expect(
          before.some((n) => n.includes(expected)),
          `before: ${expected}`,
        ).to.equal(true);
        expect(
          after.some((n) => n.includes(expected)),
          `after: ${expected}`,
        ).to.equal(true);
      }
    } finally {
      await bob.close();
    }
  });
});
