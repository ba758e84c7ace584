import { isIP } from 'node:net';

/** Names of this machine a page of another site cannot have as its origin. */
const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Which browser pages may open the chat socket (against cross-site WebSocket hijacking).
 * Allowed: no Origin at all (not a browser), whatever the operator lists ("*" allows all),
 * localhost, 127.0.0.1 and [::1] on any port (the demo), and a page of the very host the
 * request was sent to (its `Host` header) when that host is one nobody can re-point: an IP
 * address, or the name of a listed origin. A same-host page of any other name is refused: it
 * is what DNS rebinding looks like, a page of evil.example whose name now resolves to this server.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  const url = urlOf(origin);
  if (url === null) return false;
  if (LOOPBACK_NAMES.has(url.hostname)) return true;
  return host !== undefined && url.host === host.toLowerCase() && isKnownHost(url.hostname, allowed);
}

/**
 * Whether a host name (as URL.hostname spells it: lower case, IPv6 in brackets) is one a
 * DNS-rebinding page cannot send: loopback, an IP address, or the host of a listed origin.
 */
export function isKnownHost(hostname: string, allowed: readonly string[]): boolean {
  if (LOOPBACK_NAMES.has(hostname) || isIP(hostname.replace(/^\[(.*)\]$/, '$1')) !== 0) return true;
  return allowed.some((entry) => urlOf(entry)?.hostname === hostname);
}

/** The host name of a `Host` header value ("Chat.Example.org:8080" → "chat.example.org"), or null if it is not one. */
export function hostnameOf(host: string | undefined): string | null {
  if (host === undefined || /[/\\@?#]/.test(host)) return null;
  return urlOf(`http://${host}`)?.hostname ?? null;
}

function urlOf(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
