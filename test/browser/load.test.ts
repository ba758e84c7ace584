import { expect } from 'chai';
import { encode, type ChatMessage } from '@itmchat/protocol';
import { scrape, visitor } from '../support/metrics.js';
import { TestClient } from '../support/test-client.js';
import { browserSuite } from './support/browser-suite.js';
import type { ChatPage } from './support/chat-page.js';

const LINES = 600;
const BURST = 20;
const BURST_EVERY_MS = 150;

/** One round of everything a visitor does to a page: links, reload, back, a form submit. */
async function wander(ana: ChatPage): Promise<void> {
  await ana.page.click('a[href="/history.html"]');
  await ana.page.waitForURL(/history/);
  await ana.page.click('a[href="/places.html"]');
  await ana.page.waitForURL(/places/);
  await ana.page.reload();
  await ana.page.goBack();
  await ana.page.waitForURL(/history/);
  await ana.page.click('a[href="/index.html"]');
  await ana.page.waitForURL(/index/);
  await ana.page.fill('#q', 'itmchat');
  await ana.page.click('form.search button');
  await ana.page.waitForURL(/search\.html\?q=itmchat/);
  await ana.drawn();
}

describe('browser: zero loss under load', function () {
  this.timeout(120_000);
  const suite = browserSuite();

  it(`while ${LINES} lines arrive at speed, a tab that navigates, reloads, goes back and submits forms ends with each exactly once, and was sent each once`, async () => {
    const ana = await suite.open(await suite.visitor());
    await ana.join('ana');
    const bob = await TestClient.connect(`${suite.server.url.replace(/^http/, 'ws')}/ws`);
    const epoch = (await bob.call('identify', { nick: 'bob' })).place.epoch;

    const said: ChatMessage[] = [];
    let flooding = true;
    const flood = (async () => {
      for (let n = 1; n <= LINES; n += BURST) {
        const burst = Array.from({ length: Math.min(BURST, LINES - n + 1) }, (_, i) => n + i);
        const results = await Promise.all(burst.map((k) => bob.call('say', { text: `line ${k}`, cid: `line-${k}` })));
        results.forEach((r, i) => said.push({ seq: r.seq, at: r.at, nick: 'bob', text: `line ${burst[i]}` }));
        await new Promise((resolve) => setTimeout(resolve, BURST_EVERY_MS));
      }
      flooding = false;
    })();
    let rounds = 0;
    while (flooding) {
      await wander(ana);
      rounds++;
    }
    await flood;
    expect(rounds, 'navigation rounds during the flood').to.be.at.least(2);

    await ana.waitForSeq(LINES, 20_000);
    // The page draws the newest; the rest it reads back from the browser's own storage.
    await ana.scrollBackToStart();
    const seqs = await ana.seqs();
    expect(seqs).to.deep.equal(Array.from({ length: LINES }, (_, i) => i + 1));
    expect(new Set(await ana.texts()).size).to.equal(LINES);

    // Nothing twice down the wire: each message reached this visitor once, and the bytes it
    // was sent are about what those messages need, however often the page was loaded.
    const samples = await scrape(suite.server.url);
    expect(visitor(samples, 'messages_sent', 'ana')).to.equal(LINES);
    const needed = said.reduce(
      (sum, m) => sum + encode({ type: 'push', method: 'userSay', params: { place: 'lobby', epoch, messages: [m] } }).length,
      0,
    );
    const sent = visitor(samples, 'bytes_sent', 'ana');
    expect(sent, `sent ${sent} bytes for ${needed} bytes of messages`).to.be.at.most(needed * 1.1 + 8_192);
    await bob.close();
  });
});
