import { ErrorCode } from '@itmchat/protocol';
import type { Directory } from './backplane/directory.js';
import { ChatError } from './chat-error.js';
import { assertNickFree } from './claim-nick.js';
import type { Conversations } from './conversations.js';
import { checkNick } from './nick-key.js';
import type { Rooms } from './rooms.js';
import type { Session } from './session.js';
import type { SessionTable } from './session-table.js';
import type { ChatStore } from './store/store.js';

export interface NickChangeDeps {
  readonly sessions: SessionTable;
  readonly directory: Directory;
  readonly rooms: Rooms;
  readonly conversations: Conversations;
  /** Nicks that belong to signed accounts: not to be taken by -nick. */
  readonly accounts: Pick<ChatStore, 'nickAccount'>;
}

/**
 * -nick: the visitor takes another nick without leaving, under the rules and uniqueness of a
 * join (here and across the cluster); the old one is free at once. Their session, place and
 * private conversations stay theirs. Returns the old nick, or null when nothing changed.
 */
export async function changeNick(deps: NickChangeDeps, session: Session, raw: string): Promise<string | null> {
  const nick = checkNick(raw);
  if (!nick.ok) throw new ChatError(ErrorCode.InvalidNick, `nick ${nick.reason}`);
  if (session.account) throw new ChatError(ErrorCode.CommandUsage, 'your nick is the one the site signed you in with; change it there');
  if (nick.name === session.nick) return null;
  if ((await deps.accounts.nickAccount(nick.key)) !== null) {
    throw new ChatError(ErrorCode.NickTaken, `the nick "${nick.name}" belongs to a signed account`);
  }
  const old = { nick: session.nick, key: session.key };
  const wanted = { nick: nick.name, key: nick.key };
  const holder = deps.sessions.byNick(nick.key);
  if (holder && holder !== session) assertNickFree(deps.sessions, session, true, nick.name);
  if (!(await deps.directory.rename({ ...infoOf(session), ...wanted }, old))) assertNickFree(deps.sessions, session, true, nick.name);
  const raced = deps.sessions.byNick(nick.key);
  if (raced && raced !== session) {
    // Taken on this node while the cluster answered: give the claim back and keep the old nick.
    await deps.directory.rename(infoOf(session), wanted).catch(() => false);
    assertNickFree(deps.sessions, session, true, nick.name);
  }
  deps.sessions.rename(session, nick.name, nick.key);
  deps.rooms.get(session.place)?.rekey(old.key, session);
  deps.conversations.rekey(session, old.key);
  return old.nick;
}

function infoOf(session: Session) {
  const { id, nick, key, place, digest, visitor } = session;
  return { id, nick, key, place, digest, visitor };
}
