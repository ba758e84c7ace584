import { expect } from 'chai';
import { digestOf, issueToken, newSessionId, parseToken, secretMatches } from '../src/session-token.js';

describe('session tokens', () => {
  it('issues `<id>.<secret>` and keeps only a digest of the secret', () => {
    const id = newSessionId();
    const { token, digest } = issueToken(id);
    const presented = parseToken(token)!;
    expect(presented.id).to.equal(id);
    expect(digest).to.equal(digestOf(presented.secret)).and.not.include(presented.secret);
    expect(secretMatches(presented.secret, digest)).to.equal(true);
  });

  it('gives a new secret on every issue for the same session', () => {
    const id = newSessionId();
    const tokens = new Set(Array.from({ length: 100 }, () => issueToken(id).token));
    expect(tokens.size).to.equal(100);
  });

  it('refuses any other secret, of any length, without throwing', () => {
    const { token, digest } = issueToken(newSessionId());
    const secret = parseToken(token)!.secret;
    for (const other of ['', 'x', secret.slice(1), `${secret}A`, secret.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), 'é'.repeat(32)]) {
      expect(secretMatches(other, digest), other).to.equal(false);
    }
    expect(secretMatches(secret, ''), 'no digest').to.equal(false);
  });

  it('parses only tokens of its own shape', () => {
    const { token } = issueToken(newSessionId());
    for (const bad of [
      '',
      token.replace('.', ''),
      `${token}.x`,
      `.${token}`,
      token.slice(0, -1),
      `${token}A`,
      token.replace('.', '.+'),
      'ana',
    ]) {
      expect(parseToken(bad), bad).to.equal(null);
    }
  });
});
