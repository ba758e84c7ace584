import { expect } from 'chai';
import { serverPerTest, tempDataFile, type TestServer } from './support/test-server.js';

const ANA_KEY = 'a'.repeat(16) + '0123456789abcdef';
const EVE_KEY = 'e'.repeat(32);

describe('cids are scoped to an author key, not to the nick', function () {
  this.timeout(20_000);
  const servers = serverPerTest();

  const join = async (server: TestServer, nick: string, author?: string) => {
    const client = await server.client();
    servers.clients.push(client);
    await client.call('identify', author ? { nick, place: 'hall', author } : { nick, place: 'hall' });
    return client;
  };

  for (const eveKey of [EVE_KEY, undefined]) {
    it(`a later holder of a freed nick ${eveKey ? 'with a key of its own' : 'with no key'} learns nothing by resending a known cid`, async () => {
      const server = await servers.start('sqlite');
      const ana = await join(server, 'ana', ANA_KEY);
      const said = await ana.call('say', { text: 'my secret plan', cid: 'line-1' });
      await ana.call('leave', {});
      const eve = await join(server, 'ana', eveKey);
      const probe = await eve.call('say', { text: 'probe', cid: 'line-1' });
      expect(probe.duplicate ?? false).to.equal(false);
      expect(probe.seq).to.not.equal(said.seq);
    });
  }

  it('a retry with the same author key after a server restart is still stored once, resumed or joined anew', async () => {
    const dataFile = tempDataFile();
    let server = await servers.start('sqlite', { dataFile });
    const ana = await server.client();
    servers.clients.push(ana);
    const { token } = await ana.call('identify', { nick: 'ana', place: 'hall', author: ANA_KEY });
    const first = await ana.call('say', { text: 'hello', cid: 'line-1' });
    await servers.stop();
    server = await servers.start('sqlite', { dataFile });
    // The kept session carries its author key.
    const resumed = await server.client();
    servers.clients.push(resumed);
    await resumed.call('resume', { token });
    expect(await resumed.call('say', { text: 'hello', cid: 'line-1' })).to.deep.include({ seq: first.seq, at: first.at, duplicate: true });
    // A client that has to join anew (its session gone) sends the same key: still the same author.
    const anew = await join(server, 'ana2', ANA_KEY);
    expect(await anew.call('say', { text: 'hello', cid: 'line-1' })).to.deep.include({ seq: first.seq, duplicate: true });
  });
});
