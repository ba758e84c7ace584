import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import puppeteer, { type Browser as PuppeteerBrowser, type BrowserContext, type Page as PuppeteerPage } from 'puppeteer-core';
import { Builder, type WebDriver } from 'selenium-webdriver';
import type { Browser as PlaywrightBrowser, BrowserContext as PlaywrightContext, Page as PlaywrightPage } from 'playwright-core';
import { launchChromium } from '../../browser/support/chromium.js';
import { freePort, terminate } from '../../support/processes.js';

/** The three engines a visitor may have, each from Debian's packages, driven by its own well-kept client. */
export const ENGINES = ['chromium', 'firefox', 'webkit'] as const;
export type EngineName = (typeof ENGINES)[number];

const FIREFOX = process.env.ITMCHAT_FIREFOX ?? '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.ITMCHAT_WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.ITMCHAT_MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB = process.env.ITMCHAT_XVFB ?? '/usr/bin/Xvfb';

/**
 * One tab, seen through the little every driver can do alike: navigate, run an expression in
 * the page, wait for one to hold. The scenarios act through the page's own DOM (as a visitor's
 * clicks and Enter would), so they read the same in every engine.
 */
export interface EnginePage {
  goto(url: string): Promise<void>;
  /** The value of a JavaScript expression in the page (JSON-able). */
  eval<T>(expression: string): Promise<T>;
  /** Waits until `expression` is truthy in the page. */
  waitFor(expression: string, ms?: number): Promise<void>;
}

/** A visitor: a browser profile of its own (storage, workers, socket), with tabs. */
export interface EngineVisitor {
  tab(): Promise<EnginePage>;
  close(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  visitor(): Promise<EngineVisitor>;
  close(): Promise<void>;
}

const WAIT_MS = 15_000;

export function launchEngine(name: EngineName): Promise<Engine> {
  if (name === 'chromium') return playwrightEngine();
  if (name === 'firefox') return firefoxEngine();
  return webkitEngine();
}

/** An engine whose driver has browser contexts (Playwright, puppeteer): a visitor is a context, a tab its page. */
function contextEngine(
  name: EngineName,
  browser: { close(): Promise<void> },
  newContext: () => Promise<{ newPage(): Promise<EnginePage>; close(): Promise<void> }>,
): Engine {
  return {
    name,
    async visitor() {
      const context = await newContext();
      return { tab: () => context.newPage(), close: () => context.close() };
    },
    close: () => browser.close(),
  };
}

/**
 * A tab from what every driver has: navigating and evaluating an expression. Waiting polls the
 * expression rather than using the drivers' own waits (Playwright compiles its string in the page,
 * which the demo's CSP forbids).
 */
function enginePage(goto: (url: string) => Promise<unknown>, evaluate: (expression: string) => Promise<unknown>): EnginePage {
  return {
    goto: async (url) => void (await goto(url)),
    eval: (expression) => evaluate(expression) as Promise<never>,
    waitFor: (expression, ms) => poll(evaluate, expression, ms),
  };
}

async function playwrightEngine(): Promise<Engine> {
  const browser: PlaywrightBrowser = await launchChromium();
  return contextEngine('chromium', browser, async () => {
    const context: PlaywrightContext = await browser.newContext();
    return { newPage: async () => playwrightPage(await context.newPage()), close: () => context.close() };
  });
}

function playwrightPage(page: PlaywrightPage): EnginePage {
  return enginePage(
    (url) => page.goto(url),
    (expression) => page.evaluate(expression),
  );
}

/** Polls `expression` until it is truthy; a page between navigations counts as not yet. */
async function poll(evaluate: (expression: string) => Promise<unknown>, expression: string, ms = WAIT_MS): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    // Made a boolean in the page: a DOM node does not cross every driver's wire.
    if (await evaluate(`Boolean(${expression})`).catch(() => false)) return;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${expression}`);
    await sleep(50);
  }
}

/** Firefox ESR over WebDriver BiDi, with puppeteer-core (no download: Debian's firefox-esr). */
async function firefoxEngine(): Promise<Engine> {
  const browser: PuppeteerBrowser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  return contextEngine('firefox', browser, async () => {
    const context: BrowserContext = await browser.createBrowserContext();
    return { newPage: async () => puppeteerPage(await context.newPage()), close: () => context.close() };
  });
}

function puppeteerPage(page: PuppeteerPage): EnginePage {
  return enginePage(
    (url) => page.goto(url),
    (expression) => page.evaluate(expression),
  );
}

/**
 * WebKitGTK's MiniBrowser through WebKitWebDriver, with selenium-webdriver, on an X server of its
 * own (Xvfb): MiniBrowser has no headless mode. Each visitor is a WebDriver session, a browser of
 * its own; its tabs are that session's windows.
 */
async function webkitEngine(): Promise<Engine> {
  const display = `:${90 + Math.floor(Math.random() * 900)}`;
  const processes: ChildProcess[] = [spawn(XVFB, [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' })];
  const port = await freePort();
  processes.push(spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: 'ignore', env: { ...process.env, DISPLAY: display } }));
  await sleep(500);
  return {
    name: 'webkit',
    async visitor() {
      const driver: WebDriver = await new Builder()
        .usingServer(`http://127.0.0.1:${port}`)
        .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } })
        .build();
      let first = true;
      let current = await driver.getWindowHandle();
      const focus = async (handle: string) => {
        if (handle !== current) await driver.switchTo().window(handle);
        current = handle;
      };
      return {
        async tab() {
          const handle = first ? current : (await driver.switchTo().newWindow('tab'), await driver.getWindowHandle());
          first = false;
          current = handle;
          return enginePage(
            async (url) => (await focus(handle), await driver.get(url)),
            async (expression) => (await focus(handle), await driver.executeScript(`return (${expression});`)),
          );
        },
        close: () => driver.quit(),
      };
    },
    async close() {
      for (const child of processes.reverse()) await terminate(child, 5_000);
    },
  };
}
