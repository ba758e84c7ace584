import { ErrorCode, type ConversationState, type PlacePosition, type Said, type ServerApi } from '@itmchat/protocol';
import type { Directory, FoundVisitor } from './backplane/directory.js';
import { ChatError } from './chat-error.js';
import { positionIn } from './chat-input.js';
import { Conversations } from './conversations.js';
import { checkNick } from './nick-key.js';
import type { Peer } from './peer.js';
import type { Room } from './room.js';
import type { Rooms } from './rooms.js';
import { sendBacklog, type BacklogDeps } from './send-backlog.js';
import type { Session } from './session.js';
import type { SessionTable } from './session-table.js';
import { CONVERSATIONS_LISTED, type ChatStore, type MessageDraft } from './store/store.js';
import { conversationId } from './visitor-id.js';

export interface PrivateLinesDeps {
  readonly backlog: BacklogDeps;
  readonly store: ChatStore;
  readonly sessions: SessionTable;
  readonly directory: Directory;
  /** The rooms of private conversations (apart from the places' rooms). */
  readonly rooms: Rooms;
  /** Stores a line in this turn's batch; resolves once it is stored. */
  readonly add: (draft: MessageDraft) => Promise<Said>;
  readonly now: () => number;
}

/**
 * Private lines: a say with `to` is numbered in the two visitors' conversation, keyed by their
 * stable identities (never their nicks), so a -nick does not split it and a later holder of a
 * freed nick sees none of it. Only the conversation's room carries it, and that room holds only
 * the two sides' sessions.
 */
export class PrivateLines {
  readonly conversations: Conversations;

  constructor(private readonly deps: PrivateLinesDeps) {
    this.conversations = new Conversations(deps.rooms);
  }

  /** A private line of `session` to the visitor holding nick `to`, anywhere in the cluster. */
  async say(session: Session, params: ServerApi['say']['params'] & { readonly to: string }): Promise<Said> {
    if (params.kind) throw new ChatError(ErrorCode.CommandUsage, 'a private line cannot be an action');
    const recipient = await this.#find(params.to);
    if (recipient.id === session.id) throw new ChatError(ErrorCode.CommandUsage, 'that is you: a private line goes to someone else');
    const id = conversationId(session.visitor, recipient.visitor);
    await this.conversations.open(session, id);
    // Opened for a recipient here before the line is stored, so it reaches them live.
    const here = this.deps.sessions.byId(recipient.id);
    if (here) await this.#openFor(here, id);
    const said = await this.deps.add({
      place: id,
      nick: session.nick,
      author: session.author,
      cid: params.cid,
      text: params.text,
      at: this.deps.now(),
      session: session.id,
      kind: 'private',
      to: recipient.nick,
      parties: [
        { visitor: session.visitor, nick: session.nick },
        { visitor: recipient.visitor, nick: recipient.nick },
      ],
    });
    // On another node: told once the line is stored, so the room it opens there finds it in the store.
    if (!here) this.deps.directory.invite(recipient.id, id);
    const epoch = this.conversations.get(id)?.epoch;
    return epoch === undefined ? said : { ...said, epoch };
  }

  /**
   * A join or resume: every conversation the visitor lists is opened for them here, and each gets
   * its catch-up after the reply, from what `since` says the client holds of it.
   */
  async resumeAll(
    session: Session,
    peer: Peer,
    since: readonly PlacePosition[] | undefined,
    kind: 'join' | 'resume',
  ): Promise<ConversationState[]> {
    const listed = await this.deps.store.conversationsOf(session.visitor, CONVERSATIONS_LISTED).catch(() => []);
    const states: ConversationState[] = [];
    for (const { id, with: other } of listed) {
      const { room } = await this.conversations.open(session, id);
      sendBacklog(this.deps.backlog, peer, room, positionIn(since, id), kind);
      states.push({ id, with: other, epoch: room.epoch, head: room.head });
    }
    return states;
  }

  /** Session `id` (if held here) takes part in `conversation` now: opened, and what it holds of it sent. */
  invited(id: string, conversation: string): void {
    const session = this.deps.sessions.byId(id);
    if (session && !session.conversations.has(conversation)) void this.#openFor(session, conversation).catch(() => {});
  }

  /** The id of `session`'s conversation with the visitor holding nick `to`, if they have one; else null. */
  async conversationWith(session: Session, to: string): Promise<string | null> {
    const recipient = await this.#find(to).catch(() => null);
    const id = recipient && conversationId(session.visitor, recipient.visitor);
    return id && session.conversations.has(id) ? id : null;
  }

  /** The conversation's room, if `session` takes part in it here (e.g. for `history`). */
  roomOf(session: Session, id: string): Room {
    const room = session.conversations.has(id) ? this.conversations.get(id) : undefined;
    if (!room) throw new ChatError(ErrorCode.InvalidPlace, 'no such private conversation of yours');
    return room;
  }

  async #openFor(session: Session, id: string): Promise<void> {
    const { room, added } = await this.conversations.open(session, id);
    // New to this session: its client holds nothing of it, so it gets the recent lines, as a newcomer to a place.
    if (added && session.peer) sendBacklog(this.deps.backlog, session.peer, room, undefined, 'join');
  }

  async #find(raw: string): Promise<FoundVisitor> {
    const nick = checkNick(raw);
    if (!nick.ok) throw new ChatError(ErrorCode.InvalidNick, `nick ${nick.reason}`);
    const local = this.deps.sessions.byNick(nick.key);
    const found = local ? { id: local.id, nick: local.nick, visitor: local.visitor } : await this.deps.directory.find(nick.key);
    if (!found) throw new ChatError(ErrorCode.NotHere, `${nick.name} is not here`);
    return found;
  }
}
