import { expect } from 'chai';
import { CallError, ErrorCode } from '@itmchat/protocol';
import { DEFAULT_SAY_RATE } from '@itmchat/server';
import { serverPerTest } from './support/test-server.js';

describe('the say limit, announced and explained', function () {
  this.timeout(20_000);
  const servers = serverPerTest();

  it('hello announces the say rate, and a RATE_LIMITED refusal says when to retry; a retry then is taken', async () => {
    const server = await servers.start('memory', { sayRate: DEFAULT_SAY_RATE });
    const client = await server.client();
    servers.clients.push(client);
    await client.until(() => client.pushesOf('hello').length === 1, 'hello');
    expect(client.pushesOf('hello')[0]!.limits.sayRate).to.deep.equal(DEFAULT_SAY_RATE);
    await client.call('identify', { nick: 'ana' });
    const outcomes = await Promise.all(
      Array.from({ length: DEFAULT_SAY_RATE.burst + 1 }, (_, i) =>
        client.call('say', { text: `line ${i}`, cid: `c${i}` }).catch((e: CallError) => e),
      ),
    );
    const refused = outcomes.at(-1);
    expect(refused).to.be.instanceOf(CallError);
    const { code, retryAfterMs } = refused as CallError;
    expect(code).to.equal(ErrorCode.RateLimited);
    expect(retryAfterMs).to.be.within(1, 1000 / DEFAULT_SAY_RATE.perSecond);
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
    expect(await client.call('say', { text: 'again', cid: `c${DEFAULT_SAY_RATE.burst}` })).to.include({ duplicate: false });
  });

  it('announces no say rate when says are not limited', async () => {
    const server = await servers.start('memory');
    const client = await server.client();
    servers.clients.push(client);
    await client.until(() => client.pushesOf('hello').length === 1, 'hello');
    expect(client.pushesOf('hello')[0]!.limits).to.not.have.property('sayRate');
  });
});
