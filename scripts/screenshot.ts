// Regenerates docs/screenshot.png: the demo wiki with an active chat, as a visitor sees it.
// Run with `npm run screenshot` (builds first; needs Debian's chromium).
import { TestClient } from '../test/support/test-client.js';
import { startCliServer } from '../test/support/cli-server.js';
import { launchChromium } from '../test/browser/support/chromium.js';
import { ChatPage } from '../test/browser/support/chat-page.js';

const server = await startCliServer(['--data', ':memory:']);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
  const ana = new ChatPage(page, server.url);
  await ana.goto('/history.html');
  await ana.join('ana');
  const bob = await TestClient.connect(`${server.url.replace(/^http/, 'ws')}/ws`);
  await bob.call('identify', { nick: 'bob' });
  await bob.call('say', { text: 'hi ana, reading the history page too?', cid: '1' });
  await ana.waitForSeq(1);
  await ana.say('yes, and the chat followed me here from the home page');
  await bob.call('say', { text: 'try reloading: nothing gets lost', cid: '2' });
  await ana.waitForSeq(3);
  await ana.type('-folks');
  await ana.page.waitForSelector('[data-itmchat="log"] [data-command]');
  await page.screenshot({ path: 'docs/screenshot.png' });
  await bob.close();
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
  await server.stop();
}
