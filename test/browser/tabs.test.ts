import { expect } from 'chai';
import { scrape, visitor } from '../support/metrics.js';
import { browserSuite } from './support/browser-suite.js';
import { REMOVE_SHARED_WORKER } from './support/strip-extended-lifetime.js';

describe('browser: one socket per browser', function () {
  this.timeout(60_000);
  const suite = browserSuite();

  it('three tabs share one connection; a line said in one shows in all; a second browser is a second visitor', async () => {
    const context = await suite.visitor();
    const tabs = [await suite.open(context), await suite.open(context, '/history.html'), await suite.open(context, '/places.html')];
    await tabs[0]!.join('ana');
    await Promise.all(tabs.map((tab) => tab.waitForState('joined')));
    await tabs[1]!.say('said in the second tab');
    for (const tab of tabs) await tab.waitForSeq(1);
    expect(await Promise.all(tabs.map((t) => t.texts()))).to.satisfy((all: string[][]) =>
      all.every((texts) => texts.length === 1 && texts[0]!.includes('said in the second tab')),
    );
    let samples = await scrape(suite.server.url);
    expect(samples.get('itmchat_connections')).to.equal(1);
    expect(samples.get('itmchat_connections_opened_total')).to.equal(1);

    const other = await suite.open(await suite.visitor());
    expect(await other.state()).to.equal('idle'); // another browser: not joined, no session shared
    await other.join('bob');
    await other.say('hi from another browser');
    for (const tab of tabs) await tab.waitForSeq(2);
    samples = await scrape(suite.server.url);
    expect(samples.get('itmchat_connections')).to.equal(2);
  });

  it('Leave in one tab clears the joined state in every tab', async () => {
    const context = await suite.visitor();
    const tabs = [await suite.open(context), await suite.open(context, '/history.html')];
    await tabs[0]!.join('ana');
    await tabs[1]!.waitForState('joined');
    await tabs[1]!.page.click('[data-itmchat="leave"]');
    await Promise.all(tabs.map((tab) => tab.waitForState('idle')));
    await tabs[0]!.goto('/places.html');
    expect(await tabs[0]!.state()).to.equal('idle');
  });

  it('without SharedWorker, the tabs elect a leader and still hold one socket', async () => {
    const context = await suite.visitor({ initScript: REMOVE_SHARED_WORKER });
    const first = await suite.open(context);
    expect(await first.page.evaluate(() => typeof SharedWorker)).to.equal('undefined');
    await first.join('ana');
    const second = await suite.open(context, '/history.html');
    await second.waitForState('joined');
    await second.say('from the follower tab');
    await first.waitForSeq(1);
    const samples = await scrape(suite.server.url);
    expect(samples.get('itmchat_connections')).to.equal(1);
    expect(visitor(samples, 'connections', 'ana')).to.equal(1);

    // The leader's tab goes: the other tab takes over, resumes, and keeps chatting.
    await first.page.close();
    await second.say('after the leader left');
    expect(await second.seqs()).to.deep.equal([1, 2]);
  });
});
