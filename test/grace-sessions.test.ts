import { expect } from 'chai';
import { ErrorCode } from '@itmchat/protocol';
import { TestClient } from './support/test-client.js';
import { removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';

describe('sessions left in their grace period', function () {
  this.timeout(20_000);
  let server: TestServer;
  const clients: TestClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
    removeTempFiles();
  });

  /** Joins and drops the socket at once, leaving the session to wait out its grace period. */
  const abandon = async (nick: string, place?: string) => {
    const client = await server.client();
    await client.call('identify', place ? { nick, place } : { nick });
    await client.close();
  };
  const heldSessions = () => [...server.chat.sessions()].length;

  it('are bounded per address: past the bound the address’s oldest session in grace goes', async () => {
    server = await startTestServer('memory', { maxSessionsPerIp: 10 });
    for (let i = 0; i < 60; i++) await abandon(`ghost${i}`);
    expect(heldSessions()).to.be.at.most(10);
    // The newest are the ones kept: a visitor reloading just now still resumes.
    const nicks = [...server.chat.sessions()].map((s) => s.nick);
    expect(nicks).to.include('ghost59').and.not.include('ghost0');
  });

  it('cannot hold places against connected visitors: at the places cap a place held only in grace gives way', async () => {
    server = await startTestServer('memory', { maxPlaces: 5, maxSessionsPerIp: 0 });
    for (let i = 0; i < 5; i++) await abandon(`ghost${i}`, `den${i}`);
    const honest = await server.client();
    clients.push(honest);
    const joined = await honest.call('identify', { nick: 'honest', place: 'kitchen' });
    expect(joined.place.name).to.equal('kitchen');
    expect(heldSessions()).to.equal(5); // one ghost let go, as if its grace had run out
  });

  it('never refuse the default place, even with every other place held by connected visitors', async () => {
    server = await startTestServer('memory', { maxPlaces: 3, maxSessionsPerIp: 0 });
    for (let i = 0; i < 3; i++) clients.push(await server.joined(`here${i}`, `room${i}`));
    const late = await server.client();
    clients.push(late);
    expect(await late.refusal('identify', { nick: 'late', place: 'attic' })).to.equal(ErrorCode.TooManyPlaces);
    expect((await late.call('identify', { nick: 'late' })).place.name).to.equal('lobby');
  });

  it('count toward the address they are resumed from: resuming elsewhere does not escape the bound', async () => {
    server = await startTestServer('memory', { maxSessionsPerIp: 3, trustProxy: ['loopback'] });
    const from = (address: string) => TestClient.connect(server.wsUrl, { headers: { 'x-forwarded-for': address } });
    for (let i = 0; i < 8; i++) {
      const joined = await from('203.0.113.1');
      const { token } = await joined.call('identify', { nick: `ghost${i}` });
      await joined.close();
      const resumed = await from('203.0.113.2');
      await resumed.call('resume', { token }).catch(() => {});
      await resumed.close();
    }
    const at = (address: string) => [...server.chat.sessions()].filter((s) => s.address === address).length;
    expect(at('203.0.113.2')).to.be.at.most(3);
    expect(at('203.0.113.1')).to.be.at.most(3);
  });
});
