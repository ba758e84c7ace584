import { VisitorStats } from './metrics.js';
import type { Peer } from './peer.js';
import { newSessionId, secretMatches } from './session-token.js';

/** One joined visitor. Outlives its connection for the grace period, so a reload keeps nick and place. */
export class Session {
  peer: Peer | null = null;
  graceTimer: NodeJS.Timeout | null = null;
  readonly stats = new VisitorStats();
  /** The address of the connection that last joined or resumed it, for the per-address session bound. */
  address = '';
  /**
   * Whose cids its says are: the client's own author key (`a:<key>`) when it sent one, so a retry
   * after a restart still dedupes; else this session alone (`s:<id>`). Never the nick, which a
   * later visitor may hold.
   */
  author: string;

  constructor(
    readonly nick: string,
    /** The nick's identity key (see `nickKey`: look-alikes share it). */
    readonly key: string,
    public place: string,
    /** Names the session; a new one unless the session is taken over from another node. */
    readonly id: string = newSessionId(),
    /** Digest of the current token's secret (see session-token.ts); replaced on every resume. */
    public digest = '',
  ) {
    this.author = `s:${id}`;
  }

  /** Whether a presented secret is this session's current one (constant time). */
  holds(secret: string): boolean {
    return this.digest !== '' && secretMatches(secret, this.digest);
  }

  cancelGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }
}
