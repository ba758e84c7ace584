import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { ServerOptions } from './options.js';
import { hostnameOf, isKnownHost } from './origin-policy.js';
import { compileTrust, isTrustedPeer, visitorAddress, type ProxyTrust } from './visitor-address.js';

/** What a request for /metrics gets: the exposition, 401 (a token would do) or 403. */
export type MetricsVerdict = 'allowed' | 'unauthorized' | 'forbidden';

type AccessOptions = Pick<ServerOptions, 'metricsAllow' | 'metricsToken' | 'trustProxy' | 'allowedOrigins'>;

/**
 * Who may read /metrics: anyone sending `Authorization: Bearer <metricsToken>`, and otherwise a
 * visitor whose address is in `metricsAllow` (loopback by default) asking for a host that a
 * DNS-rebinding page could not name (an IP address, localhost, a listed origin's host): such a
 * page reaches the server from the visitor's own machine, so from loopback, under its own name.
 *
 * The visitor's address is the TCP peer, or behind a trusted proxy the address it forwards. A
 * request forwarded by a peer that is not trusted (an `X-Forwarded-For` or `Forwarded` header)
 * has no address we know: a proxy on loopback would otherwise pass the whole world as loopback.
 */
export function metricsAccess(options: AccessOptions): (request: IncomingMessage) => MetricsVerdict {
  const allowed = proxyAddr.compile([...options.metricsAllow]);
  const trust = compileTrust(options.trustProxy);
  const token = options.metricsToken === undefined ? null : digest(options.metricsToken);
  return (request) => {
    if (token !== null && bearerMatches(request.headers.authorization, token)) return 'allowed';
    const address = addressOf(request, trust);
    const hostname = hostnameOf(request.headers.host);
    if (address !== null && allowed(address, 0) && hostname !== null && isKnownHost(hostname, options.allowedOrigins)) return 'allowed';
    return token === null ? 'forbidden' : 'unauthorized';
  };
}

function addressOf(request: IncomingMessage, trust: ProxyTrust): string | null {
  const peer = request.socket.remoteAddress;
  if (peer === undefined) return null;
  if (isTrustedPeer(peer, trust)) return visitorAddress(request, trust);
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers['forwarded'] !== undefined;
  return forwarded ? null : peer;
}

/** Compared as SHA-256 digests with timingSafeEqual: equal lengths, and the time says nothing of how close a guess was. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const presented = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), expected);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
