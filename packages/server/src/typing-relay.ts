import { TYPING_EVERY_MS } from '@itmchat/protocol';
import type { Directory } from './backplane/directory.js';
import type { PlaceBus } from './backplane/place-bus.js';
import type { PrivateLines } from './private-lines.js';
import type { Session } from './session.js';

export interface TypingDeps {
  readonly bus: PlaceBus;
  readonly directory: Directory;
  readonly privateLines: PrivateLines;
  readonly now: () => number;
  /** Places with more members than this get no typing indicator; 0: none anywhere. */
  readonly maxMembers: number;
}

/**
 * "ana is typing…": passed on to the visitor's place (or, with `to`, to their conversation with
 * that nick), at most one every TYPING_EVERY_MS per visitor, never numbered or stored. Whatever
 * is not passed on (too soon, too large a place, no such conversation) is answered all the same:
 * an indicator is a hint, and a client has nothing to do about a dropped one.
 */
export async function relayTyping(deps: TypingDeps, session: Session, to: string | undefined): Promise<Record<string, never>> {
  const now = deps.now();
  if (deps.maxMembers === 0 || now - session.typedAt < TYPING_EVERY_MS) return {};
  session.typedAt = now;
  if (to !== undefined) {
    const conversation = await deps.privateLines.conversationWith(session, to);
    if (conversation) deps.bus.typing(conversation, session);
    return {};
  }
  const members = await deps.directory.members(session.place).catch(() => []);
  if (members.length <= deps.maxMembers) deps.bus.typing(session.place, session);
  return {};
}
