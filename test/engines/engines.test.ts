import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SAY_RATE } from '@itmchat/server';
import { startCliServer, type CliServer } from '../support/cli-server.js';
import { scrape } from '../support/metrics.js';
import { TestClient } from '../support/test-client.js';
import { ENGINES, launchEngine, type Engine, type EnginePage, type EngineVisitor } from './support/engines.js';

const SEQS = `[...document.querySelectorAll('[data-itmchat="log"] [data-seq]')].map((e) => Number(e.getAttribute('data-seq')))`;
const STATE = `document.querySelector('[data-itmchat-state]')?.getAttribute('data-itmchat-state') ?? null`;
/** Which way this engine runs the bridge: a SharedWorker, or the leader-tab fallback. */
const PATH = `typeof SharedWorker === 'function' ? 'SharedWorker' : 'leader tab'`;

/** What a visitor does, through the page's own DOM, the same in every engine. */
const chat = {
  async join(page: EnginePage, nick: string) {
    await page.waitFor(`document.querySelector('[data-itmchat="nick"]')`);
    await page.eval(`(() => {
      document.querySelector('[data-itmchat="nick"]').value = ${JSON.stringify(nick)};
      document.querySelector('[data-itmchat="join"]').click();
      return true;
    })()`);
    await page.waitFor(`${STATE} === 'joined'`);
  },
  /** Lines sent one after another at once, as Enter pressed for each would. */
  async send(page: EnginePage, lines: readonly string[]) {
    await page.eval(`(() => {
      const field = document.querySelector('[data-itmchat="input"]');
      for (const line of ${JSON.stringify(lines)}) { field.value = line; field.form.requestSubmit(); }
      return true;
    })()`);
  },
  seqs: (page: EnginePage) => page.eval<number[]>(SEQS),
  waitForSeq: (page: EnginePage, seq: number) => page.waitFor(`${SEQS}.includes(${seq})`),
};

for (const name of ENGINES) {
  describe(`three engines: ${name}`, function () {
    this.timeout(120_000);
    let engine: Engine;
    let server: CliServer;
    let dataDir = '';
    const visitors: EngineVisitor[] = [];
    const clients: TestClient[] = [];
    const ran: string[] = [];

    before(async () => {
      engine = await launchEngine(name);
    });
    after(async () => {
      console.log(`      ${name}: ${[...new Set(ran)].join(', ')}`);
      await engine?.close();
    });
    beforeEach(async () => {
      dataDir = mkdtempSync(join(tmpdir(), `itmchat-${name}-`));
      // The server's own say limit, as in production: the paste must be paced under it.
      server = await startCliServer([
        '--data',
        join(dataDir, 'chat.db'),
        '--say-rate',
        `${DEFAULT_SAY_RATE.perSecond}:${DEFAULT_SAY_RATE.burst}`,
      ]);
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      for (const visitor of visitors.splice(0)) await visitor.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const wsUrl = () => `${server.url.replace(/^http/, 'ws')}/ws`;
    const visitor = async () => {
      const v = await engine.visitor();
      visitors.push(v);
      return v;
    };
    const bob = async () => {
      const client = await TestClient.connect(wsUrl());
      clients.push(client);
      await client.call('identify', { nick: 'bob' });
      return client;
    };

    it('the seed walkthrough: join, talk, move to another page, the chat is joined there with everything said', async () => {
      const tab = await (await visitor()).tab();
      await tab.goto(`${server.url}/index.html`);
      ran.push(`bridge in a ${await tab.eval<string>(PATH)}`);
      await chat.join(tab, 'ana');
      const other = await bob();
      await chat.send(tab, ['hello from page A']);
      await chat.waitForSeq(tab, 1);
      await other.call('say', { text: 'bob was here', cid: 'b1' });
      await chat.waitForSeq(tab, 2);
      await tab.goto(`${server.url}/history.html`);
      await tab.waitFor(`${STATE} === 'joined'`);
      await chat.waitForSeq(tab, 2);
      await other.call('say', { text: 'after the move', cid: 'b2' });
      await chat.waitForSeq(tab, 3);
      expect(await chat.seqs(tab)).to.deep.equal([1, 2, 3]);
      // One socket across the navigation where the worker outlives its only page (extendedLifetime),
      // else the next page's new worker resumed the session.
      const sockets = ((await scrape(server.url)).get('itmchat_connections_opened_total') ?? 0) - 1;
      ran.push(sockets === 1 ? 'the worker outlived the navigation (one socket)' : `a new worker per page (${sockets} sockets, resumed)`);
    });

    it('one socket for several tabs of one visitor', async () => {
      const ana = await visitor();
      const tabs = [await ana.tab(), await ana.tab()];
      await tabs[0]!.goto(`${server.url}/index.html`);
      await chat.join(tabs[0]!, 'ana');
      await tabs[1]!.goto(`${server.url}/places.html`);
      await tabs[1]!.waitFor(`${STATE} === 'joined'`);
      const other = await bob();
      await other.call('say', { text: 'to both tabs', cid: 'b1' });
      for (const tab of tabs) await chat.waitForSeq(tab, 1);
      // ana's browser and bob: two sockets in all.
      expect((await scrape(server.url)).get('itmchat_connections_opened_total')).to.equal(2);
    });

    it('zero loss across navigation under a flood: every line once, in order', async () => {
      const tab = await (await visitor()).tab();
      await tab.goto(`${server.url}/index.html`);
      await chat.join(tab, 'ana');
      const other = await bob();
      let said = 0;
      const flood = (async () => {
        // As fast as bob's own say limit lets him (a burst, then 8 a second).
        for (; said < 60;) {
          await Promise.all(Array.from({ length: 4 }, () => other.call('say', { text: `flood ${++said}`, cid: `f${said}` })));
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      })();
      for (const path of ['/history.html', '/places.html', '/index.html', '/search.html?q=chat']) {
        await tab.goto(`${server.url}${path}`);
        await tab.waitFor(`${STATE} === 'joined'`);
      }
      await flood;
      await chat.waitForSeq(tab, 60);
      expect(await chat.seqs(tab)).to.deep.equal(Array.from({ length: 60 }, (_, i) => i + 1));
    });

    it('a paste of 40 lines reaches another visitor whole, once each, in order', async () => {
      const tab = await (await visitor()).tab();
      await tab.goto(`${server.url}/index.html`);
      await chat.join(tab, 'ana');
      const other = await bob();
      const texts = Array.from({ length: 40 }, (_, i) => `paste ${i + 1}`);
      await chat.send(tab, texts);
      await other.until(() => other.texts('lobby').length >= 40, 'the whole paste', 20_000);
      expect(other.texts('lobby')).to.deep.equal(texts);
    });
  });
}
