import { ErrorCode, type Joined, type ServerApi } from '@itmchat/protocol';
import type { Admission } from './admission.js';
import type { Directory } from './backplane/directory.js';
import { ChatError } from './chat-error.js';
import { placeName, positionIn } from './chat-input.js';
import { assertNickFree, claimNick, type ClaimDeps } from './claim-nick.js';
import type { ServerMetrics } from './metrics.js';
import { checkNick } from './nick-key.js';
import { closeReplaced, type Peer } from './peer.js';
import { listed } from './place-kinds.js';
import { placeState } from './place-state.js';
import type { PrivateLines } from './private-lines.js';
import type { Room } from './room.js';
import type { Rooms } from './rooms.js';
import { sendBacklog, type BacklogDeps } from './send-backlog.js';
import { Session } from './session.js';
import type { SessionLedger } from './session-ledger.js';
import type { SessionTable } from './session-table.js';
import { issueToken, parseToken } from './session-token.js';
import { takeBack } from './take-back.js';
import type { IdentityVerifier, VerifiedIdentity } from './identity-tokens.js';
import type { ChatStore } from './store/store.js';

export interface VisitorEntryDeps {
  readonly defaultPlace: string;
  /** Checks identity tokens; null when the server takes none. */
  readonly identities: IdentityVerifier | null;
  /** `deny`: signed visitors only. */
  readonly anonymous: 'allow' | 'deny';
  /** Where nicks of signed accounts are kept (see ChatStore.nickAccount). */
  readonly accounts: Pick<ChatStore, 'nickAccount' | 'reserveNick'>;
  readonly backlog: BacklogDeps;
  readonly metrics: ServerMetrics;
  readonly sessions: SessionTable;
  readonly rooms: Rooms;
  readonly directory: Directory;
  readonly admit: Admission;
  readonly ledger: SessionLedger;
  readonly privateLines: PrivateLines;
  readonly naming: () => ClaimDeps;
  /** Binds session and connection to each other. */
  readonly attach: (session: Session, peer: Peer) => void;
}

type Since = ServerApi['identify']['params']['since'];

/** How a visitor comes in: identify (a new session) or resume (one taken back by its token). */
export class VisitorEntry {
  constructor(private readonly deps: VisitorEntryDeps) {}

  async identify(peer: Peer, params: ServerApi['identify']['params']): Promise<Joined> {
    const { deps } = this;
    if (peer.session) throw new ChatError(ErrorCode.AlreadyJoined, 'already joined on this connection');
    const identity = await this.#identity(params.identity);
    const nick = checkNick(identity?.nick ?? params.nick);
    if (!nick.ok) throw new ChatError(ErrorCode.InvalidNick, `nick ${nick.reason}`);
    const owner = identity ? await deps.accounts.reserveNick(nick.key, identity.subject) : await deps.accounts.nickAccount(nick.key);
    if (owner !== null && owner !== identity?.subject) {
      throw new ChatError(ErrorCode.NickTaken, `the nick "${nick.name}" belongs to ${identity ? 'another' : 'a signed'} account`);
    }
    const session = new Session(nick.name, nick.key, placeName(params.place ?? deps.defaultPlace));
    assertNickFree(deps.sessions, session);
    const { token, digest } = issueToken(session.id);
    session.digest = digest;
    deps.admit.assertHealthy(); // first: nobody is let go for a join that cannot happen anyway
    deps.admit.placeFor(session.place);
    deps.admit.sessionFor(peer.ip);
    clientOf(session, params); // before the claim: the cluster keys the visitor's private conversations by its author
    if (identity) {
      // Signed: its lines, cids and conversations are the account's, whichever browser it comes from.
      session.author = `u:${identity.subject}`;
      session.account = { subject: identity.subject, role: identity.role };
    }
    const room = await claimNick(deps.naming(), session);
    session.address = peer.ip;
    deps.sessions.add(session);
    deps.ledger.save(session);
    deps.attach(session, peer);
    deps.rooms.enter(room, session);
    deps.metrics.joins += 1;
    return this.#seated(session, peer, room, params.since, 'join', token);
  }

  async resume(peer: Peer, params: ServerApi['resume']['params']): Promise<Joined> {
    const { deps } = this;
    if (peer.session) throw new ChatError(ErrorCode.AlreadyJoined, 'already joined on this connection');
    deps.admit.assertHealthy();
    const presented = parseToken(params.token);
    // A session resumed from another address counts toward that address's bound: checked before
    // the token is used, so a refusal leaves the visitor their token.
    const known = presented && deps.sessions.byId(presented.id);
    if (presented && known?.address !== peer.ip) deps.admit.sessionFor(peer.ip);
    const issued = presented ? issueToken(presented.id) : null;
    const session = presented && issued ? await takeBack(deps.naming(), presented, issued.digest) : null;
    if (!session || !issued) throw new ChatError(ErrorCode.UnknownSession, 'this session is unknown or has expired; join again');
    session.cancelGrace();
    deps.metrics.resumes += 1;
    const previous = session.peer;
    if (previous && previous !== peer) closeReplaced(previous);
    const room = deps.rooms.get(session.place)!;
    deps.sessions.readdress(session, peer.ip);
    clientOf(session, params);
    deps.ledger.save(session); // its new token's digest, above all
    deps.attach(session, peer);
    return this.#seated(session, peer, room, params.since, 'resume', issued.token);
  }

  /** The verified identity a join presents; none for an anonymous one (refused where only signed visitors may join). */
  async #identity(token: string | undefined): Promise<VerifiedIdentity | null> {
    const { identities, anonymous } = this.deps;
    if (token === undefined) {
      if (anonymous === 'deny')
        throw new ChatError(ErrorCode.IdentityRequired, 'this chat takes signed-in visitors only; sign in on the site');
      return null;
    }
    if (!identities) throw new ChatError(ErrorCode.IdentityInvalid, 'the identity token was refused: this server takes none');
    return identities.verify(token);
  }

  /** The joined visitor's catch-up (its place's, then each conversation's), after the reply this makes. */
  async #seated(session: Session, peer: Peer, room: Room, since: Since, kind: 'join' | 'resume', token: string): Promise<Joined> {
    sendBacklog(this.deps.backlog, peer, room, positionIn(since, room.name), kind);
    const conversations = await this.deps.privateLines.resumeAll(session, peer, since, kind);
    return { token, nick: session.nick, place: await placeState(room, this.deps.directory), ...listed(conversations) };
  }
}

/** What the client said of itself on identify or resume: its author key (see Session.author) and the release it reads. */
function clientOf(session: Session, params: { readonly author?: string; readonly release?: number }): void {
  if (params.author !== undefined) session.author = `a:${params.author}`;
  session.release = params.release ?? 2;
}
