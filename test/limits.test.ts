import { expect } from 'chai';
import { ErrorCode } from '@itmchat/protocol';
import { TestClient } from './support/test-client.js';
import { removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';

// Store-independent caps on one node (connections per IP, places): one store, memory.
describe('connection and place caps', () => {
  let server: TestServer | null = null;
  const clients: TestClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.close();
    removeTempFiles();
  });

  it('refuses a connection over the per-IP cap with HTTP 429, and takes one again once a socket closes', async () => {
    const cap = 3;
    server = await startTestServer('memory', { maxConnectionsPerIp: cap });
    for (let i = 0; i < cap; i++) clients.push(await server.client());
    const refused = await TestClient.connect(server.wsUrl).then(
      (c) => (clients.push(c), 'connected'),
      (e: Error) => e.message,
    );
    expect(refused).to.equal('HTTP 429');
    await clients.shift()!.close();
    // The server learns of the close a moment after the client does.
    let again: TestClient | null = null;
    for (let tries = 0; !again && tries < 50; tries++) {
      again = await TestClient.connect(server.wsUrl).catch(() => null);
      if (!again) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(again, 'a connection after one closed').to.not.equal(null);
    clients.push(again!);
    console.log(`      caps: ${cap} sockets from 127.0.0.1 allowed, the next refused with ${refused}, accepted again after one closed`);
  });

  it('refuses entering a new place over the places cap with TOO_MANY_PLACES, and frees a place once it is empty', async () => {
    server = await startTestServer('memory', { maxPlaces: 2 });
    const ana = await server.joined('ana', 'alpha');
    const bob = await server.joined('bob', 'beta');
    clients.push(ana, bob);
    const cat = await server.client();
    clients.push(cat);
    expect(await cat.refusal('identify', { nick: 'cat', place: 'gamma' })).to.equal(ErrorCode.TooManyPlaces);
    await cat.call('identify', { nick: 'cat', place: 'alpha' }); // an existing place is fine
    expect(await cat.refusal('goto', { place: 'gamma' })).to.equal(ErrorCode.TooManyPlaces);
    expect(await cat.refusal('command', { line: '-goto gamma' })).to.equal(ErrorCode.TooManyPlaces);
    await cat.call('goto', { place: 'beta' });
    await bob.call('goto', { place: 'alpha' });
    await ana.call('goto', { place: 'alpha' });
    await cat.call('goto', { place: 'alpha' }); // beta is empty now, so it is gone
    expect((await cat.call('goto', { place: 'gamma' })).name).to.equal('gamma');
    console.log('      caps: with 2 places, a third refused with TOO_MANY_PLACES on identify, goto and -goto; allowed once one emptied');
  });
});
