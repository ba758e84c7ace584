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

  it('a retry with the same author key after a server restart is still stored once', async () => {
    const dataFile = tempDataFile();
    const ana = await join(await servers.start('sqlite', { dataFile }), 'ana', ANA_KEY);
    const first = await ana.call('say', { text: 'hello', cid: 'line-1' });
    await servers.stop();
    const again = await join(await servers.start('sqlite', { dataFile }), 'ana', ANA_KEY);
    const retried = await again.call('say', { text: 'hello', cid: 'line-1' });
    expect(retried).to.deep.include({ seq: first.seq, at: first.at, duplicate: true });
  });
});
