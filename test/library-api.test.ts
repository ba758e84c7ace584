import { expect } from 'chai';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { CloseCode } from '@itmchat/protocol';
import { createItmchat, OptionsError, silentLogger, type Itmchat } from '@itmchat/server';
import { TestClient } from './support/test-client.js';

/**
 * `createItmchat` on an application's own `http.Server`, the way an integrator mounts it: the
 * app keeps its routes and its own WebSocket endpoint, the chat takes only its path.
 */
describe('library API: createItmchat on an existing HTTP server', () => {
  let app: Server;
  let appSockets: WebSocketServer;
  let chat: Itmchat;
  let base: string;

  beforeEach(async () => {
    chat = createItmchat({ dataFile: ':memory:', sayRate: { perSecond: 0, burst: 0 } }, { log: silentLogger });
    app = createServer((request, response) =>
      chat.handler(request, response, () => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(`the app answers ${request.url}`);
      }),
    );
    // The app's own WebSocket endpoint, on another path of the same port.
    appSockets = new WebSocketServer({ noServer: true });
    app.on('upgrade', (request, socket, head) => {
      if (request.url === '/app-ws') appSockets.handleUpgrade(request, socket, head, (ws) => ws.send('app says hi'));
    });
    chat.attach(app, { path: '/chat/ws' });
    await chat.ready();
    app.listen(0, '127.0.0.1');
    await once(app, 'listening');
    base = `127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await chat.close();
    appSockets.close();
    app.closeAllConnections();
    app.close();
  });

  it('serves the chat on its path and leaves every other request and upgrade to the app', async () => {
    const ana = await TestClient.connect(`ws://${base}/chat/ws`);
    expect((await ana.call('identify', { nick: 'ana' })).place.name).to.equal('lobby');
    expect((await ana.call('say', { text: 'hello', cid: 'c1' })).seq).to.equal(1);

    const appSocket = new WebSocket(`ws://${base}/app-ws`);
    const [greeting] = (await once(appSocket, 'message')) as [Buffer];
    expect(greeting.toString(), "the app's own WebSocket still works").to.equal('app says hi');
    appSocket.close();

    expect(await (await fetch(`http://${base}/orders/7`)).text()).to.equal('the app answers /orders/7');
    expect((await fetch(`http://${base}/healthz`)).status).to.equal(200);
    expect((await fetch(`http://${base}/readyz`)).status).to.equal(200);
    expect((await fetch(`http://${base}/itmchat/itmchat.js`)).headers.get('content-type')).to.match(/javascript/);
    expect(await (await fetch(`http://${base}/itmchat/no-such-file.js`)).text(), 'a missing bundle file goes on to the app').to.equal(
      'the app answers /itmchat/no-such-file.js',
    );
    await ana.close();
  });

  it('closes gracefully: chat sockets get 1001, readiness turns 503, and the app keeps serving', async () => {
    const ana = await TestClient.connect(`ws://${base}/chat/ws`);
    await ana.call('identify', { nick: 'ana' });
    const closing = chat.close();
    expect((await ana.closed).code).to.equal(CloseCode.GoingAway);
    await closing;
    expect(
      [...chat.chat.sessions()].filter((s) => s.graceTimer !== null),
      'no grace timer left running after close',
    ).to.deep.equal([]);
    expect((await fetch(`http://${base}/readyz`)).status).to.equal(503);
    expect(await (await fetch(`http://${base}/still-here`)).text()).to.equal('the app answers /still-here');
    const late = new WebSocket(`ws://${base}/chat/ws`);
    const refused = await new Promise<string>((resolve) => {
      late.once('open', () => resolve('opened'));
      late.once('error', (error) => resolve(error.message));
    });
    expect(refused, 'no chat on the path once closed').to.equal('Unexpected server response: 503');
  });
});

describe('library API: options are checked at once', () => {
  it('throws OptionsError naming an unknown or invalid option, before opening anything', () => {
    expect(() => createItmchat({ histroyLimit: 5 } as never)).to.throw(
      OptionsError,
      /unknown option "histroyLimit" \(did you mean "historyLimit"\?\)/,
    );
    expect(() => createItmchat({ port: -1 })).to.throw(OptionsError, /option "port" must be an integer from 0 to 65535, got -1/);
  });
});
