import type { IncomingMessage } from 'node:http';
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
