import { expect } from 'chai';
import { CallError, ErrorCode } from '@itmchat/protocol';
import { DEFAULT_PRESENCE_RATE, DEFAULT_PRESENCE_RATE_PER_IP } from '@itmchat/server';
import { PRESENCE_PUSHES_PER_WINDOW } from '../packages/server/src/presence-damper.js';
import type { TestClient } from './support/test-client.js';
import { removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';

const ATTEMPTS = 200;

describe('presence floods (goto, -goto, identify and leave churn)', function () {
  this.timeout(20_000);
  let server: TestServer;
  const clients: TestClient[] = [];
  beforeEach(async () => {
    server = await startTestServer('memory', {
      presenceRate: DEFAULT_PRESENCE_RATE,
      presenceRatePerIp: DEFAULT_PRESENCE_RATE_PER_IP,
      maxRateRefusals: 1_000_000,
    });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
    removeTempFiles();
  });

  /** What a bystander in `a` was told of others coming and going. */
  const presencePushes = (bystander: TestClient) => bystander.pushesOf('userJoin').length + bystander.pushesOf('userLeave').length;
  /** The most a bystander may be told: the burst, the sustained rate over the time taken, and one for the fraction. */
  const bound = (started: number) =>
    DEFAULT_PRESENCE_RATE.burst + Math.ceil(((performance.now() - started) / 1000) * DEFAULT_PRESENCE_RATE.perSecond) + 1;
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (error: unknown) => (error instanceof CallError ? error.code : String(error)),
    );

  for (const how of ['goto', '-goto'] as const) {
    it(`one socket moving back and forth with ${how} tells a bystander a bounded number of things`, async () => {
      const bystander = await server.joined('bystander', 'a');
      const flapper = await server.joined('flapper', 'a');
      clients.push(bystander, flapper);
      const started = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: ATTEMPTS }, (_, i) => {
          const place = i % 2 === 0 ? 'b' : 'a';
          return outcome(how === 'goto' ? flapper.call('goto', { place }) : flapper.call('command', { line: `-goto ${place}` }));
        }),
      );
      await flapper.call('command', { line: '-where' }).catch(() => {}); // a round trip: pushes before it have arrived
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(outcomes.filter((o) => o === ErrorCode.RateLimited).length).to.be.greaterThan(ATTEMPTS / 2);
      expect(presencePushes(bystander)).to.be.at.most(bound(started));
    });
  }

  it('identify and leave churn on one socket is bounded the same way', async () => {
    const bystander = await server.joined('bystander', 'a');
    const churner = await server.client();
    clients.push(bystander, churner);
    const started = performance.now();
    const outcomes: string[] = [];
    for (let i = 0; i < ATTEMPTS / 2; i++) {
      outcomes.push(await outcome(churner.call('identify', { nick: `churn${i}`, place: 'a' })));
      outcomes.push(await outcome(churner.call('leave', {})));
    }
    expect(outcomes).to.include(ErrorCode.RateLimited);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(presencePushes(bystander)).to.be.at.most(bound(started));
  });

  it('reconnecting does not reset the limit: fresh sockets of one address share its bucket', async () => {
    const bystander = await server.joined('bystander', 'a');
    clients.push(bystander);
    const started = performance.now();
    const outcomes: string[] = [];
    for (let i = 0; i < 60; i++) {
      const churner = await server.client();
      outcomes.push(await outcome(churner.call('identify', { nick: `ghost${i}`, place: 'a' })));
      await churner.close();
    }
    const rate = DEFAULT_PRESENCE_RATE_PER_IP;
    const allowed = rate.burst - 1 + Math.ceil(((performance.now() - started) / 1000) * rate.perSecond) + 1; // the bystander's own join spent one
    expect(outcomes.filter((o) => o === 'ok').length).to.be.at.most(allowed);
    expect(outcomes).to.include(ErrorCode.RateLimited);
  });
});

describe('presence churn in one place, from many visitors at once', function () {
  this.timeout(20_000);
  let server: TestServer;
  const clients: TestClient[] = [];
  before(async () => {
    server = await startTestServer('memory'); // rate limits off: many addresses' worth of churn
  });
  after(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
    removeTempFiles();
  });

  it(`is coalesced: a bystander hears at most ${PRESENCE_PUSHES_PER_WINDOW} joins and leaves a window, then only net changes`, async () => {
    const bystander = await server.joined('bystander', 'a');
    clients.push(bystander);
    const churner = await server.client();
    clients.push(churner);
    for (let i = 0; i < 100; i++) {
      await churner.call('identify', { nick: `ghost${i}`, place: 'a' });
      await churner.call('leave', {});
    }
    const stayer = await server.joined('stayer', 'a');
    clients.push(stayer);
    await bystander.call('command', { line: '-folks' }); // a round trip: what went out has arrived
    const heard = () => bystander.pushesOf('userJoin').length + bystander.pushesOf('userLeave').length;
    // The bystander's own arrival spent one of the window's pushes (told to nobody else here).
    expect(heard()).to.equal(PRESENCE_PUSHES_PER_WINDOW - 1);
    // At the window's end, only what changed for good: the one ghost heard arriving has gone, the stayer came.
    await bystander.until(() => bystander.pushesOf('userJoin').some((j) => j.nick === 'stayer'), 'the stayer announced', 15_000);
    expect(heard()).to.equal(PRESENCE_PUSHES_PER_WINDOW + 1);
    const here = new Set<string>();
    for (const push of bystander.pushes) {
      if (push.method === 'userJoin') here.add(push.params.nick);
      if (push.method === 'userLeave') here.delete(push.params.nick);
    }
    expect([...here]).to.deep.equal(['stayer']);
  });
});
