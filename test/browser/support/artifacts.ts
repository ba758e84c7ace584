import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChatPage } from './chat-page.js';

/** Where failing browser scenarios leave a screenshot and the page's console (CI prints this path). */
export const ARTIFACTS_DIR = resolve(process.env.ITMCHAT_TEST_OUTPUT ?? '.test-artifacts/browser');

/** Saves what each open page shows and logged, for a failed test. */
export async function saveFailure(title: string, pages: readonly ChatPage[]): Promise<string> {
  const dir = join(ARTIFACTS_DIR, title.replace(/[^\w.-]+/g, '_').slice(0, 120));
  mkdirSync(dir, { recursive: true });
  for (const [i, chat] of pages.entries()) {
    writeFileSync(join(dir, `page-${i}-console.log`), chat.console.join('\n') + '\n');
    if (!chat.page.isClosed()) await chat.page.screenshot({ path: join(dir, `page-${i}.png`), fullPage: true }).catch(() => undefined);
  }
  console.log(`    browser artefacts of the failed test: ${dir}`);
  return dir;
}
