import type { Room } from './room.js';
import type { Rooms } from './rooms.js';
import type { Session } from './session.js';

/**
 * The private conversations with someone on this node, each a room of its own (named by its id,
 * see conversationId) holding the one or two sides here: numbered, stored, fanned out and
 * resumed exactly as a place is, but with no presence (nobody is told who opened it) and never
 * listed among the places.
 */
export class Conversations {
  constructor(private readonly rooms: Rooms) {}

  get(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /**
   * `session` takes part in conversation `id` here: its room is loaded and holds it. `added` is
   * true when the session did not hold it before (its client has not been sent it yet).
   */
  async open(session: Session, id: string): Promise<{ room: Room; added: boolean }> {
    const added = !session.conversations.has(id);
    session.conversations.add(id);
    let room: Room;
    try {
      room = await this.rooms.load(id);
    } catch (error) {
      if (added) session.conversations.delete(id);
      throw error;
    }
    if (!session.conversations.has(id)) {
      this.rooms.dropIfEmpty(room); // the session ended while the room loaded
      return { room, added };
    }
    room.members.set(session.key, session);
    return { room, added };
  }

  /** The session ended here (or moved to another node): out of every conversation's room. */
  closeAll(session: Session): void {
    for (const id of session.conversations) {
      const room = this.rooms.get(id);
      if (!room) continue;
      room.flush();
      room.members.delete(session.key);
      this.rooms.dropIfEmpty(room);
    }
    session.conversations.clear();
  }

  /** The session's nick key changed (-nick). */
  rekey(session: Session, oldKey: string): void {
    for (const id of session.conversations) this.rooms.get(id)?.rekey(oldKey, session);
  }
}
