/**
 * Measures chat throughput of one itmchat node against two on one Redis, for docs/scaling.md.
 * Not a test (mocha does not pick it up): run it by hand after a build.
 *
 *   node scripts/build.mjs && npx tsx test/cluster/measure-throughput.ts [--clients 40] [--senders 10] [--seconds 5]
 *
 * One place; clients are spread evenly over the nodes; each sender keeps `WINDOW` says in flight
 * (a new one as each result comes back). Counted: messages delivered to clients (each message once
 * per recipient) during the measured window, after a 1 s warm-up. Everything — redis-server, the
 * nodes and this generator — shares the machine's CPUs, so read the figures as relative.
 */
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { startCliServer, type CliServer } from '../support/cli-server.js';
import { startRedisServer } from '../support/redis-server.js';
import { TestClient } from '../support/test-client.js';

const WINDOW = 16;
const WARM_UP_MS = 1_000;

const { values } = parseArgs({ options: { clients: { type: 'string' }, senders: { type: 'string' }, seconds: { type: 'string' } } });
const clientCount = Number(values.clients ?? 40);
const senderCount = Number(values.senders ?? 10);
const seconds = Number(values.seconds ?? 5);

/** `redisUrl` null: one node with the in-memory store, no Redis at all (the baseline). */
async function measure(nodeCount: number, redisUrl: string | null, run: number): Promise<number> {
  const prefix = `itmchat-measure-${process.pid}-${run}:`;
  const args = redisUrl ? ['--redis', redisUrl, '--redis-prefix', prefix] : ['--data', ':memory:'];
  const nodes: CliServer[] = await Promise.all(Array.from({ length: nodeCount }, () => startCliServer(args)));
  const clients: TestClient[] = [];
  for (let i = 0; i < clientCount; i++) {
    const node = nodes[i % nodeCount]!;
    const client = await TestClient.connect(`${node.url.replace(/^http/, 'ws')}/ws`);
    await client.call('identify', { nick: `c${i}` });
    clients.push(client);
  }
  let counting = false;
  let delivered = 0;
  for (const [i, client] of clients.entries()) {
    // Listeners skip the test client's decoding (senders keep it, for their results): the generator shares the CPUs.
    if (i >= senderCount) client.socket.removeAllListeners('message');
    client.socket.on('message', (data) => {
      if (!counting) return;
      const text = data.toString();
      if (text.includes('"userSay"')) delivered += (text.match(/"seq":/g) ?? []).length;
    });
  }
  let stop = false;
  let cid = 0;
  const senders = clients.slice(0, senderCount).map(async (client) => {
    const lane = async () => {
      while (!stop) await client.call('say', { text: 'x'.repeat(100), cid: `m${++cid}` });
    };
    await Promise.all(Array.from({ length: WINDOW }, lane));
  });
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  counting = true;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  counting = false;
  const perSecond = delivered / ((performance.now() - started) / 1_000);
  stop = true;
  await Promise.allSettled(senders);
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(nodes.map((n) => n.stop()));
  return perSecond;
}

const redis = await startRedisServer();
try {
  const setups = [
    { name: '1 node, memory store (no Redis)', nodes: 1, redis: null },
    { name: '1 node on Redis', nodes: 1, redis: redis.url },
    { name: '2 nodes on Redis', nodes: 2, redis: redis.url },
  ];
  const results = setups.map(() => [] as number[]);
  for (let run = 0; run < 3; run++) {
    for (const [i, setup] of setups.entries()) results[i]!.push(await measure(setup.nodes, setup.redis, run * setups.length + i));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `${cpus().length} CPUs, ${clientCount} clients in one place, ${senderCount} senders × ${WINDOW} in flight, ${seconds} s, median of 3`,
  );
  for (const [i, setup] of setups.entries()) {
    const runs = results[i]!;
    console.log(
      `${setup.name}: ${Math.round(median(runs)).toLocaleString('en')} deliveries/s  (runs: ${runs.map((x) => Math.round(x)).join(', ')})`,
    );
  }
} finally {
  await redis.stop();
}
