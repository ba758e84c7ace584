import { VisitorStats } from './metrics.js';
import type { Peer } from './peer.js';
import { newSessionId, secretMatches } from './session-token.js';

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
    /** Names the session; a new one unless the session is taken over from another node. */
    readonly id: string = newSessionId(),
    /** Digest of the current token's secret (see session-token.ts); replaced on every resume. */
    public digest = '',
  ) {}

  /** Whether a presented secret is this session's current one (constant time). */
  holds(secret: string): boolean {
    return this.digest !== '' && secretMatches(secret, this.digest);
  }

  cancelGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }
}
