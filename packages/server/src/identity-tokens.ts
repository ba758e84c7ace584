import { readFileSync, statSync } from 'node:fs';
import { checkName, ErrorCode } from '@itmchat/protocol';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ChatError } from './chat-error.js';

/** What a signed visitor may do (see docs/embedding.md § Identity). */
export type Role = 'member' | 'moderator' | 'admin';
const ROLES: readonly Role[] = ['member', 'moderator', 'admin'];

/** A token the host site signed for its logged-in user, checked. */
export interface VerifiedIdentity {
  /** The site's own id of the user (`sub`). */
  readonly subject: string;
  /** The display nick the site gave (`nick`), in NFC. */
  readonly nick: string;
  readonly role: Role;
  /** When the token stops being valid (ms since the epoch). */
  readonly expiresAt: number;
}

export interface IdentityKeyOptions {
  /** HS256 secrets (each at least 32 characters); a token verifies against any of them. */
  readonly secrets: readonly string[];
  /** Public keys (EdDSA, RS256, ES256): a JWKS file (re-read when it changes) or an https URL (fetched and cached by jose). */
  readonly jwks: string;
  /** The `aud` every token must carry. */
  readonly audience: string;
}

/** Longest a token may still live when it is presented: a site signs short-lived ones and refreshes them. */
export const IDENTITY_MAX_LIFETIME_S = 24 * 60 * 60;
const SUBJECT_MAX_LENGTH = 128;
const ASYMMETRIC = ['EdDSA', 'RS256', 'ES256'];

/**
 * Checks identity tokens with jose: the signature against the configured keys (the algorithm is
 * fixed by the key kind, so `none` and HS256-with-a-public-key are refused), `exp` (required, and
 * at most a day ahead), `aud`, and the claims a visitor needs (`sub`, a valid `nick`, a known
 * `role`). Every refusal is IDENTITY_INVALID or IDENTITY_EXPIRED, saying why, never the token.
 */
export class IdentityVerifier {
  readonly #secrets: Uint8Array[];
  readonly #publicKeys: (() => JWTVerifyGetKey) | null;

  private constructor(private readonly options: IdentityKeyOptions) {
    this.#secrets = options.secrets.map((secret) => new TextEncoder().encode(secret));
    this.#publicKeys = options.jwks === '' ? null : keySet(options.jwks);
  }

  /** The verifier the options ask for, or null when no key is configured (no signed visitors). */
  static from(options: IdentityKeyOptions): IdentityVerifier | null {
    return options.secrets.length === 0 && options.jwks === '' ? null : new IdentityVerifier(options);
  }

  async verify(token: string, now: number = Date.now()): Promise<VerifiedIdentity> {
    const payload = await this.#payload(token, now);
    const { sub, exp } = payload;
    const nick = typeof payload['nick'] === 'string' ? checkName(payload['nick']) : null;
    const role = payload['role'] ?? 'member';
    if (typeof sub !== 'string' || sub === '' || sub.length > SUBJECT_MAX_LENGTH)
      invalid('its "sub" must be the user id, 1–128 characters');
    if (!nick?.ok) invalid(`its "nick" ${nick ? `must be a valid nick: ${nick.reason}` : 'is missing'}`);
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) invalid('its "role" must be member, moderator or admin');
    if (exp === undefined) invalid('it has no "exp"');
    if (exp > now / 1000 + IDENTITY_MAX_LIFETIME_S) invalid('it lives longer than a day; sign short-lived tokens');
    return { subject: sub, nick: nick.name, role: role as Role, expiresAt: exp * 1000 };
  }

  async #payload(token: string, now: number): Promise<JWTPayload> {
    const checks = { audience: this.options.audience, currentDate: new Date(now), requiredClaims: ['exp', 'sub'] };
    let last: unknown = null;
    for (const secret of this.#secrets) {
      try {
        return (await jwtVerify(token, secret, { ...checks, algorithms: ['HS256'] })).payload;
      } catch (error) {
        last = error;
        if (!(error instanceof errors.JWSSignatureVerificationFailed) && !(error instanceof errors.JOSEAlgNotAllowed)) break;
      }
    }
    if (this.#publicKeys && (last === null || isKeyMismatch(last))) {
      try {
        return (await jwtVerify(token, this.#publicKeys(), { ...checks, algorithms: ASYMMETRIC })).payload;
      } catch (error) {
        last = error;
      }
    }
    return refuse(last);
  }
}

/** A key set from a file, read again whenever the file changes, or from an https URL. */
function keySet(source: string): () => JWTVerifyGetKey {
  if (source.startsWith('https://')) {
    const remote = createRemoteJWKSet(new URL(source));
    return () => remote;
  }
  let read = { mtimeMs: -1, keys: null as JWTVerifyGetKey | null };
  return () => {
    const { mtimeMs } = statSync(source);
    if (mtimeMs !== read.mtimeMs || !read.keys) {
      read = { mtimeMs, keys: createLocalJWKSet(JSON.parse(readFileSync(source, 'utf8')) as Parameters<typeof createLocalJWKSet>[0]) };
    }
    return read.keys!;
  };
}

/** A failure that another key might not have: try the next kind of key. */
function isKeyMismatch(error: unknown): boolean {
  return error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed;
}

function refuse(error: unknown): never {
  if (error instanceof errors.JWTExpired)
    throw new ChatError(ErrorCode.IdentityExpired, 'the identity token has expired; get a new one from the site');
  if (error instanceof errors.JWTClaimValidationFailed)
    invalid(`its "${error.claim}" ${error.reason === 'check_failed' ? 'does not match' : 'is missing'}`);
  if (error instanceof errors.JOSEAlgNotAllowed) invalid('it is signed with an algorithm this server does not take');
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
    invalid('its signature does not verify');
  invalid('it is not a signed token');
}

function invalid(why: string): never {
  throw new ChatError(ErrorCode.IdentityInvalid, `the identity token was refused: ${why}`);
}
