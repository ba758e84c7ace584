import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { BrowserContext } from 'playwright-core';
import { scrape } from '../support/metrics.js';
import { freePort, sleep } from '../support/processes.js';
import { TestClient } from '../support/test-client.js';
import { browserSuite } from './support/browser-suite.js';
import { ChatPage, WAIT_MS } from './support/chat-page.js';

const wsUrl = (base: string) => `${base.replace(/^http/, 'ws')}/ws`;

/** The other site's host name: Chromium resolves it to loopback, the chat server does not know it. */
const SITE_HOST = 'www.site.test';

/**
 * The other site on plain http with a real host name: not a secure context (as https or localhost
 * would be), the harder case, where for instance crypto.randomUUID does not exist.
 */
const SITE_CHROMIUM_ARGS = [`--host-resolver-rules=MAP ${SITE_HOST} 127.0.0.1`];

/**
 * For examples/custom.js's onAlert: headless pages are never hidden, and a beep cannot be heard.
 * `window.__hidden` decides what `document.visibilityState` says; `window.__beeps` counts started tones.
 */
const FAKE_VISIBILITY_AND_AUDIO = `
  window.__hidden = false;
  window.__beeps = 0;
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
  window.AudioContext = class {
    currentTime = 0;
    destination = {};
    createOscillator() { return { connect() {}, start() { window.__beeps += 1; }, stop() {} }; }
  };
`;

/** docs/embedding.md "Deployments", option 2: a site on its own origin, with its own copy of the worker. */
interface OtherSite {
  readonly origin: string;
  /** Paths the site was asked for, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

async function startOtherSite(port: number, chatUrl: string): Promise<OtherSite> {
  const copy = await fetch(`${chatUrl}/itmchat/itmchat-worker.js`);
  expect(copy.status, 'the chat server serves the worker to copy').to.equal(200);
  const worker = await copy.text();
  const chatWs = wsUrl(chatUrl);
  const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Another site</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${chatUrl}/itmchat/itmchat.css">
</head>
<body>
  <h1>A site that is not the chat server</h1>
  <aside data-itmchat-host aria-label="Chat"></aside>
  <script src="${chatUrl}/itmchat/itmchat.js" data-worker="/itmchat-worker.js" data-server="${chatWs}" data-place="lobby" defer></script>
</body>
</html>`;
  // The page's policy as the "Content Security Policy" table of docs/embedding.md says to extend it.
  const csp = `default-src 'self'; script-src 'self' ${chatUrl}; style-src 'self' ${chatUrl}; worker-src 'self'; connect-src 'self' ${new URL(chatWs).origin.replace(/^http/, 'ws')}; img-src data:`;
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }).end(page);
    } else if (request.url === '/itmchat-worker.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(worker);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://${SITE_HOST}:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The server's JSON log lines with this event. */
function logged(output: string, event: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line['event'] === event);
}

/** Presses Tab until `selector` has the focus; fails, naming where the focus went, after `max` presses. */
async function tabTo(chat: ChatPage, selector: string, max = 30): Promise<void> {
  const visited: string[] = [];
  for (let i = 0; i < max; i++) {
    await chat.page.keyboard.press('Tab');
    const at = await chat.page.evaluate((s) => {
      const active = document.activeElement;
      const hook = active?.getAttribute('data-itmchat');
      return { matches: active?.matches(s) ?? false, what: `${active?.tagName.toLowerCase() ?? 'nothing'}${hook ? `[${hook}]` : ''}` };
    }, selector);
    if (at.matches) return;
    visited.push(at.what);
  }
  throw new Error(`${selector} not reached by ${max} Tabs; the focus went ${visited.join(' → ')}`);
}

const focused = (chat: ChatPage, selector: string): Promise<boolean> =>
  chat.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

