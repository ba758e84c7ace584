import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import sirv from 'sirv';
import { pathOf } from './path-of.js';
import { SERVER_NAME } from './server-name.js';
import { setSecurityHeaders } from './security-headers.js';

type Handler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

export interface HttpRoutes {
  /** Folders served over HTTP: URL prefix → directory (missing ones are skipped). */
  readonly staticRoots: readonly { readonly prefix: string; readonly dir: string }[];
  /** Details for /healthz, which answers 200 while the process serves at all (liveness). */
  health: () => Record<string, unknown>;
  /** Why the chat cannot serve visitors right now (store or Redis unreachable, shutting down), or null: /readyz. */
  readiness: () => Promise<string | null>;
  /** The Prometheus text exposition for /metrics. */
  metrics: () => string;
}

/**
 * The chat's HTTP paths: /healthz, /readyz, /metrics, then the static folders (bundles, demo
 * site). Anything else goes to `next` when there is one (mounted in an app), else gets 404.
 */
export function createHttpRoutes(routes: HttpRoutes): (request: IncomingMessage, response: ServerResponse, next?: () => void) => void {
  // sirv's `dev` mode looks files up on each request (revalidated by ETag): its other mode caches
  // sizes at start-up, so a rebuilt bundle or an edited page would be served truncated until a restart.
  const statics = routes.staticRoots
    .filter((root) => existsSync(root.dir))
    .map((root) => ({
      prefix: root.prefix.endsWith('/') ? root.prefix : `${root.prefix}/`,
      serve: sirv(root.dir, { dev: true, etag: true }) as Handler,
    }));

  return (request, response, next) => {
    const path = pathOf(request.url);
    const notFound = () => {
      if (next) return next();
      setSecurityHeaders(response, path);
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found\n');
    };
    const root = statics.find((s) => path === s.prefix.slice(0, -1) || path.startsWith(s.prefix));
    const ours = path === '/healthz' || path === '/readyz' || path === '/metrics' || root !== undefined;
    if (!ours) return notFound();
    setSecurityHeaders(response, path);
    if (path === '/healthz') return json(response, 200, { status: 'ok', server: SERVER_NAME, ...routes.health() });
    if (path === '/readyz') {
      void routes
        .readiness()
        .then((problem) =>
          json(
            response,
            problem ? 503 : 200,
            problem ? { status: 'unready', server: SERVER_NAME, reason: problem } : { status: 'ready', server: SERVER_NAME },
          ),
        );
      return;
    }
    if (path === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
      response.end(routes.metrics());
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound();
    // sirv serves relative to its folder: hand it the URL without the mount prefix.
    const original = request.url!;
    request.url = '/' + original.slice(root!.prefix.length);
    root!.serve(request, response, () => {
      request.url = original;
      notFound();
    });
  };
}

function json(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
