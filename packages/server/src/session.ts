import { randomBytes } from 'node:crypto';
import { VisitorStats } from './metrics.js';
import type { Peer } from './peer.js';

/** Session tokens carry 192 random bits. */
const TOKEN_BYTES = 24;

/** One joined visitor. Outlives its connection for the grace period, so a reload keeps nick and place. */
export class Session {
  peer: Peer | null = null;
  graceTimer: NodeJS.Timeout | null = null;
  readonly stats = new VisitorStats();

  constructor(
    readonly nick: string,
    /** The nick's identity key (see `nameKey`). */
    readonly key: string,
    public place: string,
    /** Secret; a new one unless the session is taken over from another node. */
    readonly token: string = randomBytes(TOKEN_BYTES).toString('base64url'),
  ) {}

  cancelGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }
}
