import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsVerdict } from './metrics-access.js';
import { pathOf } from './path-of.js';
import { SERVER_NAME } from './server-name.js';
import { setSecurityHeaders } from './security-headers.js';
import { staticSites, type StaticRoot } from './static-site.js';

export interface HttpRoutes {
  /** Folders served over HTTP: URL prefix → directory (missing ones are skipped). */
  readonly staticRoots: readonly StaticRoot[];
  /** Details for /healthz, which answers 200 while the process serves at all (liveness). */
  health: () => Record<string, unknown>;
  /** Why the chat cannot serve visitors right now (store or Redis unreachable, shutting down), or null: /readyz. */
  readiness: () => Promise<string | null>;
  /** The Prometheus text exposition for /metrics. */
  metrics: () => string;
  /** Whether this request may read /metrics (metrics-access.ts). */
  metricsAccess: (request: IncomingMessage) => MetricsVerdict;
}

/**
 * The chat's HTTP paths: /healthz, /readyz, /metrics, then the static folders (bundles, demo
 * site). Anything else goes to `next` when there is one (mounted in an app), else gets 404.
 */
export function createHttpRoutes(routes: HttpRoutes): (request: IncomingMessage, response: ServerResponse, next?: () => void) => void {
  const statics = staticSites(routes.staticRoots);

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
    if (path === '/metrics') return metrics(request, response, routes);
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound();
    root!.serve(request, response, notFound);
  };
}

function metrics(request: IncomingMessage, response: ServerResponse, routes: HttpRoutes): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(response, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
  const verdict = routes.metricsAccess(request);
  if (verdict === 'unauthorized') return text(response, 401, 'unauthorized\n', { 'www-authenticate': 'Bearer realm="metrics"' });
  if (verdict === 'forbidden') return text(response, 403, 'forbidden\n');
  response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
  response.end(routes.metrics());
}

function text(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain', 'cache-control': 'no-store', ...headers });
  response.end(body);
}

function json(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
