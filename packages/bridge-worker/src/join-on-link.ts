import { ErrorCode, PROTOCOL_RELEASE, refusalOf, type BridgeError, type Joined, type PlacePosition } from '@itmchat/protocol';
import type { ServerLink } from './server-link.js';
import type { StoredSession } from './storage.js';

/** Server refusals after which retrying the same session is pointless. */
const FINAL_JOIN_ERRORS: readonly string[] = [ErrorCode.NickTaken, ErrorCode.InvalidNick, ErrorCode.InvalidPlace];

/** What asking to be let in on a new link came to. */
export type JoinOutcome =
  | { readonly kind: 'joined'; readonly joined: Joined }
  /** Pointless to retry (the nick is taken, say): the session ends. */
  | { readonly kind: 'refused'; readonly refusal: BridgeError }
  /** A passing refusal (store down, server shutting down, a bad reply): try again on another link. */
  | { readonly kind: 'retry' };

/**
 * Resumes the stored session on a newly opened link with the position held in its place, or,
 * without a token or with one the server no longer knows (expired), identifies again under the
 * same nick and place.
 */
export async function joinOnLink(link: ServerLink, session: StoredSession, since: readonly PlacePosition[]): Promise<JoinOutcome> {
  const author = { ...(session.author === undefined ? {} : { author: session.author }), release: PROTOCOL_RELEASE };
  try {
    const resumed = session.token
      ? await link.call('resume', { token: session.token, since, ...author }).catch((error: unknown) => {
          if (refusalOf(error)?.code === ErrorCode.UnknownSession) return null; // expired: join again under the same nick
          throw error;
        })
      : null;
    const joined = resumed ?? (await link.call('identify', { nick: session.nick, place: session.place, since, ...author }));
    return { kind: 'joined', joined };
  } catch (error) {
    const refusal = refusalOf(error);
    return refusal && FINAL_JOIN_ERRORS.includes(refusal.code) ? { kind: 'refused', refusal } : { kind: 'retry' };
  }
}
