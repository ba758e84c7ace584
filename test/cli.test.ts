import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CloseCode } from '@itmchat/protocol';
import { SERVER_BIN, startCliServer } from './support/cli-server.js';
import { TestClient } from './support/test-client.js';
import { removeTempFiles, tempDataFile } from './support/test-server.js';

function run(args: string[]) {
  return spawnSync(process.execPath, [SERVER_BIN, ...args], { encoding: 'utf8', timeout: 10_000 });
}

describe('the itmchat-server command', () => {
  afterEach(removeTempFiles);

  it('documents its flags in --help and exits 0', () => {
    const result = run(['--help']);
    expect(result.status).to.equal(0);
    for (const flag of ['--port', '--host', '--data', '--origin', '--history', '--grace', 'ITMCHAT_PORT']) {
      expect(result.stdout).to.contain(flag);
    }
  });

  const badArgs: string[][] = [['--bogus'], ['--port', 'eighty'], ['--port', '70000'], ['stray'], ['--place', 'a b'], ['--history', '0']];
  for (const args of badArgs) {
    it(`rejects ${args.join(' ')} with a clear message and exit code 2`, () => {
      const result = run(args);
      expect(result.status).to.equal(2);
      expect(result.stderr).to.match(/^itmchat-server: .+\nTry 'itmchat-server --help'/);
    });
  }

  it('serves /healthz, the chat and the site on one port, and stops cleanly on SIGTERM', async () => {
    const site = join(dirname(tempDataFile()), 'site');
    mkdirSync(site);
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>demo</title>');
    const { child, url } = await startCliServer(['--data', tempDataFile(), '--site', site]);
    try {
      const health = await fetch(`${url}/healthz`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.include({ status: 'ok', connections: 0 });
      expect(await (await fetch(`${url}/`)).text()).to.contain('<title>demo</title>');
      expect((await fetch(`${url}/missing.html`)).status).to.equal(404);
      const ana = await TestClient.connect(`${url.replace('http', 'ws')}/ws`);
      expect((await ana.call('identify', { nick: 'ana' })).place.name).to.equal('lobby');
      expect((await ana.call('say', { text: 'hello', cid: '1' })).seq).to.equal(1);
      child.kill('SIGTERM');
      expect((await ana.closed).code).to.equal(CloseCode.GoingAway);
      const [code] = await once(child, 'exit');
      expect(code).to.equal(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
