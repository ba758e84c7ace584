import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { startCliServer, type CliServer } from '../../support/cli-server.js';
import { TestClient } from '../../support/test-client.js';
import { saveFailure } from './artifacts.js';
import { ChatPage } from './chat-page.js';
import { launchChromium } from './chromium.js';

/**
 * One browser per test file, a fresh server (the real CLI, SQLite in a temp folder) and fresh
 * contexts per test; a failed test leaves its screenshots and console logs behind.
 */
export function browserSuite(serverArgs: readonly string[] = [], options: { chromiumArgs?: readonly string[] } = {}) {
  const talkers: TestClient[] = [];
  const suite = {
    browser: null as unknown as Browser,
    server: null as unknown as CliServer,
    dataDir: '',
    pages: [] as ChatPage[],
    contexts: [] as BrowserContext[],
    /** A new visitor: a browser context of its own (storage, SharedWorkers, socket). */
    async visitor(options: { initScript?: string; context?: BrowserContextOptions } = {}): Promise<BrowserContext> {
      const context = await suite.browser.newContext(options.context);
      if (options.initScript) await context.addInitScript(options.initScript);
      suite.contexts.push(context);
      return context;
    },
    async open(context: BrowserContext, path = '/index.html'): Promise<ChatPage> {
      const chat = new ChatPage(await context.newPage(), suite.server.url);
      suite.pages.push(chat); // before loading, so a failure to load still leaves its artefacts
      await chat.goto(path);
      return chat;
    },
    /** A visitor outside the browser, joined as `nick` on the suite's server (closed after the test). */
    async talker(nick: string): Promise<TestClient> {
      const client = await TestClient.connect(`${suite.server.url.replace(/^http/, 'ws')}/ws`);
      talkers.push(client);
      await client.call('identify', { nick });
      return client;
    },
    async startServer(extra: readonly string[] = []): Promise<CliServer> {
      // Per-visitor /metrics series (by nick, off by default): the suites count what each visitor was sent.
      suite.server = await startCliServer(['--data', join(suite.dataDir, 'chat.db'), '--metrics-nicks', 'yes', ...serverArgs, ...extra]);
      return suite.server;
    },
  };

  before(async function () {
    this.timeout(30_000);
    suite.browser = await launchChromium(options.chromiumArgs);
  });
  after(async () => {
    await suite.browser?.close();
  });
  beforeEach(async function () {
    this.timeout(30_000);
    suite.dataDir = mkdtempSync(join(tmpdir(), 'itmchat-browser-'));
    await suite.startServer();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      console.log(suite.server.output().split('\n').slice(-20).join('\n'));
      await saveFailure(this.currentTest.fullTitle(), suite.pages);
    }
    await Promise.all(talkers.splice(0).map((c) => c.close()));
    await Promise.all(suite.contexts.splice(0).map((c) => c.close()));
    suite.pages = [];
    await suite.server.stop();
    rmSync(suite.dataDir, { recursive: true, force: true });
  });
  return suite;
}
