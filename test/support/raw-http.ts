import { request } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface RawRequest {
  readonly method?: string;
  /** Sent as given: no URL normalisation (fetch would resolve "/a/../.env" before sending). */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The source address: any 127.x address reaches a server on loopback. */
  readonly localAddress?: string;
}

/** One HTTP request to `baseUrl` exactly as described, its whole answer read. */
export function rawHttp(baseUrl: string, { method = 'GET', path, headers = {}, localAddress }: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const sent = request(
      { host: url.hostname, port: url.port, method, path, headers, agent: false, ...(localAddress ? { localAddress } : {}) },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.once('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    sent.once('error', reject);
    sent.end();
  });
}
