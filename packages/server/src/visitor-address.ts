import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';

/** Which TCP peers are proxies whose `X-Forwarded-For` is believed (`--trust-proxy`). */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * Compiles the operator's list of proxy addresses and CIDRs (also proxy-addr's names `loopback`,
 * `linklocal`, `uniquelocal`). Throws on an entry that is neither, so a typo fails at start-up.
 */
export function compileTrust(list: readonly string[]): ProxyTrust {
  return proxyAddr.compile([...list]);
}

/** An address in the list (checked like compileTrust's entries), for option validation. */
export function isProxyEntry(entry: string): boolean {
  try {
    proxyAddr.compile(entry);
    return true;
  } catch {
    return false;
  }
}

export function isTrustedPeer(address: string, trust: ProxyTrust): boolean {
  return trust(address, 0);
}

/**
 * The visitor's address, which every per-address bound and log line uses: the TCP peer, or, when
 * that peer is a trusted proxy, the last hop of `X-Forwarded-For` that is not itself trusted.
 * A visitor can prepend anything to the header, but not change what the trusted proxies appended.
 */
export function visitorAddress(request: IncomingMessage, trust: ProxyTrust): string {
  return proxyAddr(request, trust);
}

/**
 * What per-address bounds count by: an IPv4 address (an IPv4-mapped IPv6 one as IPv4), or the /64
 * an IPv6 address is in, since one subscriber is given a whole /64 and could otherwise be billions
 * of visitors. Anything else (no address: a Unix socket) as it is.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(':')}::/64`;
}