describe('browser: embedding the chat', function () {
  this.timeout(60_000);
  const suite = browserSuite([], { chromiumArgs: SITE_CHROMIUM_ARGS });
  let site: OtherSite | null = null;
  afterEach(async () => {
    await site?.close();
    site = null;
  });

  /** A page of the other site, kept for the failure artefacts like the suite's own pages. */
  async function openOtherSite(context: BrowserContext, other: OtherSite): Promise<ChatPage> {
    const chat = new ChatPage(await context.newPage(), other.origin);
    suite.pages.push(chat);
    await chat.goto('/');
    return chat;
  }

  it('custom.html: its callbacks draw IRC lines with 24-hour times, its CSS styles them, its onAlert beeps only for others while hidden, once alerts are on', async () => {
    // en-US draws the default time as "02:05 PM"; UTC lets the test know the hour the page shows.
    const context = await suite.visitor({ initScript: FAKE_VISIBILITY_AND_AUDIO, context: { locale: 'en-US', timezoneId: 'UTC' } });
    const ana = await suite.open(context, '/custom.html');
    await ana.join('ana');
    const bob = await TestClient.connect(wsUrl(suite.server.url));
    await bob.call('identify', { nick: 'bob' });
    const said = await bob.call('say', { text: 'hi from bob', cid: 'b1' });
    await ana.waitForSeq(said.seq);
    await ana.say('hello from ana');

    const lines = await ana.page.$$eval('[data-itmchat="log"] [data-seq]', (elements) =>
      elements.map((e) => ({
        className: e.className,
        place: e.getAttribute('data-place'),
        time: e.querySelector('.irc-time')?.textContent ?? null,
        nick: e.querySelector('.irc-nick')?.textContent ?? null,
        text: e.textContent,
        defaultParts: e.querySelectorAll('time, .itmchat-nick, .itmchat-text').length,
        nickColor: getComputedStyle(e.querySelector('.irc-nick') ?? e).color,
        timeColor: getComputedStyle(e.querySelector('.irc-time') ?? e).color,
      })),
    );
    const hhmm = new Date(said.at).toISOString().slice(11, 16);
    expect(lines[0]).to.deep.include({
      className: 'irc-line',
      place: 'lobby',
      time: `${hhmm} `,
      nick: '<bob> ',
      text: `${hhmm} <bob> hi from bob`,
      defaultParts: 0,
    });
    expect(lines[1]).to.deep.include({ className: 'irc-line me', nick: '<ana> ', defaultParts: 0 });
    expect(lines[1]!.time).to.match(/^([01]\d|2[0-3]):[0-5]\d $/);
    // custom.css: own nicks in #ffd479, others' inherit #b8f0c0, times in #8aa893 (AA contrast on #101418).
    expect(lines[0]).to.deep.include({ nickColor: 'rgb(184, 240, 192)', timeColor: 'rgb(138, 168, 147)' });
    expect(lines[1]!.nickColor).to.equal('rgb(255, 212, 121)');
    const page = await ana.page.evaluate(() => {
      const console = document.querySelector('#console')!;
      return {
        background: getComputedStyle(console).backgroundColor,
        font: getComputedStyle(console).fontFamily,
        title: console.querySelector('h2')?.textContent ?? null,
        itmchatCss: [...document.styleSheets].some((sheet) => sheet.href?.includes('itmchat.css') ?? false),
      };
    });
    expect(page).to.deep.include({ background: 'rgb(16, 20, 24)', title: 'itmchat console', itmchatCss: false });
    expect(page.font).to.match(/monospace/);

    // The same messages on a page with the default callbacks, in the same browser: drawn otherwise.
    const plain = await suite.open(context, '/index.html');
    await plain.waitForSeq(said.seq);
    const plainLine = await plain.page.$eval(`[data-itmchat="log"] [data-seq="${said.seq}"]`, (e) => ({
      className: e.className,
      time: e.querySelector('time')?.textContent ?? null,
      nick: e.querySelector('.itmchat-nick')?.textContent ?? null,
    }));
    expect(plainLine).to.deep.include({ className: 'itmchat-message', nick: 'bob' });
    expect(plainLine.time).to.match(/^\d\d:\d\d\s?[AP]M$/);
    await plain.page.close();

    // onAlert: no beep while the page is seen, one for bob's line while hidden, none for ana's own.
    const beeps = () => ana.page.evaluate(() => (window as unknown as { __beeps: number }).__beeps);
    await ana.page.click('[data-itmchat="alerts"]');
    expect(await ana.page.getAttribute('[data-itmchat="alerts"]', 'aria-pressed')).to.equal('true');
    expect(await beeps(), 'visible').to.equal(0);
    await ana.page.evaluate(() => {
      (window as unknown as { __hidden: boolean }).__hidden = true;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const hidden = await bob.call('say', { text: 'are you there?', cid: 'b2' });
    await ana.waitForSeq(hidden.seq);
    expect(await beeps(), "bob's line while hidden").to.equal(1);
    await ana.say('still here');
    expect(await beeps(), "ana's own line").to.equal(1);
    // The callbacks custom.js leaves out keep their defaults: onUnread counts bob's line in the title.
    expect(await ana.page.title()).to.equal('(1) Custom look · Itmwiki');
    await bob.close();
  });

  it('joins and chats from the keyboard alone: Tab to the nick, type, Tab to Join, Enter, then lines with Enter', async () => {
    const ana = await suite.open(await suite.visitor());
    await tabTo(ana, '[data-itmchat="nick"]');
    await ana.page.keyboard.type('ana');
    await tabTo(ana, '[data-itmchat="join"]', 1);
    await ana.page.keyboard.press('Enter');
    await ana.waitForState('joined');
    expect(await ana.page.textContent('[data-itmchat="me"]')).to.equal('ana');
    expect(await focused(ana, '[data-itmchat="input"]'), 'the line input has the focus once joined').to.equal(true);

    await ana.page.keyboard.type('typed, not clicked');
    await ana.page.keyboard.press('Enter');
    await ana.waitForSeq(1);
    expect(await ana.texts()).to.satisfy((texts: string[]) => texts.length === 1 && texts[0]!.includes('typed, not clicked'));
    expect(await focused(ana, '[data-itmchat="input"]'), 'the focus stays in the line input').to.equal(true);
    expect(await ana.page.inputValue('[data-itmchat="input"]')).to.equal('');

    // The next line, right away; the Send button is the next stop of Tab.
    await ana.page.keyboard.type('and another');
    await ana.page.keyboard.press('Enter');
    await ana.waitForSeq(2);
    await tabTo(ana, '[data-itmchat="send"]', 1);
  });

  it("on another origin (docs/embedding.md, Deployments 2): the site's own worker copy joins the chat server that allows it with --origin", async () => {
    const port = await freePort();
    const origin = `http://${SITE_HOST}:${port}`;
    await suite.server.stop();
    await suite.startServer(['--origin', origin]);
    site = await startOtherSite(port, suite.server.url);
    expect(new URL(site.origin).host).to.not.equal(new URL(suite.server.url).host);

    const ana = await openOtherSite(await suite.visitor(), site);
    expect(await ana.page.evaluate(() => [location.origin, isSecureContext])).to.deep.equal([origin, false]);
    await ana.join('ana');
    expect(site.requests, 'the SharedWorker came from the site itself').to.include('/itmchat-worker.js');

    const bob = await TestClient.connect(wsUrl(suite.server.url));
    await bob.call('identify', { nick: 'bob' });
    await bob.call('say', { text: 'hello, other site', cid: 'b1' });
    await ana.waitForSeq(1);
    await ana.say('hello from the other site');
    await bob.until(() => bob.texts('lobby').includes('hello from the other site'), "ana's line at bob");
    expect(await ana.seqs()).to.deep.equal([1, 2]);
    expect(logged(suite.server.output(), 'origin_refused')).to.deep.equal([]);
    expect(
      ana.console.filter((line) => line.startsWith('error') || line.startsWith('pageerror')),
      'no CSP or other errors',
    ).to.deep.equal([]);
    await bob.close();
  });

  it('on another origin that the chat server does not allow: the socket is refused (403) and the visitor stays unjoined', async () => {
    const port = await freePort();
    const origin = `http://${SITE_HOST}:${port}`;
    site = await startOtherSite(port, suite.server.url); // the suite's server: no --origin

    const ana = await openOtherSite(await suite.visitor(), site);
    await ana.page.fill('[data-itmchat="nick"]', 'ana');
    await ana.page.click('[data-itmchat="join"]');
    // Refused, and refused again when the worker retries.
    const deadline = Date.now() + WAIT_MS;
    while (logged(suite.server.output(), 'origin_refused').length < 2 && Date.now() < deadline) await sleep(100);
    const refused = logged(suite.server.output(), 'origin_refused').map((line) => line['origin']);
    expect(refused.length, 'refusals').to.be.at.least(2);
    expect(new Set(refused)).to.deep.equal(new Set([origin]));
    // What the server answers that Origin: HTTP 403 (the browser does not tell a page why a socket failed).
    let refusal = '';
    await TestClient.connect(wsUrl(suite.server.url), { origin }).catch((error: Error) => (refusal = error.message));
    expect(refusal).to.equal('HTTP 403');

    expect(await ana.state()).to.be.oneOf(['connecting', 'offline']);
    await ana.waitForState('offline');
    expect(await ana.page.textContent('[data-itmchat="status"]')).to.equal('connection lost, reconnecting…');
    expect(await ana.seqs()).to.deep.equal([]);
    expect((await scrape(suite.server.url)).get('itmchat_connections_opened_total'), 'no socket was ever accepted').to.equal(0);
    expect(site.requests).to.include('/itmchat-worker.js');
  });
});
