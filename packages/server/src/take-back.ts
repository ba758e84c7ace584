import type { Directory } from './backplane/directory.js';
import type { Rooms } from './rooms.js';
import { Session } from './session.js';
import type { PresentedToken } from './session-token.js';
import type { SessionTable } from './session-table.js';

export interface TakeBackDeps {
  readonly sessions: SessionTable;
  readonly directory: Directory;
  readonly rooms: Rooms;
}

/**
 * The session a token names, now under the new token whose secret digests to `digest`: a token
 * works once. Null when the token is not the session's current one (stolen and already used,
 * forged, expired) — the caller cannot tell those apart, and is not told. A session another node
 * holds (or held, before it crashed) is taken over here.
 */
export async function takeBack(deps: TakeBackDeps, presented: PresentedToken, digest: string): Promise<Session | null> {
  const session = deps.sessions.byId(presented.id);
  if (!session) return adopt(deps, presented, digest);
  if (!session.holds(presented.secret)) return null;
  const before = session.digest;
  // The cluster's record first: if Redis refuses, the old token keeps working for the retry.
  const rotated = await deps.directory.rotate(session, before, digest);
  // Two resumes with one token: only the first to get here wins.
  if (!rotated || session.digest !== before || deps.sessions.byId(session.id) !== session) return null;
  session.digest = digest;
  return session;
}

async function adopt(deps: TakeBackDeps, presented: PresentedToken, digest: string): Promise<Session | null> {
  const record = await deps.directory.adopt(presented, digest);
  if (!record) return null;
  const room = await deps.rooms.load(record.place);
  const session = new Session(record.nick, record.key, room.name, record.id, digest);
  deps.sessions.add(session);
  room.members.set(session.key, session);
  return session;
}
