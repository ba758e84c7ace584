import { expect } from 'chai';
import { runLoad } from '../bench/load/run-load.js';
import type { LoadConfig } from '../bench/load/load-config.js';
import { buildServers } from '../bench/servers/build-servers.js';
import type { ServerName } from '../bench/servers/server-names.js';
import { startBenchServer } from '../bench/servers/start-server.js';

// The benchmark harness in quick mode: correctness only, never a speed (CI machines vary too much).
describe('the benchmark harness (smoke run)', function () {
  this.timeout(20_000);

  before(() => buildServers());

  const runs: { server: ServerName; mode: LoadConfig['mode'] }[] = [
    { server: 'itmchat-memory', mode: 'max' },
    { server: 'itmchat-memory', mode: 'rate' },
    { server: 'bare-ws', mode: 'max' },
  ];
  for (const { server, mode } of runs) {
    it(`delivers every line exactly once to every other member on ${server} (mode ${mode})`, async () => {
      const bench = await startBenchServer(server);
      try {
        const result = await runLoad({
          server,
          url: bench.url,
          pid: bench.pid,
          mode,
          clients: 20,
          senders: 4,
          places: 2,
          window: 16,
          rate: 2_000,
          warmupS: 0.3,
          durationS: 1,
        });
        expect(result.delivered, 'messages delivered in the measured second').to.be.greaterThan(0);
        expect(result.lost, 'lost').to.equal(0);
        expect(result.duplicated, 'duplicated').to.equal(0);
        expect(result.outOfOrder, 'out of order').to.equal(0);
        expect(result.problems).to.deep.equal({});
        expect(bench.exitCode(), 'server still running').to.equal(undefined);
      } finally {
        await bench.stop();
      }
    });
  }
});
