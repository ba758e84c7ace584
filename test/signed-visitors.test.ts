import { expect } from 'chai';
import { SignJWT } from 'jose';
import { ErrorCode } from '@itmchat/protocol';
import { STORES, removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';
import type { TestClient } from './support/test-client.js';

const SECRET = 'the-site-and-the-chat-share-this-secret';
const sign = (subject: string, nick: string, options: { role?: string; expiresIn?: string; secret?: string } = {}) =>
  new SignJWT({ nick, role: options.role ?? 'member' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setAudience('itmchat')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(options.secret ?? SECRET));

for (const store of STORES) {
  describe(`signed visitors: identity tokens from the host site (${store} store)`, () => {
    let server: TestServer;
    const clients: TestClient[] = [];
    const connect = async () => {
      const client = await server.client();
      clients.push(client);
      return client;
    };

    beforeEach(async () => {
      server = await startTestServer(store, { identitySecrets: [SECRET] });
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await server.close();
      removeTempFiles();
    });

    it('joins a signed visitor under the nick the site gave, which nobody else may take, even once they have left', async () => {
      const ana = await connect();
      const joined = await ana.call('identify', { nick: 'whatever', identity: await sign('user-1', 'Ana'), release: 3 });
      expect(joined.nick).to.equal('Ana');
      const anonymous = await connect();
      expect(await anonymous.refusal('identify', { nick: 'ana' })).to.equal(ErrorCode.NickTaken);
      expect(await anonymous.refusal('identify', { nick: 'аna' }), 'a look-alike too').to.equal(ErrorCode.NickTaken);
      await ana.call('leave', {});
      const error = await anonymous.call('identify', { nick: 'ANA' }).catch((e: unknown) => e);
      expect(error).to.include({ code: ErrorCode.NickTaken });
      expect((error as Error).message).to.contain('belongs to a signed account');
      // Another account claiming the same nick is refused with the same typed error, naming the account clash.
      const other = await connect();
      const clash = await other.call('identify', { nick: 'x', identity: await sign('user-2', 'ana') }).catch((e: unknown) => e);
      expect(clash).to.include({ code: ErrorCode.NickTaken });
      expect((clash as Error).message).to.contain('another account');
      // The owner comes back, from another browser (another author key): the nick is still theirs.
      const again = await connect();
      expect(
        (await again.call('identify', { nick: 'x', identity: await sign('user-1', 'Ana'), author: 'another-browser-key-0001' })).nick,
      ).to.equal('Ana');
    });

    it('refuses bad, expired and foreign tokens with typed errors, and harms nothing else', async () => {
      const bob = await connect();
      await bob.call('identify', { nick: 'bob' });
      const eve = await connect();
      const cases: [string, Promise<string>, string][] = [
        ['expired', sign('user-3', 'eve', { expiresIn: '-1m' }), ErrorCode.IdentityExpired],
        ['wrong secret', sign('user-3', 'eve', { secret: 'some-other-secret-that-is-long-enough' }), ErrorCode.IdentityInvalid],
        ['bad role', sign('user-3', 'eve', { role: 'root' }), ErrorCode.IdentityInvalid],
        ['garbage', Promise.resolve('not.a.token'), ErrorCode.IdentityInvalid],
      ];
      for (const [what, token, code] of cases)
        expect(await eve.refusal('identify', { nick: 'eve', identity: await token }), what).to.equal(code);
      expect((await bob.call('say', { text: 'still fine', cid: 'b1' })).seq).to.equal(1);
      expect((await eve.call('identify', { nick: 'eve' })).nick, 'the socket is still good for a join').to.equal('eve');
    });

    it("keys a signed visitor's lines and conversations by the account, and keeps the site's nick (-nick refused)", async () => {
      const ana = await connect();
      await ana.call('identify', { nick: 'x', identity: await sign('user-1', 'Ana'), author: 'first-browser-key-00001', release: 3 });
      const bob = await connect();
      await bob.call('identify', { nick: 'bob', author: 'bob-browser-key-000001', release: 3 });
      const said = await ana.call('say', { text: 'hi bob', cid: 'p1', to: 'bob' });
      expect(await ana.refusal('command', { line: '-nick anna' })).to.equal(ErrorCode.CommandUsage);
      await ana.call('leave', {});
      // The same account from another browser: its conversation, and its cids, are the account's.
      const other = await connect();
      const joined = await other.call('identify', {
        nick: 'x',
        identity: await sign('user-1', 'Ana'),
        author: 'second-browser-key-0001',
        release: 3,
      });
      expect(joined.conversations?.map((c) => c.id)).to.deep.equal([said.place]);
      expect(await other.call('say', { text: 'hi bob', cid: 'p1', to: 'bob' })).to.include({ seq: 1, duplicate: true });
      // An anonymous visitor cannot -nick into a signed account's nick either.
      const cat = await connect();
      await cat.call('identify', { nick: 'cat', release: 3 });
      expect(await cat.refusal('command', { line: '-nick Ana' })).to.equal(ErrorCode.NickTaken);
    });

    it('takes signed visitors only with anonymous: deny', async () => {
      await server.close();
      server = await startTestServer(store, { identitySecrets: [SECRET], anonymous: 'deny' });
      const client = await connect();
      expect(await client.refusal('identify', { nick: 'anon' })).to.equal(ErrorCode.IdentityRequired);
      expect((await client.call('identify', { nick: 'x', identity: await sign('user-9', 'Nia') })).nick).to.equal('Nia');
    });
  });
}

describe('identity tokens on a server that takes none', () => {
  it('refuses a token with IDENTITY_INVALID rather than ignoring it', async () => {
    const server = await startTestServer('memory');
    const client = await server.client();
    try {
      expect(await client.refusal('identify', { nick: 'x', identity: await sign('user-1', 'Ana') })).to.equal(ErrorCode.IdentityInvalid);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
