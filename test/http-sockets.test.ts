import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import type { ServerOptions } from '@itmchat/server';
import { parseMetrics } from './support/metrics.js';
import { sleep } from './support/processes.js';
import { rawHttp } from './support/raw-http.js';
import type { TestClient } from './support/test-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** A raw TCP socket to the server, with whether the server closed it and what it wrote. */
interface Held {
  readonly socket: Socket;
  readonly closed: () => boolean;
  readonly received: () => string;
  readonly ended: Promise<void>;
}

function open(url: string, localAddress = '127.0.0.1'): Promise<Held> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress });
    let closed = false;
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => undefined); // a reset is one way of being closed
    const ended = new Promise<void>((done) => socket.once('close', () => ((closed = true), done())));
    socket.once('connect', () => resolve({ socket, closed: () => closed, received: () => received, ended }));
    socket.once('error', reject);
  });
}

/** Plain HTTP sockets: a per-address cap and a header timeout (packages/server/src/http-sockets.ts, server.ts). */
describe('plain HTTP sockets', function () {
  this.timeout(20_000);
  let server: TestServer | null = null;
  const held: Held[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const h of held.splice(0)) h.socket.destroy();
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.close();
    server = null;
  });

  const start = async (options: Partial<ServerOptions>) => (server = await startTestServer('memory', options));
  const hold = async (count: number, localAddress?: string) => {
    const sockets = [];
    for (let i = 0; i < count; i++) sockets.push(await open(server!.url, localAddress));
    held.push(...sockets);
    await sleep(100); // time for the server to close what it refuses
    return sockets;
  };

  it('closes at once the sockets one address opens beyond maxHttpSocketsPerIp; other addresses are not counted with it', async () => {
    await start({ maxHttpSocketsPerIp: 3 });
    const first = await hold(3);
    expect(first.map((h) => h.closed())).to.deep.equal([false, false, false]);
    const [extra] = await hold(1);
    expect(extra!.closed(), 'the 4th socket from 127.0.0.1').to.equal(true);
    expect(extra!.received()).to.equal('');
    const metrics = await rawHttp(server!.url, { path: '/metrics', localAddress: '127.0.0.2' });
    expect(metrics.status, 'another address').to.equal(200);
    expect(parseMetrics(metrics.body).get('itmchat_http_sockets_refused_total')).to.equal(1);
    // The sockets kept still serve, and once one closes another may open.
    first[0]!.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await sleep(200);
    expect(first[0]!.received()).to.match(/^HTTP\/1\.1 200/);
    first[1]!.socket.destroy();
    await sleep(100);
    const [again] = await hold(1);
    expect(again!.closed(), 'a socket after one closed').to.equal(false);
  });

  it('does not count sockets that became WebSockets (maxConnectionsPerIp caps those)', async () => {
    await start({ maxHttpSocketsPerIp: 2 });
    clients.push(await server!.client(), await server!.client(), await server!.client());
    expect((await rawHttp(server!.url, { path: '/healthz' })).status).to.equal(200);
    const sockets = await hold(2);
    expect(sockets.map((h) => h.closed())).to.deep.equal([false, false]);
  });

  it('does not count a trusted proxy, whose sockets carry many visitors', async () => {
    await start({ maxHttpSocketsPerIp: 2, trustProxy: ['127.0.0.1'] });
    const sockets = await hold(5);
    expect(sockets.map((h) => h.closed())).to.deep.equal([false, false, false, false, false]);
  });

  it('answers 408 and closes a socket whose request headers do not all arrive within 10 s', async () => {
    await start({});
    const [slow] = await hold(1);
    const started = Date.now();
    slow!.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '); // and never the rest
    await Promise.race([slow!.ended, sleep(14_000)]);
    expect(slow!.closed(), 'closed by the server').to.equal(true);
    expect(Date.now() - started).to.be.within(9_000, 13_000);
    expect(slow!.received()).to.match(/^HTTP\/1\.1 408/);
  });
});
