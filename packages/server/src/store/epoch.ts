import { randomBytes } from 'node:crypto';

/** A fresh identity for a place's history: a client holding another epoch's numbers must drop them. */
export function newEpoch(): string {
  return randomBytes(9).toString('base64url');
}
