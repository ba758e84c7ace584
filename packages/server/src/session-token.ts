import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A resume token is `<id>.<secret>`. The id names the session (map keys, Redis keys, cluster
 * events, logs): it is not secret. The secret proves the holder: the server keeps only its SHA-256
 * digest, compares digests in constant time, and issues a new secret on every resume, so a token
 * works once and a copy taken from a page, a log or a Redis dump is worth nothing afterwards.
 */
const ID_BYTES = 16;
/** 192 random bits: guessing one is out of reach at any request rate. */
const SECRET_BYTES = 24;
const TOKEN_SHAPE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{32})$/;

export interface PresentedToken {
  readonly id: string;
  readonly secret: string;
}

export interface IssuedToken {
  /** What the client gets, once. */
  readonly token: string;
  /** What the server keeps (hex SHA-256 of the secret). */
  readonly digest: string;
}

export function newSessionId(): string {
  return randomBytes(ID_BYTES).toString('base64url');
}

/** A fresh secret for the session `id`. */
export function issueToken(id: string): IssuedToken {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { token: `${id}.${secret}`, digest: digestOf(secret) };
}

/** The parts of a token of our shape; null for anything else (no lookup is made for those). */
export function parseToken(token: string): PresentedToken | null {
  const match = TOKEN_SHAPE.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

export function digestOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether `secret` is the one behind `digest`, in time independent of where they differ. */
export function secretMatches(secret: string, digest: string): boolean {
  const expected = Buffer.from(digest, 'hex');
  const presented = createHash('sha256').update(secret).digest();
  return expected.length === presented.length && timingSafeEqual(presented, expected);
}
