import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { addressKey, compileTrust, visitorAddress } from '../packages/server/src/visitor-address.js';
import { TestClient } from './support/test-client.js';
import { serverPerTest, type TestServer } from './support/test-server.js';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe("the visitor's address behind a proxy (--trust-proxy)", () => {
  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(visitorAddress(request('198.51.100.7', '203.0.113.1'), compileTrust([]))).to.equal('198.51.100.7');
  });

  it('is the last untrusted hop of X-Forwarded-For when the peer is a trusted proxy', () => {
    const trust = compileTrust(['127.0.0.1', '10.0.0.0/8']);
    expect(visitorAddress(request('127.0.0.1', '203.0.113.1'), trust)).to.equal('203.0.113.1');
    // A visitor's own forged entries come first; the proxies append the address they saw.
    expect(visitorAddress(request('127.0.0.1', '1.2.3.4, 203.0.113.1, 10.1.2.3'), trust)).to.equal('203.0.113.1');
    // IPv4-mapped peers match IPv4 entries.
    expect(visitorAddress(request('::ffff:127.0.0.1', '203.0.113.9'), trust)).to.equal('203.0.113.9');
    // A peer that is not trusted is the visitor, with or without the header.
    expect(visitorAddress(request('198.51.100.7', '203.0.113.1'), trust)).to.equal('198.51.100.7');
    expect(visitorAddress(request('127.0.0.1'), trust)).to.equal('127.0.0.1');
  });

  it('counts an IPv6 visitor by its /64, and an IPv4-mapped one as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).to.equal(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:2::1')).to.not.equal(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:198.51.100.7')).to.equal('198.51.100.7');
    expect(addressKey('198.51.100.7')).to.equal('198.51.100.7');
  });

  it('refuses an entry that is neither an address nor a CIDR', () => {
    expect(() => compileTrust(['10.0.0.0/99'])).to.throw();
  });

  describe('the per-address socket cap', () => {
    const servers = serverPerTest();
    let server: TestServer;

    const connect = (xff: string) =>
      TestClient.connect(server.wsUrl, { headers: { 'x-forwarded-for': xff } }).then(
        (client) => (servers.clients.push(client), 'connected'),
        (error: Error) => error.message,
      );

    it('counts the forwarded address of a trusted proxy: each visitor has their own cap', async () => {
      server = await servers.start('memory', { maxConnectionsPerIp: 2, trustProxy: ['loopback'] });
      expect([await connect('203.0.113.1'), await connect('203.0.113.1')]).to.deep.equal(['connected', 'connected']);
      expect(await connect('203.0.113.1')).to.equal('HTTP 429');
      expect(await connect('203.0.113.2')).to.equal('connected');
      // A forged first hop does not make a new visitor: the proxy's own entry is last.
      expect(await connect('9.9.9.9, 203.0.113.1')).to.equal('HTTP 429');
    });

    it('counts IPv6 visitors of one /64 together', async () => {
      server = await servers.start('memory', { maxConnectionsPerIp: 2, trustProxy: ['loopback'] });
      expect([await connect('2001:db8:7:7::1'), await connect('2001:db8:7:7::2')]).to.deep.equal(['connected', 'connected']);
      expect(await connect('2001:db8:7:7:ffff::3')).to.equal('HTTP 429');
      expect(await connect('2001:db8:7:8::1')).to.equal('connected');
    });

    it('ignores X-Forwarded-For from a peer it does not trust', async () => {
      server = await servers.start('memory', { maxConnectionsPerIp: 2 });
      expect([await connect('203.0.113.1'), await connect('203.0.113.2')]).to.deep.equal(['connected', 'connected']);
      expect(await connect('203.0.113.3')).to.equal('HTTP 429');
    });
  });
});
