import { expect } from 'chai';
import type { ServerOptions } from '@itmchat/server';
import { parseMetrics, visitor } from './support/metrics.js';
import { rawHttp, type RawRequest } from './support/raw-http.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const TOKEN = 'scrape-me-0123456789abcdef';

/** Who may read /metrics and what it says about visitors (packages/server/src/metrics-access.ts). */
describe('/metrics: who may read it, and what it says', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  const start = async (options: Partial<ServerOptions> = {}) => (server = await startTestServer('memory', options));
  const metrics = (request: Omit<RawRequest, 'path'> = {}) => rawHttp(server!.url, { path: '/metrics', ...request });
  const port = () => new URL(server!.url).port;

  it('answers GET and HEAD only; any other method gets 405 with Allow', async () => {
    await start();
    expect((await metrics()).status).to.equal(200);
    const head = await metrics({ method: 'HEAD' });
    expect(head.status).to.equal(200);
    expect(head.body).to.equal('');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await metrics({ method });
      expect(response.status, method).to.equal(405);
      expect(response.headers['allow'], method).to.equal('GET, HEAD');
      expect(response.body, method).not.to.contain('itmchat_');
    }
  });

  it('names nobody by default: no per-visitor series, only counts', async () => {
    await start();
    const ana = await server!.joined('ana');
    const { body } = await metrics();
    expect(body).not.to.contain('ana').and.not.to.contain('nick=').and.not.to.contain('itmchat_visitor_');
    expect(parseMetrics(body).get('itmchat_sessions')).to.equal(1);
    await ana.close();
  });

  it('has per-visitor series labelled by nick when told to (metricsNicks)', async () => {
    await start({ metricsNicks: true });
    const ana = await server!.joined('ana');
    expect(visitor(parseMetrics((await metrics()).body), 'connections', 'ana')).to.equal(1);
    await ana.close();
  });

  it('answers only the addresses of metricsAllow (loopback by default), 403 to others', async () => {
    await start({ metricsAllow: ['127.0.0.2'] });
    expect((await metrics({ localAddress: '127.0.0.1' })).status).to.equal(403);
    expect((await metrics({ localAddress: '127.0.0.2' })).status).to.equal(200);
    const refused = await metrics({ localAddress: '127.0.0.1' });
    expect(refused.body).not.to.contain('itmchat_');
    expect(refused.headers['cache-control']).to.equal('no-store');
  });

  it('refuses a request for a host nobody named, as a DNS-rebinding page would send it, even from loopback', async () => {
    await start({ allowedOrigins: ['https://chat.example.org'] });
    expect((await metrics({ headers: { host: `evil.example:${port()}` } })).status).to.equal(403);
    expect((await metrics({ headers: { host: `localhost:${port()}` } })).status).to.equal(200);
    expect((await metrics({ headers: { host: `[::1]:${port()}` } })).status).to.equal(200);
    expect((await metrics({ headers: { host: 'chat.example.org' } })).status).to.equal(200);
  });

  it('does not take a forwarded request from an untrusted peer for the peer itself', async () => {
    await start();
    // e.g. nginx on loopback passing the whole world's requests, without --trust-proxy.
    expect((await metrics({ headers: { 'x-forwarded-for': '203.0.113.9' } })).status).to.equal(403);
    expect((await metrics({ headers: { forwarded: 'for=203.0.113.9' } })).status).to.equal(403);
  });

  it('judges the visitor behind a trusted proxy by the address the proxy forwards', async () => {
    await start({ trustProxy: ['loopback'], metricsAllow: ['loopback', '198.51.100.0/24'] });
    expect((await metrics({ headers: { 'x-forwarded-for': '203.0.113.9' } })).status).to.equal(403);
    expect((await metrics({ headers: { 'x-forwarded-for': '198.51.100.7' } })).status).to.equal(200);
    expect((await metrics({ headers: { 'x-forwarded-for': '127.0.0.1' } })).status).to.equal(200);
    expect((await metrics()).status).to.equal(200);
  });

  it('answers anyone with the bearer token, 401 without it or with another', async () => {
    await start({ metricsToken: TOKEN, metricsAllow: [] });
    const none = await metrics();
    expect(none.status).to.equal(401);
    expect(none.headers['www-authenticate']).to.match(/^Bearer/);
    expect((await metrics({ headers: { authorization: `Bearer ${TOKEN}x` } })).status).to.equal(401);
    expect((await metrics({ headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}` } })).status).to.equal(401);
    expect((await metrics({ headers: { authorization: `Basic ${TOKEN}` } })).status).to.equal(401);
    expect((await metrics({ headers: { authorization: `Bearer ${TOKEN}` } })).status).to.equal(200);
    expect((await metrics({ headers: { authorization: `bearer ${TOKEN}`, host: 'evil.example' } })).status).to.equal(200);
  });
});
