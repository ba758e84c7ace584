import { expect } from 'chai';
import type { ChatPage } from './support/chat-page.js';
import { WAIT_MS } from './support/chat-page.js';
import { browserSuite } from './support/browser-suite.js';

const privateTexts = (chat: ChatPage) =>
  chat.page.$$eval('[data-itmchat="private-log"] [data-seq]', (elements) => elements.map((e) => e.textContent ?? ''));
const waitForPrivate = (chat: ChatPage, text: string) =>
  chat.page.waitForFunction((t) => document.querySelector('[data-itmchat="private-log"]')?.textContent?.includes(t) ?? false, text, {
    timeout: WAIT_MS,
  });

describe('browser: private lines and the regular’s commands', function () {
  this.timeout(90_000);
  const suite = browserSuite();

  it('a private exchange between two visitors, unseen by a third in the same place, kept across a reload and a navigation', async () => {
    const ana = await suite.open(await suite.visitor());
    await ana.join('ana');
    const bob = await suite.open(await suite.visitor());
    await bob.join('bob');
    const dan = await suite.open(await suite.visitor());
    await dan.join('dan');
    const cat = await suite.talker('cat');
    const catFrames: string[] = [];
    cat.socket.on('message', (data) => catFrames.push(data.toString()));

    // Bob looks elsewhere: private lines from others are counted in the section's heading until he comes back to the field.
    await bob.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await ana.type('-msg bob meet me at 5, secret-8812');
    await waitForPrivate(bob, 'secret-8812');
    expect(await bob.page.textContent('[data-itmchat="private-unread"]')).to.equal('(1)');
    await bob.page.focus('[data-itmchat="input"]');
    expect(await bob.page.textContent('[data-itmchat="private-unread"]')).to.equal('');
    const [line] = await privateTexts(bob);
    expect(line).to.contain('ana → bob (private)').and.contain('meet me at 5, secret-8812');
    expect(await bob.texts(), 'not in the place log').to.deep.equal([]);
    await waitForPrivate(ana, 'secret-8812'); // her own line, numbered

    // Bob answers by clicking her nick, then ana with -r.
    await bob.page.click('[data-itmchat="private-log"] [data-nick="ana"]');
    expect(await bob.page.inputValue('[data-itmchat="input"]')).to.equal('-msg ana ');
    await bob.page.type('[data-itmchat="input"]', 'ok!');
    await bob.page.press('[data-itmchat="input"]', 'Enter');
    await waitForPrivate(ana, 'ok!');
    await ana.type('-r see you');
    await waitForPrivate(bob, 'see you');

    // The recipient reloads, the sender navigates: the conversation is drawn at once from storage.
    await bob.page.reload();
    await bob.waitForState('joined');
    await waitForPrivate(bob, 'secret-8812');
    expect(await privateTexts(bob)).to.have.length(3);
    await ana.page.click('a[href="/history.html"]');
    await ana.page.waitForURL(/history/);
    await ana.waitForState('joined');
    await waitForPrivate(ana, 'see you');
    expect(await privateTexts(ana)).to.have.length(3);

    // A third visitor in the same place, in a browser of their own, sees nothing of it.
    await dan.waitForText('cat joined');
    expect(await dan.page.textContent('[data-itmchat="chat"]')).to.not.match(/secret-8812|ok!|see you/u);
    expect(await dan.page.getAttribute('[data-itmchat="private"]', 'hidden')).to.equal('');
    await cat.call('command', { line: '-where' });
    expect(catFrames.some((frame) => /secret-8812|ok!|see you/u.test(frame))).to.equal(false);
    // -nick: the browser's stored session follows, so a reload keeps the new nick; the conversation stays.
    await bob.type('-nick robert');
    await bob.page.waitForFunction(() => document.querySelector('[data-itmchat="me"]')?.textContent === 'robert', undefined, {
      timeout: WAIT_MS,
    });
    await bob.page.reload();
    await bob.waitForState('joined');
    expect(await bob.page.textContent('[data-itmchat="me"]')).to.equal('robert');
    await waitForPrivate(bob, 'secret-8812');
    await ana.type('-msg robert still there?');
    await waitForPrivate(bob, 'still there?');
    // Nobody of that nick: a typed refusal, and the line comes back for editing.
    await ana.type('-msg zed hello');
    await ana.waitForText('zed is not here');
    expect(await ana.page.inputValue('[data-itmchat="input"]')).to.equal('-msg zed hello');
  });

  it('-ignore hides a visitor in every tab and survives a reload; -me, -topic and Tab completion', async () => {
    const context = await suite.visitor();
    const ana = await suite.open(context);
    await ana.join('ana');
    const second = await suite.open(context, '/history.html');
    await second.waitForState('joined');
    const bob = await suite.talker('bob');
    await bob.call('say', { text: 'first from bob', cid: 'b1' });
    await ana.waitForText('first from bob');
    await ana.type('-ignore bob');
    await ana.waitForText('you ignore:');
    for (const tab of [ana, second]) {
      await tab.page.waitForFunction(
        () => !document.querySelector('[data-itmchat="log"]')?.textContent?.includes('first from bob'),
        undefined,
        {
          timeout: WAIT_MS,
        },
      );
    }
    await bob.call('say', { text: 'spam from bob', cid: 'b2' });
    await bob.call('say', { text: 'ana, look', cid: 'b3', to: 'ana' });
    await ana.say('still here');
    await ana.page.reload();
    await ana.waitForState('joined');
    await ana.waitForText('still here');
    const log = await ana.page.textContent('[data-itmchat="log"]');
    expect(log).to.not.contain('spam from bob');
    expect(await privateTexts(ana)).to.deep.equal([]);
    await ana.type('-unignore bob');
    await ana.waitForText('spam from bob');
    await waitForPrivate(ana, 'ana, look');

    // -me is an action line; -topic shows in the header, for a newcomer too.
    await ana.type('-me waves');
    await bob.until(() => bob.texts('lobby').includes('waves'), 'the action');
    expect(
      bob
        .pushesOf('userSay')
        .flatMap((p) => p.messages)
        .find((m) => m.text === 'waves'),
    ).to.include({ kind: 'action' });
    await ana.page.waitForSelector('[data-itmchat="log"] [data-kind="action"]', { timeout: WAIT_MS });
    await ana.type('-topic Tea at five');
    await ana.page.waitForFunction(() => document.querySelector('[data-itmchat="topic"]')?.textContent === 'Tea at five', undefined, {
      timeout: WAIT_MS,
    });
    await second.page.waitForFunction(() => document.querySelector('[data-itmchat="topic"]')?.textContent === 'Tea at five', undefined, {
      timeout: WAIT_MS,
    });
    const carol = await suite.open(await suite.visitor());
    await carol.join('carol');
    expect(await carol.page.textContent('[data-itmchat="topic"]')).to.equal('Tea at five');

    // Tab completes a nick of the place; a line naming you is marked.
    await carol.page.fill('[data-itmchat="input"]', 'bo');
    await carol.page.press('[data-itmchat="input"]', 'Tab');
    expect(await carol.page.inputValue('[data-itmchat="input"]')).to.equal('bob: ');
    await carol.page.fill('[data-itmchat="input"]', 'hi a');
    await carol.page.press('[data-itmchat="input"]', 'Tab');
    expect(await carol.page.inputValue('[data-itmchat="input"]')).to.equal('hi ana ');
    await bob.call('say', { text: 'carol: welcome', cid: 'b4' });
    await carol.page.waitForSelector('[data-itmchat="log"] [data-mention="true"]', { timeout: WAIT_MS });
  });

  it('shows "bob is typing…" while bob types, and takes it away after 6 s or when his line comes', async () => {
    const ana = await suite.open(await suite.visitor());
    await ana.join('ana');
    const bob = await suite.open(await suite.visitor());
    await bob.join('bob');
    const typingText = () => ana.page.textContent('[data-itmchat="typing"]');
    await bob.page.type('[data-itmchat="input"]', 'hello th');
    await ana.page.waitForSelector('[data-itmchat="typing"]:not([hidden])', { timeout: WAIT_MS });
    expect(await typingText()).to.equal('bob is typing…');
    await ana.page.waitForSelector('[data-itmchat="typing"][hidden]', { state: 'attached', timeout: WAIT_MS });
    // Typing again (after the 3 s pace), then the line itself: the indicator goes with the line.
    await bob.page.fill('[data-itmchat="input"]', '');
    await bob.page.type('[data-itmchat="input"]', 'here!');
    await ana.page.waitForSelector('[data-itmchat="typing"]:not([hidden])', { timeout: WAIT_MS });
    await bob.page.press('[data-itmchat="input"]', 'Enter');
    await ana.waitForText('here!');
    expect(await ana.page.getAttribute('[data-itmchat="typing"]', 'hidden')).to.equal('');
  });
});
