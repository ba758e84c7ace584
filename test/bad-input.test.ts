import { expect } from 'chai';
import { CloseCode, ErrorCode } from '@itmchat/protocol';
import { TestClient } from './support/test-client.js';
import { removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';

describe('bad input never harms the server or other visitors', () => {
  let server: TestServer;
  let ana: TestClient;
  let bob: TestClient;

  beforeEach(async () => {
    server = await startTestServer('sqlite', { maxPayload: 4096, maxBadFrames: 12 });
    ana = await server.joined('ana');
    bob = await server.joined('bob');
  });
  afterEach(async () => {
    await Promise.all([ana.close(), bob.close()]);
    await server.close();
    removeTempFiles();
  });

  /** The chat still works for ana and bob: a say is numbered and relayed. */
  async function stillChatting(expectedSeq: number): Promise<void> {
    const said = await ana.call('say', { text: `still here ${expectedSeq}`, cid: `ok${expectedSeq}` });
    expect(said.seq).to.equal(expectedSeq);
    await bob.until(() => bob.seqs('lobby').includes(expectedSeq), `message ${expectedSeq}`);
  }

  it('answers malformed frames with typed BAD_FRAME errors, naming the call when it can', async () => {
    const mallory = await server.client();
    const garbage = [
      'not json',
      '[]',
      'null',
      '42',
      '"str"',
      '{}',
      '{"type":"push"}',
      '{"type":"call","id":7,"method":"nope"}',
      '{"type":"call","id":8,"method":"say","params":{"text":1,"cid":"x"}}',
      '{"type":"call","id":9,"method":"identify","params":{"nick":["ana"]}}',
      '{"type":"call","id":-1,"method":"leave"}',
      '{"type":"call","id":10,"method":"__proto__","params":{}}',
    ];
    for (const frame of garbage) mallory.send(frame);
    await mallory.until(() => mallory.strayReplies.length === garbage.length, 'an error per frame');
    expect(mallory.strayReplies).to.deep.equal(
      [null, null, null, null, null, null, null, 7, 8, 9, null, 10].map((id) => ({ id, code: ErrorCode.BadFrame })),
    );
    await mallory.close();
    await stillChatting(1);
  });

  it('closes a connection that keeps sending garbage with 4002, and only that one', async () => {
    const mallory = await server.client();
    for (let i = 0; i < 20; i++) mallory.send(`{"type":"call","id":${i + 1},"method":"say","params":{"text":${i}}}`);
    expect(await mallory.closed).to.deep.include({ code: CloseCode.ProtocolAbuse });
    await stillChatting(1);
  });

  it('closes on a frame over maxPayload with 1009, and on a binary frame with 1003', async () => {
    const big = await server.client();
    big.send(JSON.stringify({ type: 'call', id: 1, method: 'say', params: { text: 'x'.repeat(5000), cid: 'b' } }));
    expect((await big.closed).code).to.equal(CloseCode.MessageTooBig);
    const binary = await server.client();
    binary.send(Buffer.from([1, 2, 3]));
    expect((await binary.closed).code).to.equal(CloseCode.UnsupportedData);
    await stillChatting(1);
  });

  it('refuses a client speaking another protocol version with 4001', async () => {
    const old = await TestClient.connect(server.wsUrl, { protocols: 'itmchat.v0' });
    expect(await old.closed).to.deep.equal({ code: CloseCode.UnsupportedProtocol, reason: 'this server speaks itmchat.v1' });
    const none = await TestClient.connect(server.wsUrl, { protocols: [] });
    expect((await none.closed).code).to.equal(CloseCode.UnsupportedProtocol);
    await stillChatting(1);
  });

  it('refuses pages from origins that are not allowed', async () => {
    let refused = '';
    await TestClient.connect(server.wsUrl, { origin: 'https://evil.example' }).catch((e: Error) => (refused = e.message));
    expect(refused).to.equal('HTTP 403');
    const local = await TestClient.connect(server.wsUrl, { origin: 'http://localhost:3000' });
    await local.close();
    console.log(`      origin: https://evil.example refused with ${refused}; http://localhost:3000 accepted`);
  });

  it('refuses text and names that are not well-formed Unicode with BAD_FRAME, storing nothing', async () => {
    // SQLite keeps UTF-8, where a lone surrogate becomes U+FFFD: the live copy and the backlog would differ.
    expect(await ana.refusal('say', { text: 'broken \uD800 half', cid: 'lone' })).to.equal(ErrorCode.BadFrame);
    await ana.call('say', { text: 'whole 😀', cid: 'whole' }).then((said) => expect(said.seq, 'nothing was numbered').to.equal(1));
    await bob.until(() => bob.texts('lobby').length === 1, 'the well-formed line');
    expect(bob.texts('lobby')).to.deep.equal(['whole 😀']);
    const newcomer = await server.client();
    let refusal = '';
    await newcomer.call('identify', { nick: 'cat\uDC00' }).catch((e: Error) => (refusal = e.message));
    expect(refusal).to.equal('BAD_FRAME: params.nick must be well-formed Unicode');
    const joined = await newcomer.call('identify', { nick: 'cat' });
    expect(joined.place.head, 'the backlog a newcomer gets').to.equal(1);
    await newcomer.until(() => newcomer.texts('lobby').length === 1, 'backlog');
    expect(newcomer.texts('lobby')).to.deep.equal(['whole 😀']);
    expect(await ana.refusal('command', { line: '-where is bob\uD800' })).to.equal(ErrorCode.BadFrame);
    expect(await ana.refusal('goto', { place: 'kitchen\uDBFF' })).to.equal(ErrorCode.BadFrame);
    await newcomer.close();
  });

  it('keeps visitor text as text, byte for byte', async () => {
    const text = '<img src=x onerror=alert(1)> "quotes" \u202e rtl & \u0000 nul';
    await ana.call('say', { text, cid: 'html' });
    await bob.until(() => bob.texts('lobby').length === 1, 'message');
    expect(bob.texts('lobby')).to.deep.equal([text]);
  });
});
