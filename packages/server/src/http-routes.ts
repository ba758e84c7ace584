import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import sirv from 'sirv';
import { SERVER_NAME } from './server-name.js';
import { setSecurityHeaders } from './security-headers.js';

type Handler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/** Plain HTTP: /healthz, /metrics (Prometheus text), then the configured static folders (bundles, demo site), else 404. */
export function createHttpRoutes(
  staticRoots: readonly { readonly prefix: string; readonly dir: string }[],
  /** `healthy: false` answers 503 (a load balancer then sends no one here). */
  health: () => { readonly healthy: boolean } & Record<string, unknown>,
  metrics: () => string,
): (request: IncomingMessage, response: ServerResponse) => void {
  // sirv's `dev` mode looks files up on each request (revalidated by ETag): its other mode caches
  // sizes at start-up, so a rebuilt bundle or an edited page would be served truncated until a restart.
  const statics = staticRoots
    .filter((root) => existsSync(root.dir))
    .map((root) => ({ prefix: root.prefix.endsWith('/') ? root.prefix : `${root.prefix}/`, serve: sirv(root.dir, { dev: true, etag: true }) as Handler }));

  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    setSecurityHeaders(response, path);
    if (path === '/healthz') {
      const { healthy, ...details } = health();
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify({ status: healthy ? 'ok' : 'unhealthy', server: SERVER_NAME, ...details }));
      return;
    }
    if (path === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
      response.end(metrics());
      return;
    }
    const notFound = () => {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found\n');
    };
    const root = statics.find((s) => path === s.prefix.slice(0, -1) || path.startsWith(s.prefix));
    if (!root || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
    // sirv serves relative to its folder: hand it the URL without the mount prefix.
    const original = request.url!;
    request.url = '/' + original.slice(root.prefix.length);
    root.serve(request, response, () => {
      request.url = original;
      notFound();
    });
  };
}
