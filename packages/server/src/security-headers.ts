import type { ServerResponse } from 'node:http';

/** Where the chat's browser files are served: other sites load them, so they may be fetched cross-origin. */
export const BUNDLES_PATH = '/itmchat/';

/**
 * The demo pages' policy: scripts, styles and sockets from this server only (no inline script or
 * style), so chat text that slipped into markup could not run, nor send anything elsewhere.
 * `connect-src 'self'` covers this host's ws: and wss: too (CSP 3: Chromium 71, Firefox,
 * Safari 16); `ws: wss:` would let a page open a socket to any host. `data:` images only for
 * the empty favicon the pages declare.
 */
export const DEMO_CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Headers on every HTTP response of the server. Bundles get a cross-origin resource policy (they
 * are embedded by other sites) and no CSP (the worker script would inherit it); everything else is
 * same-origin and, for the demo site, under `DEMO_CSP`, with `X-Frame-Options` for browsers that
 * predate its `frame-ancestors`.
 */
export function setSecurityHeaders(response: ServerResponse, path: string): void {
  response.removeHeader('x-powered-by');
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
  if (path.startsWith(BUNDLES_PATH)) {
    response.setHeader('cross-origin-resource-policy', 'cross-origin');
  } else {
    response.setHeader('cross-origin-resource-policy', 'same-origin');
    response.setHeader('content-security-policy', DEMO_CSP);
    response.setHeader('x-frame-options', 'SAMEORIGIN');
  }
}
