import { ErrorCode } from '@itmchat/protocol';
import type { Directory } from './backplane/directory.js';
import { ChatError } from './chat-error.js';
import type { Room } from './room.js';
import type { Rooms } from './rooms.js';
import type { Session } from './session.js';
import type { SessionTable } from './session-table.js';

export interface ClaimDeps {
  readonly sessions: SessionTable;
  readonly directory: Directory;
  readonly rooms: Rooms;
}

/** Refuses a nick held by a session here (or, with `taken`, one the cluster says is held). */
export function assertNickFree(
  sessions: SessionTable,
  session: Session,
  taken = sessions.byNick(session.key) !== undefined,
  nick = session.nick,
): void {
  if (taken) throw new ChatError(ErrorCode.NickTaken, `the nick "${nick}" is taken, or one that looks the same is`);
}

/**
 * Claims a new session's nick across the cluster and loads its place; NICK_TAKEN if anyone holds
 * the nick (or a look-alike), here or on another node. Whatever fails on the way, the claim is let go.
 */
export async function claimNick({ sessions, directory, rooms }: ClaimDeps, session: Session): Promise<Room> {
  if (!(await directory.claim(session))) assertNickFree(sessions, session, true);
  let room: Room;
  try {
    room = await rooms.load(session.place);
  } catch (error) {
    directory.unclaim(session);
    throw error;
  }
  if (sessions.byNick(session.key)) {
    // Claimed by someone else on this node while the place loaded (the cluster-wide claim makes this rare).
    rooms.dropIfEmpty(room);
    directory.unclaim(session);
    assertNickFree(sessions, session);
  }
  return room;
}
