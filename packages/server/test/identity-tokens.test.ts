import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { IdentityVerifier } from '../src/identity-tokens.js';

const SECRET = 'a-shared-secret-of-at-least-32-chars!';
const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const seconds = (ms: number) => Math.floor(ms / 1000);

function token(claims: Record<string, unknown>, options: { audience?: string; exp?: number; alg?: string; kid?: string } = {}) {
  return new SignJWT({ nick: 'Ana', role: 'member', ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', ...(options.kid ? { kid: options.kid } : {}) })
    .setSubject('user-1')
    .setAudience(options.audience ?? 'itmchat')
    .setIssuedAt(seconds(NOW))
    .setExpirationTime(options.exp ?? seconds(NOW) + 600);
}

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a refusal');
};

describe('IdentityVerifier (jose)', () => {
  const verifier = IdentityVerifier.from({ secrets: [SECRET], jwks: '', audience: 'itmchat' })!;
  const key = new TextEncoder().encode(SECRET);

  it('takes a good HS256 token: subject, nick (NFC), role and expiry', async () => {
    const signed = await token({ nick: 'Zoe\u0301', role: 'moderator' }).sign(key);
    expect(await verifier.verify(signed, NOW)).to.deep.equal({
      subject: 'user-1',
      nick: 'Zo\u00e9',
      role: 'moderator',
      expiresAt: (seconds(NOW) + 600) * 1000,
    });
  });

  it('refuses a wrong key, another audience, an expired token, a bad nick or role, and a token living longer than a day', async () => {
    const cases: [string, Promise<string>, string][] = [
      ['wrong key', token({}).sign(new TextEncoder().encode('another-secret-of-at-least-32-chars')), 'IDENTITY_INVALID'],
      ['audience', token({}, { audience: 'other' }).sign(key), 'IDENTITY_INVALID'],
      ['expired', token({}, { exp: seconds(NOW) - 1 }).sign(key), 'IDENTITY_EXPIRED'],
      ['nick', token({ nick: 'bad nick!' }).sign(key), 'IDENTITY_INVALID'],
      ['role', token({ role: 'root' }).sign(key), 'IDENTITY_INVALID'],
      ['lifetime', token({}, { exp: seconds(NOW) + 2 * 86_400 }).sign(key), 'IDENTITY_INVALID'],
    ];
    for (const [what, signed, code] of cases) {
      const error = await refusal(verifier.verify(await signed, NOW));
      expect(error.code, what).to.equal(code);
      expect(error.message, what).to.not.contain((await signed).slice(0, 20));
    }
  });

  it('refuses alg "none" and garbage, naming no token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'user-1', nick: 'Ana', aud: 'itmchat', exp: seconds(NOW) + 60 })).toString('base64url');
    for (const bad of [`${header}.${body}.`, 'not-a-token', '']) {
      expect((await refusal(verifier.verify(bad, NOW))).code, bad).to.equal('IDENTITY_INVALID');
    }
  });

  describe('with public keys in a JWKS file', () => {
    let dir = '';
    let privateKey: CryptoKey;
    let publicX = '';
    let file = '';
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'itmchat-jwks-'));
      file = join(dir, 'keys.json');
      const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      privateKey = pair.privateKey;
      const publicJwk = await exportJWK(pair.publicKey);
      publicX = publicJwk.x!;
      writeFileSync(file, JSON.stringify({ keys: [{ ...publicJwk, kid: 'k1', alg: 'EdDSA' }] }));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('takes an EdDSA token, refuses HS256 signed with the public key (alg confusion), and follows a rotated file', async () => {
      const keys = IdentityVerifier.from({ secrets: [], jwks: file, audience: 'itmchat' })!;
      const signed = await token({}, { alg: 'EdDSA', kid: 'k1' }).sign(privateKey);
      expect((await keys.verify(signed, NOW)).subject).to.equal('user-1');
      // The public key, known to anyone, used as an HS256 secret: refused, as HS256 is not a public key's algorithm.
      const confused = await token({}).sign(new TextEncoder().encode(publicX));
      expect((await refusal(keys.verify(confused, NOW))).code).to.equal('IDENTITY_INVALID');
      // A new key pair replaces the old one in the file: new tokens verify, old ones no longer do.
      const next = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(next.publicKey)), kid: 'k2', alg: 'EdDSA' }] }));
      const later = await token({}, { alg: 'EdDSA', kid: 'k2' }).sign(next.privateKey);
      expect((await keys.verify(later, NOW)).subject).to.equal('user-1');
      expect((await refusal(keys.verify(signed, NOW))).code).to.equal('IDENTITY_INVALID');
    });
  });
});
