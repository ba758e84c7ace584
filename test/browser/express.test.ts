import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { startListening, type CliServer } from '../support/cli-server.js';
import { scrape } from '../support/metrics.js';
import { saveFailure } from './support/artifacts.js';
import { audit } from './support/axe.js';
import { ChatPage } from './support/chat-page.js';
import { launchChromium } from './support/chromium.js';

const APP = fileURLToPath(new URL('../../examples/express/server.js', import.meta.url));

/** The Express example as its README runs it: plain node, the built @itmchat/server, one port. */
function startExpressApp(dataDir: string): Promise<CliServer> {
  return startListening([APP], /express app listening on (http:\/\/\S+)/, { ...process.env, PORT: '0', CHAT_DB: join(dataDir, 'chat.db') });
}

describe("browser: the Express example, with itmchat mounted on the app's own port", function () {
  this.timeout(60_000);
  let browser: Browser;
  let app: CliServer;
  let dataDir: string;
  const pages: ChatPage[] = [];

  before(async function () {
    this.timeout(30_000);
    browser = await launchChromium();
  });
  after(() => browser?.close());
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'itmchat-express-'));
    app = await startExpressApp(dataDir);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      console.log(app.output().split('\n').slice(-20).join('\n'));
      await saveFailure(this.currentTest.fullTitle(), pages);
    }
    await Promise.all(pages.splice(0).map((p) => p.page.context().close()));
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function visitorAt(path: string): Promise<ChatPage> {
    const chat = new ChatPage(await (await browser.newContext()).newPage(), app.url);
    pages.push(chat);
    await chat.goto(path);
    return chat;
  }

  it("serves the app's pages and the chat on one port; visitors chat across the app's links and form posts", async () => {
    expect(await (await fetch(`${app.url}/`)).text(), "the app's own page").to.contain('An ordinary Express site');
    expect((await fetch(`${app.url}/readyz`)).status).to.equal(200);
    expect((await fetch(`${app.url}/itmchat/itmchat.js`)).headers.get('content-type')).to.match(/javascript/);
    expect((await fetch(`${app.url}/no-such-page`)).status, 'unknown paths reach the app (Express 404)').to.equal(404);

    const ana = await visitorAt('/');
    const bob = await visitorAt('/guestbook');
    await ana.join('ana');
    await bob.join('bob');
    await ana.say('hello from the home page');
    await bob.waitForText('hello from the home page');

    // Ana follows the app's link and posts its form; the chat stays joined with what it held.
    await ana.page.click('a[href="/guestbook"]');
    await ana.page.waitForURL(/guestbook/);
    await ana.drawn();
    await ana.page.fill('input[name="name"]', 'Ana <b>');
    await ana.page.click('form button');
    await ana.page.waitForSelector('li');
    await ana.drawn();
    expect(await ana.page.textContent('li')).to.equal('Ana <b>');
    await bob.say('welcome to the guestbook');
    await ana.waitForSeq(2);
    expect(await ana.seqs()).to.deep.equal([1, 2]);
    expect(await ana.texts()).to.satisfy(
      (texts: string[]) => texts[0]!.includes('hello from the home page') && texts[1]!.includes('welcome'),
    );

    // The example does not turn on the per-visitor series (they name people): count all deliveries.
    const samples = await scrape(app.url);
    expect(samples.get('itmchat_messages_delivered_total'), "ana's line reached bob once, and bob's ana").to.equal(2);
    expect(samples.get('itmchat_connections')).to.equal(2);
  });

  it('lays out for a phone, has its favicon, and axe finds no serious or critical violation, joined or not', async () => {
    const ana = await visitorAt('/');
    expect(await ana.page.getAttribute('meta[name="viewport"]', 'content')).to.equal('width=device-width, initial-scale=1');
    const icon = await ana.page.getAttribute('link[rel="icon"]', 'href');
    const favicon = await fetch(new URL(icon!, app.url));
    expect(favicon.status).to.equal(200);
    expect(favicon.headers.get('content-type')).to.match(/svg/);
    expect(await audit(ana.page), 'before Join').to.deep.equal([]);
    await ana.join('ana');
    await ana.say('hello https://example.org');
    expect(await audit(ana.page), 'joined').to.deep.equal([]);
  });
});
