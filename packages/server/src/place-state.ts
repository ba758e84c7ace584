import type { Away, PlaceState } from '@itmchat/protocol';
import type { Directory } from './backplane/directory.js';
import type { Room } from './room.js';

/** Who of a room's members here is away, in join order. */
export function awayIn(room: Room | undefined): Away[] {
  return room ? [...room.members.values()].flatMap((s) => (s.away === null ? [] : [{ nick: s.nick, message: s.away }])) : [];
}

/**
 * A place's state for a reply: head as sent here (it matches the backlog planned), members and
 * who is away across the cluster. Called once the join or move is done, so a directory that cannot
 * answer now must not fail it (the visitor would be left holding a nick with no token): this
 * node's members then.
 */
export async function placeState(room: Room, directory: Directory): Promise<PlaceState> {
  const { name, epoch, head, topic } = room;
  const [members, away] = await Promise.all([
    directory.members(name).catch(() => room.nicks()),
    directory.away(name).catch(() => awayIn(room)),
  ]);
  return { name, epoch, head, members, ...(topic === undefined ? {} : { topic }), ...(away.length > 0 ? { away } : {}) };
}
