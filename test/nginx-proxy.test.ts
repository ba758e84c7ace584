import { expect } from 'chai';
import { get } from 'node:http';
import { startCliServer, type CliServer } from './support/cli-server.js';
import { renderSampleSite, startNginx, type TestNginx } from './support/nginx.js';
import { TestClient } from './support/test-client.js';
import { handshake } from './support/handshake.js';

/** The public name in the sample's server_name: what browsers would send as Host. */
const PUBLIC_NAME = 'chat.example.org';
/** The server's per-address socket cap in this test, small to keep it quick. */
const SOCKETS_PER_ADDRESS = 8;

/**
 * The sample nginx site (deploy/nginx/itmchat.conf) in front of the real server, as operators
 * run it (docs/deployment.md): every request below goes through nginx.
 */
describe('behind nginx (deploy/nginx/itmchat.conf)', function () {
  this.timeout(20_000);
  let server: CliServer | undefined;
  let nginx: TestNginx | undefined;
  const clients: TestClient[] = [];
  const proved: string[] = [];

  before(async () => {
    // As the systemd unit runs it: nginx on loopback is trusted to name the visitor, and the
    // public name is listed, so pages of that host may open the socket.
    server = await startCliServer([
      '--data',
      ':memory:',
      '--trust-proxy',
      '127.0.0.1',
      '--origin',
      `https://${PUBLIC_NAME}`,
      '--max-connections-per-ip',
      String(SOCKETS_PER_ADDRESS),
    ]);
    const upstream = new URL(server.url).host;
    nginx = await startNginx((listen) => renderSampleSite(listen, upstream));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  after(async function () {
    const passed = this.test?.parent?.tests.every((t) => t.state === 'passed');
    if (passed) console.log(`      nginx proxy: ${proved.join(', ')}`);
    else
      console.log(
        `      nginx's error log:\n${nginx?.errors() ?? ''}\n      server output (end):\n${server?.output().slice(-2_000) ?? ''}`,
      );
    await nginx?.stop();
    await server?.stop();
  });

  const wsUrl = () => `${nginx!.url.replace('http', 'ws')}/ws`;
  const connect = async (localAddress?: string) => {
    const client = await TestClient.connect(wsUrl(), localAddress ? { localAddress } : {});
    clients.push(client);
    return client;
  };
  const joined = async (nick: string, place: string) => {
    const client = await connect();
    return { client, session: await client.call('identify', { nick, place }) };
  };

  it('relays a chat between two visitors over the upgraded WebSocket', async () => {
    const { client: ana } = await joined('ana', 'porch');
    const { client: bob } = await joined('bob', 'porch');
    for (const text of ['hello', 'through', 'nginx']) await bob.call('say', { text, cid: text });
    await ana.until(() => ana.seqs('porch').length === 3, "bob's messages");
    expect(ana.seqs('porch')).to.deep.equal([1, 2, 3]);
    expect(ana.texts('porch')).to.deep.equal(['hello', 'through', 'nginx']);
    expect((await ana.call('say', { text: 'hi bob', cid: 'a1' })).seq).to.equal(4);
    await bob.until(() => bob.seqs('porch').includes(4), "ana's message");
    expect(
      bob
        .pushesOf('userSay')
        .flatMap((p) => p.messages)
        .find((m) => m.seq === 4),
    ).to.include({ nick: 'ana', text: 'hi bob' });
    proved.push('2 visitors chatted (4 messages, numbered 1–4)');
  });

  it('serves /healthz and the bundle', async () => {
    const health = await fetch(`${nginx!.url}/healthz`);
    expect(health.status).to.equal(200);
    expect(await health.json()).to.include({ status: 'ok' });
    const bundle = await fetch(`${nginx!.url}/itmchat/itmchat.js`);
    expect(bundle.status).to.equal(200);
    expect(bundle.headers.get('content-type')).to.match(/javascript/);
    expect((await bundle.text()).length).to.be.greaterThan(1000);
    proved.push('/healthz 200', 'bundle served');
  });

  it('passes the public Host: a page of that origin may connect, a foreign page gets 403', async () => {
    // Neither origin is localhost, which the server always allows: only a Host passed through
    // unchanged, port included, lets the first one in.
    const host = `${PUBLIC_NAME}:${nginx!.port}`;
    expect(await handshake(wsUrl(), { host, origin: `http://${host}` })).to.equal(101);
    expect(await handshake(wsUrl(), { host, origin: 'https://evil.example' })).to.equal(403);
    // DNS rebinding: a name that is not the listed one, as both Origin and Host.
    const rebound = `evil.example:${nginx!.port}`;
    expect(await handshake(wsUrl(), { host: rebound, origin: `http://${rebound}` })).to.equal(403);
    proved.push('same-origin page accepted, foreign page and rebound name 403');
  });

  it('resumes a visitor whose connection dropped, with exactly the messages missed', async () => {
    // Nicks of their own: the first test's visitors keep theirs for the grace period.
    const { client: cat, session } = await joined('cat', 'attic');
    const { client: dan } = await joined('dan', 'attic');
    for (const text of ['one', 'two']) await dan.call('say', { text, cid: text });
    await cat.until(() => cat.seqs('attic').length === 2, 'live messages');
    cat.socket.terminate(); // no close frame, as when the network goes away
    await cat.closed;
    for (const text of ['three', 'four', 'five']) await dan.call('say', { text, cid: text });
    const back = await connect();
    const resumed = await back.call('resume', { token: session.token, since: [{ place: 'attic', seq: 2, epoch: session.place.epoch }] });
    expect(resumed.nick).to.equal('cat');
    expect(resumed.place.name).to.equal('attic');
    await back.until(() => back.seqs('attic').length === 3, 'missed messages');
    expect(back.texts('attic')).to.deep.equal(['three', 'four', 'five']);
    expect(back.pushesOf('gap')).to.deep.equal([]);
    proved.push('resume ok (3 missed, 0 repeated)');
  });

  it('answers /metrics to the allowed network only', async () => {
    expect(await statusFrom('127.0.0.1', `${nginx!.url}/metrics`)).to.equal(200);
    // Also loopback, but not in the sample's allow list.
    expect(await statusFrom('127.0.0.2', `${nginx!.url}/metrics`)).to.equal(403);
    proved.push('/metrics 403 outside the allowed network');
  });

  it('caps sockets per visitor address at the server, by the address nginx forwards, with 429', async () => {
    const open = await Promise.all(Array.from({ length: SOCKETS_PER_ADDRESS }, () => connect('127.0.0.3')));
    expect(open).to.have.length(SOCKETS_PER_ADDRESS);
    const refused = await TestClient.connect(wsUrl(), { localAddress: '127.0.0.3' }).catch((error: Error) => error.message);
    expect(refused).to.equal('HTTP 429');
    // Another visitor, through the same nginx, is not counted with the first.
    expect(await connect('127.0.0.4')).to.be.instanceOf(TestClient);
    proved.push(`${SOCKETS_PER_ADDRESS} sockets per visitor address, then 429; another visitor unaffected`);
  });
});

/** The status of a GET sent from `localAddress` (any 127.x address reaches loopback). */
function statusFrom(localAddress: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { localAddress }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).once('error', reject);
  });
}
