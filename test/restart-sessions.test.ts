import { expect } from 'chai';
import { serverPerTest, tempDataFile } from './support/test-server.js';

describe('sessions survive a server restart (SQLite)', function () {
  this.timeout(20_000);
  const servers = serverPerTest();

  it('a visitor joined before the restart resumes the same session after it, and nobody sees them leave or come', async () => {
    const dataFile = tempDataFile();
    let server = await servers.start('sqlite', { dataFile });
    const bob = await server.client();
    const joined = await bob.call('identify', { nick: 'bob', place: 'porch' });
    const ana = await server.client();
    const anaJoined = await ana.call('identify', { nick: 'ana', place: 'porch' });
    servers.clients.push(ana, bob);
    await servers.stop(); // as a deploy does: SIGTERM, sockets closed with 1001

    server = await servers.start('sqlite', { dataFile });
    const anaBack = await server.client();
    servers.clients.push(anaBack);
    const anaAgain = await anaBack.call('resume', { token: anaJoined.token });
    expect(anaAgain).to.deep.include({ nick: 'ana' });
    expect(anaAgain.place.members, 'bob is still listed, in his grace period').to.include('bob');
    const bobBack = await server.client();
    servers.clients.push(bobBack);
    const bobAgain = await bobBack.call('resume', { token: joined.token });
    expect(bobAgain).to.deep.include({ nick: 'bob' });
    expect(bobAgain.place.name).to.equal('porch');
    await bobBack.call('say', { text: 'back', cid: 'b1' });
    await anaBack.until(() => anaBack.texts('porch').includes('back'), "bob's line");
    expect(anaBack.pushesOf('userJoin'), 'no join for a visitor who merely resumed').to.deep.equal([]);
    expect(anaBack.pushesOf('userLeave')).to.deep.equal([]);

    // The token a resume issued after the restart is the one kept: a second restart takes it too.
    await servers.stop();
    server = await servers.start('sqlite', { dataFile });
    const bobThird = await server.client();
    servers.clients.push(bobThird);
    expect(await bobThird.refusal('resume', { token: joined.token }), 'the old token is spent').to.equal('UNKNOWN_SESSION');
    expect(await bobThird.call('resume', { token: bobAgain.token })).to.deep.include({ nick: 'bob' });
  });

  it('a session not resumed within its grace period after the restart ends as a timeout, and its nick is free', async () => {
    const dataFile = tempDataFile();
    let server = await servers.start('sqlite', { dataFile, graceMs: 300 });
    const bob = await server.client();
    await bob.call('identify', { nick: 'bob', place: 'porch' });
    servers.clients.push(bob);
    await servers.stop();
    server = await servers.start('sqlite', { dataFile, graceMs: 300 });
    const ana = await server.joined('ana', 'porch');
    servers.clients.push(ana);
    await ana.until(() => ana.pushesOf('userLeave').length === 1, "bob's timeout", 5_000);
    expect(ana.pushesOf('userLeave')[0]).to.deep.include({ nick: 'bob', reason: 'timeout' });
    const newBob = await server.client();
    servers.clients.push(newBob);
    expect(await newBob.call('identify', { nick: 'bob' })).to.deep.include({ nick: 'bob' });
  });
});
