import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCliServer, type CliServer } from './support/cli-server.js';
import { rawHttp } from './support/raw-http.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** What a --site folder serves and what it must not (packages/server/src/site-files.ts). */
describe('static files: a site folder serves its pages and nothing beside them', () => {
  let server: TestServer;
  let base: string;
  let site: string;
  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'itmchat-site-'));
    site = join(base, 'site');
    const outside = join(base, 'outside');
    mkdirSync(join(site, 'sub'), { recursive: true });
    mkdirSync(join(site, '.git'));
    mkdirSync(outside);
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>home</title>');
    writeFileSync(join(site, 'page.html'), '<!doctype html><title>page</title>');
    writeFileSync(join(site, 'style.css'), 'body {}');
    writeFileSync(join(site, 'sub', 'note.txt'), 'in a subfolder');
    writeFileSync(join(site, '.env'), 'SECRET=hunter2');
    writeFileSync(join(site, '.git', 'config'), '[core]');
    writeFileSync(join(outside, 'secret.txt'), 'outside the site');
    symlinkSync(join(outside, 'secret.txt'), join(site, 'leak.txt'));
    symlinkSync(outside, join(site, 'elsewhere'));
    symlinkSync(join(site, 'style.css'), join(site, 'alias.css')); // stays inside: fine
    server = await startTestServer('memory', { staticRoots: [{ prefix: '/', dir: site }] });
  });
  after(async () => {
    await server.close();
    rmSync(base, { recursive: true, force: true });
  });

  const get = (path: string) => rawHttp(server.url, { path });

  it('serves its pages, styles and subfolders, and a symlink that stays inside', async () => {
    for (const [path, text] of [
      ['/', '<title>home</title>'],
      ['/index.html', '<title>home</title>'],
      ['/page.html', '<title>page</title>'],
      ['/page', '<title>page</title>'],
      ['/style.css', 'body {}'],
      ['/alias.css', 'body {}'],
      ['/sub/note.txt', 'in a subfolder'],
      ['/page.html?from=search', '<title>page</title>'],
    ] as const) {
      const response = await get(path);
      expect(response.status, path).to.equal(200);
      expect(response.body, path).to.contain(text);
    }
  });

  const refused = [
    '/.env',
    '/.git/config',
    '/.git/',
    '/%2eenv',
    '/%2Egit/config',
    '/sub/../.env',
    '/sub/%2e%2e/.env',
    '/leak.txt',
    '/elsewhere/secret.txt',
    '/sub',
    '/sub/',
    '/../outside/secret.txt',
    '/%2e%2e/outside/secret.txt',
    '/page.html%00',
  ];
  for (const path of refused) {
    it(`answers 404 to ${path}`, async () => {
      const response = await get(path);
      expect(response.status).to.equal(404);
      expect(response.body).not.to.contain('hunter2').and.not.to.contain('[core]').and.not.to.contain('outside the site');
    });
  }

  it('serves a file rewritten since it was first served whole, at its new size', async () => {
    writeFileSync(join(site, 'bundle.js'), 'one();');
    expect((await get('/bundle.js')).body).to.equal('one();');
    const rebuilt = 'one(); two(); three();'.repeat(100);
    writeFileSync(join(site, 'bundle.js'), rebuilt);
    const response = await get('/bundle.js');
    expect(response.body).to.equal(rebuilt);
    expect(response.headers['content-length']).to.equal(String(rebuilt.length));
  });

  it('serves a file added after start-up', async () => {
    writeFileSync(join(site, 'later.html'), 'added later');
    expect((await get('/later.html')).body).to.equal('added later');
  });
});

describe('static files: the demo the command serves by default', function () {
  this.timeout(15_000);
  let cli: CliServer;
  before(async () => {
    cli = await startCliServer(['--data', ':memory:']);
  });
  after(() => cli.stop());

  const status = async (path: string) => (await rawHttp(cli.url, { path })).status;

  it("serves the demo's pages, styles and scripts, and the bundles", async () => {
    for (const path of ['/', '/index.html', '/custom.html', '/custom.js', '/site.css', '/itmchat/itmchat.js', '/itmchat/itmchat.css'])
      expect(await status(path), path).to.equal(200);
  });

  it('does not serve the Express example (a separate app) nor the source maps', async () => {
    for (const path of [
      '/express/server.js',
      '/express/package.json',
      '/express/public/site.css',
      '/itmchat/itmchat.js.map',
      '/itmchat/itmchat-worker.js.map',
    ])
      expect(await status(path), path).to.equal(404);
  });

  it('serves the source maps when told to (--source-maps yes)', async () => {
    const debugging = await startCliServer(['--data', ':memory:', '--source-maps', 'yes']);
    try {
      const map = await rawHttp(debugging.url, { path: '/itmchat/itmchat.js.map' });
      expect(map.status).to.equal(200);
      expect(JSON.parse(map.body)).to.have.property('mappings');
    } finally {
      await debugging.stop();
    }
  });
});
