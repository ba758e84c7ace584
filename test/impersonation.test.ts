import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@itmchat/protocol';
import { startCliServer, type CliServer } from './support/cli-server.js';
import { CallError, TestClient } from './support/test-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * Taking someone else's nick or session. test/identity.test.ts already covers: case and full-width
 * nicks while online, a token with its tail changed, and resume after the grace period. These add
 * look-alikes during the grace period, many forged token shapes, an expired token on the real CLI,
 * and the space, zero-width and Unicode-normalisation look-alikes.
 */
const tried: string[] = [];
const show = (s: string) => JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

async function outcome(client: TestClient, nick: string): Promise<string> {
  try {
    return `joined as ${show((await client.call('identify', { nick })).nick)}`;
  } catch (error) {
    if (error instanceof CallError) return error.code;
    throw error;
  }
}

describe('impersonation', function () {
  let server: TestServer;
  const clients: TestClient[] = [];
  const track = (client: TestClient) => (clients.push(client), client);

  beforeEach(async () => {
    server = await startTestServer('memory', { graceMs: 2000 });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
  });

  it('refuses every look-alike of a nick inside its grace period, without the token', async () => {
    const ana = await server.client();
    await ana.call('identify', { nick: 'Ana' });
    await ana.close();
    const thief = track(await server.client());
    for (const nick of ['Ana', 'ana', 'ANA', 'Ａｎａ', '𝐀𝐧𝐚']) {
      const result = await outcome(thief, nick);
      tried.push(`grace look-alike ${show(nick)}: ${result}`);
      expect(result, show(nick)).to.equal(ErrorCode.NickTaken);
    }
  });

  it('refuses forged session tokens of every shape', async () => {
    const ana = track(await server.client());
    const { token } = await ana.call('identify', { nick: 'ana' });
    const flip = (i: number) => token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    const forged: [string, string][] = [
      ['first character changed', flip(0)],
      ['middle character changed', flip(Math.floor(token.length / 2))],
      ['random token of the same length', randomBytes(64).toString('base64url').slice(0, token.length)],
      ['token with a suffix', `${token}A`],
      ['token cut short', token.slice(0, -1)],
      ['upper-cased token', token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()],
      ['the nick as token', 'ana'],
      ['empty token', ''],
    ];
    const thief = track(await server.client());
    for (const [what, fake] of forged) {
      if (fake === token) continue;
      let code: string;
      try {
        await thief.call('resume', { token: fake });
        code = 'RESUMED';
      } catch (error) {
        code = error instanceof CallError ? error.code : String(error);
      }
      tried.push(`forged token (${what}): ${code}`);
      expect(code, what).to.be.oneOf([ErrorCode.UnknownSession, ErrorCode.BadFrame]);
    }
    // The real owner was not disturbed.
    expect((await ana.call('say', { text: 'still me', cid: 'c1' })).seq).to.equal(1);
  });

  it("never shows a visitor's token to anyone else", async () => {
    const bob = track(await server.joined('bob'));
    const ana = await server.client();
    const { token } = await ana.call('identify', { nick: 'ana' });
    await ana.call('say', { text: 'hello', cid: 'c1' });
    await ana.close();
    const back = track(await server.client());
    const { token: rotated } = await back.call('resume', { token });
    await back.call('command', { line: '-folks' });
    await bob.call('command', { line: '-where is ana' });
    await bob.until(() => bob.texts('lobby').length === 1, "ana's line");
    const seen = JSON.stringify(bob.pushes);
    const secrets = [token, rotated].flatMap((t) => [t, t.split('.')[1]!]);
    tried.push(`tokens in ${bob.pushes.length} pushes to another visitor: ${secrets.filter((s) => seen.includes(s)).length}`);
    for (const secret of secrets) expect(seen).to.not.include(secret);
  });

  it('refuses look-alike nicks: spaces, zero-width characters, NFC/NFD forms', async () => {
    track(await server.joined('Zoé'));
    track(await server.joined('ana'));
    const other = track(await server.client());
    const cases: [string, string][] = [
      ['leading space', ' ana'],
      ['trailing space', 'ana '],
      ['no-break space', '\u00a0ana'],
      ['ideographic space', 'ana\u3000'],
      ['zero-width space', 'a\u200bna'],
      ['zero-width joiner', 'an\u200da'],
      ['byte-order mark', '\ufeffana'],
      ['word joiner', 'ana\u2060'],
      ['right-to-left override', '\u202eana'],
      ['soft hyphen', 'a\u00adna'],
      ['combining grapheme joiner', 'ana\u034f'],
      ['NFD of "Zoé"', 'Zoe\u0301'],
      ['upper-case NFD', 'ZOE\u0301'],
      ['full-width NFC', 'Ｚｏé'],
    ];
    for (const [what, nick] of cases) {
      const result = await outcome(other, nick);
      tried.push(`${what} ${show(nick)}: ${result}`);
      expect(result, what).to.be.oneOf([ErrorCode.InvalidNick, ErrorCode.NickTaken, ErrorCode.BadFrame]);
    }
  });

  it('stores an NFD nick in NFC, so its NFC form is then taken', async () => {
    const zoe = track(await server.client());
    expect((await zoe.call('identify', { nick: 'Zoe\u0301' })).nick).to.equal('Zoé');
    const result = await outcome(track(await server.client()), 'Zoé');
    tried.push(`NFC "Zoé" after NFD "Zoe\\u0301" joined: ${result}`);
    expect(result).to.equal(ErrorCode.NickTaken);
  });

  it('refuses confusable look-alikes across scripts and case, also during the grace period', async () => {
    track(await server.joined('ana'));
    const paypal = await server.client();
    await paypal.call('identify', { nick: 'paypal' });
    await paypal.close(); // in its grace period now
    const thief = track(await server.client());
    for (const nick of ['\u0430na', '\u0430n\u0430', 'paypaI', 'p\u0430ypal', '𝗉𝖺𝗒𝗉𝖺𝗅']) {
      const result = await outcome(thief, nick);
      tried.push(`confusable ${show(nick)}: ${result}`);
      expect(result, show(nick)).to.equal(ErrorCode.NickTaken);
    }
  });
});

describe('impersonation: an expired token on the real CLI (--grace 200)', function () {
  this.timeout(15_000);
  let cli: CliServer;
  afterEach(async () => {
    await cli.stop();
  });
  after(() => console.log(`      impersonation tried:\n${tried.map((t) => `        ${t}`).join('\n')}`));

  it('refuses the token once the grace period is over, and then lets the nick be taken anew', async () => {
    cli = await startCliServer(['--data', ':memory:', '--grace', '200']);
    const url = `${cli.url.replace(/^http/, 'ws')}/ws`;
    const watcher = await TestClient.connect(url);
    await watcher.call('identify', { nick: 'watcher' });
    const ana = await TestClient.connect(url);
    const { token } = await ana.call('identify', { nick: 'ana' });
    await ana.close();
    const early = await TestClient.connect(url);
    expect(await early.refusal('identify', { nick: 'ana' })).to.equal(ErrorCode.NickTaken);
    await early.close();
    await watcher.until(
      () => watcher.pushesOf('userLeave').some((l) => l.nick === 'ana' && l.reason === 'timeout'),
      'the grace period to end',
    );
    await watcher.close();
    const late = await TestClient.connect(url);
    const code = await late.refusal('resume', { token });
    tried.push(`expired token after --grace 200, once the place was told: ${code}`);
    expect(code).to.equal(ErrorCode.UnknownSession);
    expect((await late.call('identify', { nick: 'ana' })).nick).to.equal('ana');
    await late.close();
  });
});
