import { expect } from 'chai';
import type { Logger } from '@itmchat/server';
import { serverPerTest, startTestServer, tempDataFile } from './support/test-server.js';

describe('a private conversation across a server restart (SQLite)', function () {
  this.timeout(20_000);
  const servers = serverPerTest();

  it('is listed again on resume, with exactly the lines said since, numbered on from where it was', async () => {
    const dataFile = tempDataFile();
    let server = await servers.start('sqlite', { dataFile });
    const connect = async () => {
      const client = await server.client();
      servers.clients.push(client);
      return client;
    };
    const ana = await connect();
    const anaJoined = await ana.call('identify', { nick: 'ana', author: 'author-ana-0123456789', release: 3 });
    const bob = await connect();
    const bobJoined = await bob.call('identify', { nick: 'bob', author: 'author-bob-0123456789', release: 3 });
    const first = await ana.call('say', { text: 'before the restart', cid: 'r1', to: 'bob' });
    await bob.until(() => bob.privateLines().length === 1, 'the line');
    const epoch = bob.pushesOf('userSay').find((p) => p.place === first.place)!.epoch;
    await servers.stop();

    server = await servers.start('sqlite', { dataFile });
    const anaBack = await connect();
    await anaBack.call('resume', { token: anaJoined.token, author: 'author-ana-0123456789', release: 3 });
    const second = await anaBack.call('say', { text: 'after the restart', cid: 'r2', to: 'bob' });
    expect(second).to.include({ place: first.place, seq: 2, epoch });
    const bobBack = await connect();
    const resumed = await bobBack.call('resume', {
      token: bobJoined.token,
      author: 'author-bob-0123456789',
      release: 3,
      since: [{ place: first.place, seq: 1, epoch }],
    });
    expect(resumed.conversations).to.deep.equal([{ id: first.place, with: 'ana', epoch, head: 2 }]);
    await bobBack.until(() => bobBack.privateLines().length === 1, 'the missed line');
    await bobBack.call('command', { line: '-where' });
    expect(bobBack.privateLines().map((m) => m.text)).to.deep.equal(['after the restart']);
  });

  it("leaves a private line's text out of the server's logs and /metrics", async () => {
    const logged: string[] = [];
    const log: Logger = (level, event, fields) => logged.push(JSON.stringify({ level, event, ...fields }));
    const server = await startTestServer('memory', { metricsNicks: true, logLevel: 'debug' }, { log });
    try {
      const ana = await server.client();
      const bob = await server.client();
      await ana.call('identify', { nick: 'ana', release: 3 });
      await bob.call('identify', { nick: 'bob', release: 3 });
      await ana.call('say', { text: 'secret-5521', cid: 'm1', to: 'bob' });
      await bob.until(() => bob.privateLines().length === 1, 'the line');
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).to.contain('itmchat_');
      expect(metrics).to.not.contain('secret-5521');
      expect(logged.length).to.be.greaterThan(0);
      expect(logged.some((line) => line.includes('secret-5521'))).to.equal(false);
      await Promise.all([ana.close(), bob.close()]);
    } finally {
      await server.close();
    }
  });
});
