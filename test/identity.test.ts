import { expect } from 'chai';
import { ErrorCode } from '@itmchat/protocol';
import { STORES, removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';
import type { TestClient } from './support/test-client.js';

for (const store of STORES) {
  describe(`identity and sessions (${store} store)`, () => {
    let server: TestServer;
    const clients: TestClient[] = [];
    const track = (client: TestClient) => (clients.push(client), client);

    beforeEach(async () => {
      server = await startTestServer(store, { graceMs: 300 });
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await server.close();
      removeTempFiles();
    });

    it('greets every connection with hello, then joins with a token of 128+ bits', async () => {
      const ana = track(await server.client());
      await ana.until(() => ana.pushesOf('hello').length === 1, 'hello');
      expect(ana.pushesOf('hello')[0]).to.include({ protocol: 1 });
      const joined = await ana.call('identify', { nick: 'Ana' });
      expect(joined.nick).to.equal('Ana');
      expect(joined.place).to.include({ name: 'lobby', head: 0 });
      expect(joined.place.members).to.deep.equal(['Ana']);
      const [id, secret] = joined.token.split('.');
      expect(Buffer.from(id!, 'base64url').length * 8, 'session id').to.be.at.least(128);
      expect(Buffer.from(secret!, 'base64url').length * 8, 'secret').to.be.at.least(128);
    });

    it('refuses nicks that break the rules', async () => {
      const client = track(await server.client());
      for (const nick of [' ana', 'ana ', 'an a', 'a'.repeat(25), 'ana\u200b', 'ana\u0007', '<b>', 'ana!', '']) {
        expect(await client.refusal('identify', { nick }), JSON.stringify(nick)).to.be.oneOf([ErrorCode.InvalidNick, ErrorCode.BadFrame]);
      }
      expect((await client.call('identify', { nick: 'Žofia_1.x-y' })).nick).to.equal('Žofia_1.x-y');
    });

    it('keeps nicks unique, ignoring case and full-width forms', async () => {
      track(await server.joined('ana'));
      const other = track(await server.client());
      for (const nick of ['ana', 'ANA', 'Ana', 'ａｎａ']) expect(await other.refusal('identify', { nick })).to.equal(ErrorCode.NickTaken);
      expect((await other.call('identify', { nick: 'anna' })).nick).to.equal('anna');
    });

    it('counts confusable look-alikes of a nick as that nick (UTS #39 skeleton): NICK_TAKEN', async () => {
      track(await server.joined('ana'));
      track(await server.joined('paypal'));
      track(await server.joined('Bob'));
      const other = track(await server.client());
      const lookAlikes = [
        '\u0430na', // Cyrillic а
        '\u0410NA', // Cyrillic А, Latin NA
        'an\u03b1', // Greek α
        'paypaI', // capital I for l
        'paypa1', // digit 1 for l
        'PAYPAL',
        '\u0412\u041e\u0412', // Cyrillic ВОВ
        'B0B', // digit zero
      ];
      for (const nick of lookAlikes) expect(await other.refusal('identify', { nick }), JSON.stringify(nick)).to.equal(ErrorCode.NickTaken);
      // -where is finds the owner by the same key, spelt as they spell it.
      const ana = track(await server.joined('cat'));
      expect(await ana.call('command', { line: '-where is \u0430na' })).to.deep.equal({ command: 'whereIs', nick: 'ana', place: 'lobby' });
      // Names that merely resemble each other in parts stay apart.
      expect((await other.call('identify', { nick: 'anna' })).nick).to.equal('anna');
    });

    it('refuses nicks made (partly or wholly) of invisible letters: INVALID_NICK', async () => {
      track(await server.joined('ana'));
      const other = track(await server.client());
      for (const nick of ['ana\u3164', 'ana\u1160', 'ana\u115F', 'ana\uFFA0', 'ana\u17B4', 'ana\u17B5', '\u3164\u3164', '\u2800']) {
        expect(await other.refusal('identify', { nick }), JSON.stringify(nick)).to.equal(ErrorCode.InvalidNick);
      }
    });

    it('answers calls before joining with NOT_JOINED, and a second join with ALREADY_JOINED', async () => {
      const client = track(await server.client());
      expect(await client.refusal('say', { text: 'hi', cid: 'c1' })).to.equal(ErrorCode.NotJoined);
      expect(await client.refusal('command', { line: '-folks' })).to.equal(ErrorCode.NotJoined);
      expect(await client.refusal('goto', { place: 'kitchen' })).to.equal(ErrorCode.NotJoined);
      expect(await client.refusal('leave', {})).to.equal(ErrorCode.NotJoined);
      await client.call('identify', { nick: 'ana' });
      expect(await client.refusal('identify', { nick: 'bob' })).to.equal(ErrorCode.AlreadyJoined);
    });

    it('reserves a dropped nick for the grace period: nobody without the token can take it', async () => {
      const ana = await server.client();
      const { token } = await ana.call('identify', { nick: 'ana' });
      const bob = track(await server.joined('bob'));
      await ana.close();
      const thief = track(await server.client());
      expect(await thief.refusal('identify', { nick: 'ana' })).to.equal(ErrorCode.NickTaken);
      // One character of the middle changed (the last ones may carry only padding bits, and could decode the same).
      const middle = Math.floor(token.length / 2);
      const forged = token.slice(0, middle) + (token[middle] === 'A' ? 'B' : 'A') + token.slice(middle + 1);
      expect(await thief.refusal('resume', { token: forged })).to.equal(ErrorCode.UnknownSession);
      const back = track(await server.client());
      const resumed = await back.call('resume', { token });
      expect(resumed).to.include({ nick: 'ana' });
      expect(resumed.place.members).to.deep.equal(['ana', 'bob']);
      // A resume inside the grace period is not a leave plus a join.
      await new Promise((r) => setTimeout(r, 400));
      expect(bob.pushesOf('userLeave')).to.deep.equal([]);
      expect(bob.pushesOf('userJoin').map((p) => p.nick)).to.deep.equal([]);
    });

    it('lets the nick go when the grace period ends, telling the place', async () => {
      const ana = await server.client();
      const { token } = await ana.call('identify', { nick: 'ana' });
      const bob = track(await server.joined('bob'));
      await ana.close();
      await bob.until(() => bob.pushesOf('userLeave').length === 1, 'timeout leave');
      expect(bob.pushesOf('userLeave')[0]).to.deep.equal({ place: 'lobby', nick: 'ana', reason: 'timeout' });
      const later = track(await server.client());
      expect(await later.refusal('resume', { token })).to.equal(ErrorCode.UnknownSession);
      expect((await later.call('identify', { nick: 'ana' })).nick).to.equal('ana');
    });

    it('releases the nick at once on leave, and tells the place', async () => {
      const ana = track(await server.joined('ana'));
      const bob = track(await server.joined('bob'));
      await ana.until(() => ana.pushesOf('userJoin').length === 1, 'bob joins');
      expect(ana.pushesOf('userJoin')[0]).to.deep.equal({ place: 'lobby', nick: 'bob' });
      await ana.call('leave', {});
      await bob.until(() => bob.pushesOf('userLeave').length === 1, 'ana leaves');
      expect(bob.pushesOf('userLeave')[0]).to.deep.equal({ place: 'lobby', nick: 'ana', reason: 'left' });
      expect((await track(await server.client()).call('identify', { nick: 'ana' })).nick).to.equal('ana');
      expect(await ana.refusal('say', { text: 'still here?', cid: 'x' })).to.equal(ErrorCode.NotJoined);
    });

    it('rotates the token on every resume: the old one stops working, the new one works once', async () => {
      const ana = await server.client();
      const first = (await ana.call('identify', { nick: 'ana' })).token;
      await ana.close();
      const back = await server.client();
      const second = (await back.call('resume', { token: first })).token;
      expect(second).to.not.equal(first);
      expect(second.split('.')[0], 'same session id').to.equal(first.split('.')[0]);
      await back.close();
      const thief = track(await server.client());
      expect(await thief.refusal('resume', { token: first }), 'the token before the resume').to.equal(ErrorCode.UnknownSession);
      const again = track(await server.client());
      const third = (await again.call('resume', { token: second })).token;
      expect(third).to.not.be.oneOf([first, second]);
      expect(await thief.refusal('resume', { token: second }), 'a token already used').to.equal(ErrorCode.UnknownSession);
      expect((await again.call('say', { text: 'still me', cid: 'c' })).seq).to.equal(1);
    });

    it('lets only one of two resumes racing with the same token win', async () => {
      const ana = await server.client();
      const { token } = await ana.call('identify', { nick: 'ana' });
      await ana.close();
      const [a, b] = [track(await server.client()), track(await server.client())];
      const outcomes = await Promise.all(
        [a, b].map((c) =>
          c.call('resume', { token }).then(
            () => 'resumed',
            (e: { code: string }) => e.code,
          ),
        ),
      );
      expect(outcomes.sort()).to.deep.equal([ErrorCode.UnknownSession, 'resumed']);
    });

    it('moves a session resumed on a new connection, closing the stale one with 4003', async () => {
      const first = await server.client();
      const { token } = await first.call('identify', { nick: 'ana' });
      const second = track(await server.client());
      await second.call('resume', { token });
      expect(await first.closed).to.deep.include({ code: 4003 });
      expect((await second.call('say', { text: 'here', cid: 'c' })).seq).to.equal(1);
    });
  });
}
