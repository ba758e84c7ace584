import { VisitorStats } from './metrics.js';
import type { Peer } from './peer.js';
import { newSessionId, secretMatches } from './session-token.js';
import type { Role } from './identity-tokens.js';
import { visitorOf } from './visitor-id.js';

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
  /** The protocol release its client reads (identify/resume `release`): later additions are not sent to it. */
  release = 2;
  /** When its last typing indicator was passed on (ms), so one every TYPING_EVERY_MS at most goes out. */
  typedAt = Number.NEGATIVE_INFINITY;
  /** The host site's account this visitor is signed in as (an identity token), or null for an anonymous visitor. */
  account: { readonly subject: string; readonly role: Role } | null = null;
  /** Its away message ('' for none) while away (-away), else null. */
  away: string | null = null;
  /** The private conversations whose rooms hold this session here (see Conversations). */
  readonly conversations = new Set<string>();

  constructor(
    /** Changed by -nick (see Chat.rename), as is its key. */
    public nick: string,
    /** The nick's identity key (see `nickKey`: look-alikes share it). */
    public key: string,
    public place: string,
    /** Names the session; a new one unless the session is taken over from another node. */
    readonly id: string = newSessionId(),
    /** Digest of the current token's secret (see session-token.ts); replaced on every resume. */
    public digest = '',
  ) {
    this.author = `s:${id}`;
  }

  /**
   * The visitor's stable identity as others may know it: a digest of `author`, so it names the
   * same visitor across sessions (a reload, a restart, a new join from the same browser) without
   * giving away the key that scopes their cids. Private conversations are keyed by it.
   */
  get visitor(): string {
    // Taken once per author: a heartbeat asks for every session's, a private line for its two sides'.
    if (this.#visitor.author !== this.author) this.#visitor = { author: this.author, visitor: visitorOf(this.author) };
    return this.#visitor.visitor;
  }
  #visitor = { author: '', visitor: '' };

  /** Whether a presented secret is this session's current one (constant time). */
  holds(secret: string): boolean {
    return this.digest !== '' && secretMatches(secret, this.digest);
  }

  cancelGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }
}
