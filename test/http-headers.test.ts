import { expect } from 'chai';
import { startCliServer, type CliServer } from './support/cli-server.js';
import { removeTempFiles, tempDataFile } from './support/test-server.js';

/** Security headers on the server's own HTTP responses (packages/server/src/security-headers.ts). */
describe('HTTP security headers', function () {
  this.timeout(15_000);
  let cli: CliServer;
  before(async () => {
    cli = await startCliServer(['--data', tempDataFile()]);
  });
  after(async () => {
    await cli.stop();
    removeTempFiles();
  });

  const common = (response: Response) => {
    expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(response.headers.get('referrer-policy')).to.be.oneOf(['no-referrer', 'strict-origin-when-cross-origin']);
    expect(response.headers.has('x-powered-by')).to.equal(false);
  };

  for (const path of ['/itmchat/itmchat.js', '/itmchat/itmchat-worker.js', '/itmchat/itmchat.css']) {
    it(`${path}: embeddable cross-origin, nosniff, no CSP`, async () => {
      const response = await fetch(cli.url + path);
      expect(response.status).to.equal(200);
      common(response);
      expect(response.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
      expect(response.headers.has('content-security-policy')).to.equal(false);
      expect(response.headers.has('x-frame-options')).to.equal(false);
    });
  }

  for (const path of ['/', '/search.html?q=x', '/custom.html', '/custom.js', '/healthz', '/metrics', '/missing.html', '/itmchat']) {
    it(`${path}: same-origin, nosniff, strict CSP, not framed by other sites`, async () => {
      const response = await fetch(cli.url + path);
      common(response);
      expect(response.headers.get('cross-origin-resource-policy')).to.equal('same-origin');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).to.contain("default-src 'self'").and.contain("frame-ancestors 'self'");
      // Sockets to this server only ('self' covers ws: and wss: of the same host in CSP 3), not to any host.
      expect(/(?:^|; )connect-src ([^;]*)/.exec(csp)?.[1]).to.equal("'self'");
      expect(csp).not.to.contain("'unsafe-inline'").and.not.to.contain("'unsafe-eval'");
      // For browsers that predate frame-ancestors.
      expect(response.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
    });
  }

  it('the demo pages carry no inline script or style, so the strict CSP lets them run', async () => {
    for (const page of ['/', '/history.html', '/places.html', '/search.html', '/custom.html']) {
      const html = await (await fetch(cli.url + page)).text();
      expect(html, page).to.contain('<script src=');
      expect(html, page).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html, page).not.to.match(/<style|\sstyle=|\son[a-z]+=/i);
    }
  });
});
