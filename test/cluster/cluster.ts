import { startCliServer, type CliServer } from '../support/cli-server.js';
import { startRedisServer, type TestRedis } from '../support/redis-server.js';
import { TestClient } from '../support/test-client.js';

/** One server process of a test cluster: the built CLI on `--redis`. */
export interface ClusterNode {
  readonly server: CliServer;
  client(): Promise<TestClient>;
  /** A client joined as `nick` (in `place` if given). */
  joined(nick: string, place?: string): Promise<TestClient>;
  /** GET /readyz: 503 while the node cannot reach Redis. */
  readiness(): Promise<{ status: number; body: Record<string, unknown> }>;
}

let prefixes = 0;

/**
 * A throw-away redis-server shared by a suite, and its nodes: real `itmchat-server` processes
 * started per test under a fresh key prefix, so tests never see each other's keys.
 */
export class TestCluster {
  readonly #nodes: ClusterNode[] = [];
  readonly #clients: TestClient[] = [];
  redis: TestRedis | null = null;

  async startRedis(options: { readonly persistent?: boolean } = {}): Promise<TestRedis> {
    return (this.redis = await startRedisServer(options));
  }

  /** `count` nodes on one fresh prefix. */
  async start(count: number, args: readonly string[] = []): Promise<ClusterNode[]> {
    if (!this.redis) throw new Error('startRedis first');
    const prefix = `itmchat-cluster-${process.pid}-${++prefixes}:`;
    const url = this.redis.url;
    return Promise.all(Array.from({ length: count }, () => this.#node(['--redis', url, '--redis-prefix', prefix, ...args])));
  }

  /** Closes every client and stops every node still running (SIGTERM). */
  async stopNodes(): Promise<void> {
    await Promise.all(this.#clients.splice(0).map((c) => c.close()));
    await Promise.all(this.#nodes.splice(0).map((n) => n.server.stop()));
  }

  async stop(): Promise<void> {
    await this.stopNodes();
    await this.redis?.stop();
  }

  async #node(args: readonly string[]): Promise<ClusterNode> {
    const server = await startCliServer(args);
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/ws`;
    const client = async () => {
      const c = await TestClient.connect(wsUrl);
      this.#clients.push(c);
      return c;
    };
    const node: ClusterNode = {
      server,
      client,
      async joined(nick, place) {
        const c = await client();
        await c.call('identify', place ? { nick, place } : { nick });
        return c;
      },
      async readiness() {
        const response = await fetch(`${server.url}/readyz`);
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      },
    };
    this.#nodes.push(node);
    return node;
  }
}

/** Retries `check` every 20 ms until it stops throwing, or rethrows its last error after `ms`. */
export async function eventually<T>(check: () => Promise<T> | T, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
