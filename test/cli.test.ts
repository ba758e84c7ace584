import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CloseCode } from '@itmchat/protocol';
import { SERVER_BIN, startCliServer } from './support/cli-server.js';
import { TestClient } from './support/test-client.js';
import { removeTempFiles, tempDataFile } from './support/test-server.js';

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [SERVER_BIN, ...args], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, ...env } });
}

/** A JSON config file in a temp folder removed by `removeTempFiles`. */
function configFile(options: object): string {
  const file = join(dirname(tempDataFile()), 'itmchat.json');
  writeFileSync(file, JSON.stringify(options));
  return file;
}

describe('the itmchat-server command', () => {
  afterEach(removeTempFiles);

  it('documents its flags in --help and exits 0', () => {
    const result = run(['--help']);
    expect(result.status).to.equal(0);
    for (const flag of ['--port', '--host', '--data', '--origin', '--history', '--grace', 'ITMCHAT_PORT', '--config', '--print-config']) {
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

  it('prints the effective settings with --print-config, each with its source and the Redis password masked, and exits 0', () => {
    const file = configFile({ historyLimit: 300, graceMs: 5000, allowedOrigins: ['https://file.example'] });
    const result = run(['--print-config', '--config', file, '--history', '400', '--redis', 'redis://:hunter2@cache:6379'], {
      ITMCHAT_HISTORY: '350',
      ITMCHAT_ORIGINS: 'https://env.example',
    });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).not.to.include('hunter2');
    const printed = JSON.parse(result.stdout) as { configFile: string; settings: Record<string, unknown>; sources: Record<string, string> };
    expect(printed.configFile).to.equal(file);
    expect(printed.settings).to.deep.include({
      historyLimit: 400,
      graceMs: 5000,
      allowedOrigins: ['https://env.example'],
      port: 8080,
      redisUrl: 'redis://:***@cache:6379',
    });
    expect(printed.sources).to.include({ historyLimit: 'flag', graceMs: 'file', allowedOrigins: 'env', port: 'default', redisUrl: 'flag' });
  });

  it('refuses a config file with an unknown key, naming the file and the key, with exit code 2', () => {
    const file = configFile({ port: 0, histroyLimit: 5 });
    const result = run(['--print-config'], { ITMCHAT_CONFIG: file });
    expect(result.status).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      `itmchat-server: config file ${file}: unknown option "histroyLimit" (did you mean "historyLimit"?)\nTry 'itmchat-server --help'.\n`,
    );
  });

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

  it('stops cleanly on SIGINT (Ctrl-C) too: sockets closed with 1001, exit code 0', async () => {
    const { child, url } = await startCliServer(['--data', tempDataFile()]);
    try {
      const ana = await TestClient.connect(`${url.replace('http', 'ws')}/ws`);
      await ana.call('identify', { nick: 'ana' });
      child.kill('SIGINT');
      expect((await ana.closed).code).to.equal(CloseCode.GoingAway);
      const [code] = await once(child, 'exit');
      expect(code).to.equal(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
