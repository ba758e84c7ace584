import { createHash } from 'node:crypto';

/** A visitor's public identity: 128 bits of SHA-256 of their author key, which stays secret. */
export function visitorOf(author: string): string {
  return createHash('sha256').update(`visitor\u0000${author}`).digest('base64url').slice(0, 22);
}

/**
 * The id of the private conversation between two visitors, the same from either side: "@" and 88
 * bits of a digest of both identities, in lower-case hex, so it is its own name key and fits
 * wherever a place name goes (24 characters). No place name can hold "@": it never meets a place.
 */
export function conversationId(a: string, b: string): string {
  const [first, second] = a < b ? [a, b] : [b, a];
  return `@${createHash('sha256').update(`conversation\u0000${first}\u0000${second}`).digest('hex').slice(0, 22)}`;
}

/** Whether a place name is a private conversation's. */
export function isConversation(place: string): boolean {
  return place.startsWith('@');
}
