import { expect } from 'chai';
import WebSocket from 'ws';
import { SUBPROTOCOL } from '@itmchat/protocol';
import { removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';

describe('liveness', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer('memory', { heartbeatMs: 100, graceMs: 200 });
  });
  afterEach(async () => {
    await server.close();
    removeTempFiles();
  });

  it('reaps a socket that stops answering pings, then lets its visitor go after the grace period', async () => {
    const bob = await server.joined('bob');
    // A peer that has died without closing: it never answers a ping.
    const dead = new WebSocket(server.wsUrl, SUBPROTOCOL, { autoPong: false });
    await new Promise((resolve) => dead.once('open', resolve));
    dead.send(JSON.stringify({ type: 'call', id: 1, method: 'identify', params: { nick: 'ghost' } }));
    await bob.until(() => bob.pushesOf('userJoin').length === 1, 'ghost joins');
    const [code] = await new Promise<[number]>((resolve) => dead.once('close', (c) => resolve([c])));
    expect(code).to.equal(1006); // terminated, no close frame
    await bob.until(() => bob.pushesOf('userLeave').length === 1, 'ghost times out');
    expect(bob.pushesOf('userLeave')[0]).to.deep.equal({ place: 'lobby', nick: 'ghost', reason: 'timeout' });
    expect(server.endpoint.connections.size).to.equal(1);
    await bob.close();
  });

  it('keeps a socket that answers pings', async () => {
    const ana = await server.joined('ana');
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await ana.call('say', { text: 'still here', cid: 'c' })).seq).to.equal(1);
    await ana.close();
  });
});
