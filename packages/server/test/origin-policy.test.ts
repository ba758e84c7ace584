import { expect } from 'chai';
import { isOriginAllowed } from '../src/origin-policy.js';

interface Case {
  readonly name: string;
  readonly origin: string | undefined;
  /** The Host header; absent means the server's HOST, undefined means no header. */
  readonly host?: string | undefined;
  readonly allowed?: readonly string[];
  readonly expected: boolean;
}

const HOST = 'chat.example.org:8080';

const cases: readonly Case[] = [
  { name: 'no Origin (not a browser)', origin: undefined, expected: true },
  { name: 'no Origin even with a restrictive list', origin: undefined, allowed: ['https://only.example'], expected: true },
  // DNS rebinding: a page of evil.example whose name now resolves to this server sends its own
  // name as both Origin and Host. Same-host is only believed for hosts the operator named.
  { name: 'same host as the Host header, a name nobody listed (DNS rebinding)', origin: 'http://chat.example.org:8080', expected: false },
  {
    name: 'same host as the Host header, on a rebound name',
    origin: 'http://evil.example:8080',
    host: 'evil.example:8080',
    expected: false,
  },
  {
    name: 'same host, whose name is that of a listed origin',
    origin: 'http://chat.example.org:8080',
    allowed: ['https://chat.example.org'],
    expected: true,
  },
  {
    name: 'same host over https, the name listed',
    origin: 'https://chat.example.org:8080',
    allowed: ['https://chat.example.org'],
    expected: true,
  },
  {
    name: 'same host, the Host header in capitals',
    origin: 'http://chat.example.org:8080',
    host: 'CHAT.example.org:8080',
    allowed: ['https://chat.example.org'],
    expected: true,
  },
  {
    name: 'a listed name on another port than the Host header',
    origin: 'http://chat.example.org:9090',
    allowed: ['https://chat.example.org'],
    expected: false,
  },
  {
    name: 'a listed name when the Host header names another host',
    origin: 'http://chat.example.org:8080',
    host: 'evil.example:8080',
    allowed: ['https://chat.example.org'],
    expected: false,
  },
  { name: 'same host as the Host header, an IPv4 address', origin: 'http://192.0.2.10:8080', host: '192.0.2.10:8080', expected: true },
  {
    name: 'same host as the Host header, an IPv6 address',
    origin: 'http://[2001:db8::1]:8080',
    host: '[2001:db8::1]:8080',
    expected: true,
  },
  { name: 'an IP address other than the Host header', origin: 'http://192.0.2.10:8080', host: '192.0.2.11:8080', expected: false },
  { name: 'localhost on any port', origin: 'http://localhost:5173', expected: true },
  { name: 'localhost without a port', origin: 'http://localhost', expected: true },
  { name: '127.0.0.1 on any port', origin: 'http://127.0.0.1:3000', expected: true },
  { name: '[::1] on any port', origin: 'http://[::1]:3000', expected: true },
  { name: 'localhost when the Host header is absent', origin: 'http://localhost:1234', host: undefined, expected: true },
  { name: 'a listed origin', origin: 'https://blog.example.net', allowed: ['https://blog.example.net'], expected: true },
  {
    name: 'a listed origin among several',
    origin: 'https://b.example',
    allowed: ['https://a.example', 'https://b.example'],
    expected: true,
  },
  { name: '"*" allows any origin', origin: 'https://anything.example', allowed: ['*'], expected: true },
  { name: '"*" allows even a malformed origin', origin: 'null', allowed: ['*'], expected: true },
  { name: 'an unlisted origin', origin: 'https://evil.example', expected: false },
  {
    name: 'an origin that only differs from a listed one in scheme',
    origin: 'http://blog.example.net',
    allowed: ['https://blog.example.net'],
    expected: false,
  },
  { name: 'a look-alike of localhost', origin: 'http://localhost.evil.example', expected: false },
  { name: 'a look-alike of the server host', origin: 'http://chat.example.org.evil.example:8080', expected: false },
  { name: 'another origin when the Host header is absent', origin: 'https://evil.example', host: undefined, expected: false },
  { name: 'the opaque origin "null"', origin: 'null', expected: false },
  { name: 'a malformed origin', origin: 'not a url', expected: false },
  { name: 'an empty origin', origin: '', expected: false },
];

describe('isOriginAllowed', () => {
  for (const c of cases) {
    it(`${c.expected ? 'allows' : 'refuses'} ${c.name}`, () => {
      const host = 'host' in c ? c.host : HOST;
      expect(isOriginAllowed(c.origin, host, c.allowed ?? [])).to.equal(c.expected);
    });
  }
});
