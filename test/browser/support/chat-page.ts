import type { Page } from 'playwright-core';

/** Every wait is bounded: a broken scenario fails in seconds, not at mocha's timeout. */
export const WAIT_MS = 10_000;

/** A page of the demo site, driven through the chat's stable hooks (docs/embedding.md). */
export class ChatPage {
  readonly console: string[] = [];

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    page.on('console', (message) => this.console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => this.console.push(`pageerror: ${error.message}`));
  }

  /** Navigates and waits until the chat has drawn its first state. */
  async goto(path: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
    await this.drawn();
  }

  async drawn(): Promise<void> {
    await this.page.waitForSelector('[data-itmchat-state]', { timeout: WAIT_MS });
  }

  state(): Promise<string | null> {
    return this.page.getAttribute('[data-itmchat-state]', 'data-itmchat-state');
  }

  async waitForState(state: string): Promise<void> {
    await this.page.waitForSelector(`[data-itmchat-state="${state}"]`, { timeout: WAIT_MS });
  }

  async join(nick: string): Promise<void> {
    await this.page.fill('[data-itmchat="nick"]', nick);
    await this.page.click('[data-itmchat="join"]');
    await this.waitForState('joined');
  }

  /** Types a line into the chat input and sends it with Enter. */
  async type(line: string): Promise<void> {
    await this.page.fill('[data-itmchat="input"]', line);
    await this.page.press('[data-itmchat="input"]', 'Enter');
  }

  /** Says a line and waits until it is numbered (shown with a data-seq). */
  async say(text: string): Promise<void> {
    const before = (await this.seqs()).length;
    await this.type(text);
    await this.page.waitForFunction((n) => document.querySelectorAll('[data-itmchat="log"] [data-seq]').length > n, before, {
      timeout: WAIT_MS,
    });
  }

  /** The numbers of the messages on screen, in document order. */
  seqs(): Promise<number[]> {
    return this.page.$$eval('[data-itmchat="log"] [data-seq]', (elements) => elements.map((e) => Number(e.getAttribute('data-seq'))));
  }

  texts(): Promise<string[]> {
    return this.page.$$eval('[data-itmchat="log"] [data-seq]', (elements) => elements.map((e) => e.textContent ?? ''));
  }

  /** Waits until message `seq` is on screen. */
  async waitForSeq(seq: number, ms = WAIT_MS): Promise<void> {
    await this.page.waitForSelector(`[data-itmchat="log"] [data-seq="${seq}"]`, { timeout: ms });
  }

  /**
   * Scrolls the log back to the place's first message (the Show older button, as a keyboard
   * user would), page after page, until the top says there is nothing older.
   */
  async scrollBackToStart(maxPages = 20): Promise<void> {
    for (let page = 0; page < maxPages; page++) {
      const state = await this.page.getAttribute('[data-itmchat="history"]', 'data-state');
      if (state === 'start' || state === 'none') return;
      // Pressed from the keyboard: a pointer click can land while older pages drawn above move the button.
      if (state === 'more' || state === 'failed') await this.page.press('[data-itmchat="older"]', 'Enter');
      await this.page.waitForFunction(
        () => document.querySelector('[data-itmchat="history"]')?.getAttribute('data-state') !== 'loading',
        undefined,
        {
          timeout: WAIT_MS,
        },
      );
    }
    throw new Error(`not at the first message after ${maxPages} pages`);
  }

  async waitForText(text: string): Promise<void> {
    await this.page.waitForFunction((t) => document.querySelector('[data-itmchat="log"]')?.textContent?.includes(t) ?? false, text, {
      timeout: WAIT_MS,
    });
  }
}
