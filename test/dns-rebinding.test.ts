import { expect } from 'chai';
import { startTestServer, type TestServer } from './support/test-server.js';
import { handshake } from './support/handshake.js';

/**
 * A page of evil.example whose name the attacker re-points at the chat's address (DNS
 * rebinding) sends `Origin: http://evil.example:<port>` and `Host: evil.example:<port>`: the
 * same host, but one the operator never named. packages/server/src/origin-policy.ts.
 */
describe('DNS rebinding: the WebSocket handshake', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  const port = () => new URL(server!.url).port;

  it('refuses a page whose Origin and Host are one name nobody configured, with 403', async () => {
    server = await startTestServer('memory');
    const host = `evil.example:${port()}`;
    expect(await handshake(server.wsUrl, { host, origin: `http://${host}` })).to.equal(403);
  });

  it('accepts the same-host page of a name the operator lists, and loopback pages', async () => {
    server = await startTestServer('memory', { allowedOrigins: ['https://chat.example.org'] });
    const host = `chat.example.org:${port()}`;
    expect(await handshake(server.wsUrl, { host, origin: `http://${host}` })).to.equal(101);
    expect(await handshake(server.wsUrl, { host: `127.0.0.1:${port()}`, origin: `http://127.0.0.1:${port()}` })).to.equal(101);
    expect(await handshake(server.wsUrl, { host: `localhost:${port()}`, origin: 'http://localhost:5173' })).to.equal(101);
    expect(await handshake(server.wsUrl, { host: `evil.example:${port()}`, origin: `http://evil.example:${port()}` })).to.equal(403);
  });
});
