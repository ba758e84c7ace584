import { randomUUID } from 'node:crypto';
import type { CommandResult, PlaceState, Said } from '@itmchat/protocol';
import type { Directory } from './backplane/directory.js';
import type { PlaceBus } from './backplane/place-bus.js';
import type { ClaimDeps } from './claim-nick.js';
import type { Conversations } from './conversations.js';
import { changeNick } from './nick-change.js';
import type { Rooms } from './rooms.js';
import { runCommand } from './run-command.js';
import type { Session } from './session.js';
import type { SessionLedger } from './session-ledger.js';
import type { ChatStore, MessageDraft } from './store/store.js';

export interface VisitorCommandsDeps {
  readonly defaultPlace: string;
  readonly directory: Directory;
  readonly bus: PlaceBus;
  readonly rooms: Rooms;
  readonly conversations: Conversations;
  readonly accounts: Pick<ChatStore, 'nickAccount'>;
  readonly ledger: SessionLedger;
  /** What claiming a nick works on (for -nick). */
  readonly naming: () => ClaimDeps;
  /** Stores a line in this turn's batch; resolves once it is stored. */
  readonly add: (draft: MessageDraft) => Promise<Said>;
  readonly moveTo: (session: Session, place: string) => Promise<PlaceState>;
  readonly now: () => number;
}

/** A visitor's chat-line commands, each given only what it needs of the chat (see runCommand). */
export class VisitorCommands {
  constructor(private readonly deps: VisitorCommandsDeps) {}

  run(session: Session, line: string): Promise<CommandResult> {
    const { deps } = this;
    return runCommand(
      {
        defaultPlace: deps.defaultPlace,
        release: session.release,
        members: (place) => deps.directory.members(place),
        everyone: () => deps.directory.everyone(),
        moveTo: (place) => deps.moveTo(session, place),
        away: (place) => deps.directory.away(place),
        setAway: (away) => {
          if (session.away === away) return;
          session.away = away;
          deps.bus.awayChanged(session.place, session, away);
        },
        topic: () => deps.rooms.get(session.place)?.topic ?? null,
        setTopic: async (text) => void (await this.#notice(session, 'topic', session.nick, text)),
        rename: (nick) => this.#rename(session, nick),
      },
      session.place,
      line,
    );
  }

  async #rename(session: Session, nick: string): Promise<string> {
    const { conversations, accounts } = this.deps;
    const old = await changeNick({ ...this.deps.naming(), conversations, accounts }, session, nick);
    if (old === null) return session.nick;
    this.deps.ledger.save(session);
    await this.#notice(session, 'nick', old, session.nick);
    return session.nick;
  }

  /**
   * A line the server writes into a place for `session` (a topic, a nick change): numbered and
   * stored like a say, and sent to everyone in the place, its maker included (no cid of theirs).
   */
  #notice(session: Session, kind: 'topic' | 'nick', nick: string, text: string): Promise<Said> {
    const { place, author } = session;
    return this.deps.add({ place, nick, author, cid: `${kind}:${randomUUID()}`, text, at: this.deps.now(), kind });
  }
}
