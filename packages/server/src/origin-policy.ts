/**
 * Which browser pages may open the chat socket (against cross-site WebSocket hijacking).
 * Allowed: no Origin at all (not a browser), the server's own origin, localhost and
 * 127.0.0.1 on any port (the demo), and whatever the operator lists; "*" allows all.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (host !== undefined && url.host === host) return true;
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}
