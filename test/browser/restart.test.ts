import { expect } from 'chai';
import { freePort } from '../support/processes.js';
import { TestClient } from '../support/test-client.js';
import { browserSuite } from './support/browser-suite.js';

/** A port free right now, so the server can come back on the same address. */

describe('browser: server restart', function () {
  this.timeout(90_000);
  const suite = browserSuite();

  it('open tabs reconnect by themselves after SIGTERM and a restart on the same data file, keep their nick and lose nothing', async () => {
    const port = await freePort();
    await suite.server.stop();
    await suite.startServer(['--port', String(port)]);
    const wsUrl = `ws://127.0.0.1:${port}/ws`;

    const context = await suite.visitor();
    const tabs = [await suite.open(context), await suite.open(context, '/history.html')];
    await tabs[0]!.join('ana');
    await tabs[1]!.waitForState('joined');
    const bob = await TestClient.connect(wsUrl);
    const { token } = await bob.call('identify', { nick: 'bob' });
    for (let i = 1; i <= 3; i++) await bob.call('say', { text: `before restart ${i}`, cid: `b${i}` });
    for (const tab of tabs) await tab.waitForSeq(3);

    expect(await suite.server.stop()).to.equal(0);
    expect((await bob.closed).code).to.equal(1001);
    for (const tab of tabs) await tab.waitForState('offline');
    await suite.startServer(['--port', String(port)]);

    for (const tab of tabs) await tab.waitForState('joined');
    // The server kept the sessions: bob takes his back with his token, as after a reload.
    const again = await TestClient.connect(wsUrl);
    await again.call('resume', { token });
    await again.call('say', { text: 'after restart', cid: 'a1' });
    await tabs[1]!.say('ana is back');
    for (const tab of tabs) {
      await tab.waitForSeq(5);
      expect(await tab.seqs()).to.deep.equal([1, 2, 3, 4, 5]);
      expect(await tab.page.textContent('[data-itmchat="me"]')).to.equal('ana');
      // Nobody merely resumed is announced as leaving or coming: bob's one arrival, before the restart, is all.
      const notices = await tab.page.$$eval('[data-itmchat="log"] .itmchat-notice', (els) => els.map((e) => e.textContent ?? ''));
      expect(notices.filter((n) => /bob (joined|left)/.test(n))).to.deep.equal(['bob joined']);
    }
    await again.close();
  });
});
