import {
  CloseCode, ErrorCode, checkName, nameKey, type ClientFrame, type Joined,
  type PlacePosition, type PlaceState, type Position, type Said, type ServerApi,
} from '@itmchat/protocol';
import { planBacklog } from './backlog-plan.js';
import { encodePush } from './push.js';
import { ServerMetrics } from './metrics.js';
import { assertNever } from './assert-never.js';
import { ChatError } from './chat-error.js';
import type { ServerOptions } from './options.js';
import type { Peer } from './peer.js';
import { Room } from './room.js';
import { runCommand } from './run-command.js';
import { Session } from './session.js';
import { StoreUnavailableError, type ChatStore, type MessageDraft } from './store/store.js';

export type ChatOptions = Pick<
  ServerOptions,
  'defaultPlace' | 'historyLimit' | 'joinBacklog' | 'textMaxLength' | 'graceMs'
>;

/**
 * The chat itself: sessions, places, numbering and presence, with no knowledge of sockets.
 * Each connection's calls arrive one at a time (see `Connection`), so a handler sees its
 * own visitor's state unchanged across its awaits.
 */
export class Chat {
  readonly #sessionsByToken = new Map<string, Session>();
  readonly #sessionsByNick = new Map<string, Session>();
  readonly #rooms = new Map<string, Room>();
  /** Rooms being loaded from the store, so concurrent entries share one load. */
  readonly #loadingRooms = new Map<string, Promise<Room>>();
  readonly metrics = new ServerMetrics();
  /** Says of the current turn, stored together at its end. */
  #turnSays: { session: Session; draft: MessageDraft; resolve: (said: Said) => void; reject: (error: unknown) => void }[] = [];

  constructor(
    readonly store: ChatStore,
    readonly options: ChatOptions,
    readonly now: () => number = Date.now,
  ) {}

  handle(peer: Peer, frame: ClientFrame): Promise<ServerApi[ClientFrame['method']]['result']> {
    switch (frame.method) {
      case 'identify':
        return this.identify(peer, frame.params);
      case 'resume':
        return this.resume(peer, frame.params);
      case 'say':
        return this.say(peer, frame.params);
      case 'command':
        return runCommand(this, this.#joined(peer), frame.params.line);
      case 'goto':
        return this.moveTo(this.#joined(peer), frame.params.place, frame.params.since);
      case 'leave':
        return this.leave(peer);
      default:
        return assertNever(frame);
    }
  }

  async identify(peer: Peer, params: ServerApi['identify']['params']): Promise<Joined> {
    if (peer.session) throw new ChatError(ErrorCode.AlreadyJoined, 'already joined on this connection');
    const nick = checkName(params.nick);
    if (!nick.ok) throw new ChatError(ErrorCode.InvalidNick, `nick ${nick.reason}`);
    this.#assertNickFree(nick.key, nick.name);
    const room = await this.#room(placeName(params.place ?? this.options.defaultPlace));
    if (this.#sessionsByNick.has(nick.key)) {
      // Claimed by someone else while the place loaded.
      if (room.members.size === 0) this.#rooms.delete(room.name);
      this.#assertNickFree(nick.key, nick.name);
    }
    const session = new Session(nick.name, nick.key, room.name);
    this.#sessionsByToken.set(session.token, session);
    this.#sessionsByNick.set(session.key, session);
    this.#attach(session, peer);
    this.#enter(room, session);
    this.#sendBacklog(peer, room, positionIn(params.since, room.name));
    return { token: session.token, nick: session.nick, place: room.state() };
  }

  async resume(peer: Peer, params: ServerApi['resume']['params']): Promise<Joined> {
    if (peer.session) throw new ChatError(ErrorCode.AlreadyJoined, 'already joined on this connection');
    const session = this.#sessionsByToken.get(params.token);
    if (!session) throw new ChatError(ErrorCode.UnknownSession, 'this session is unknown or has expired; join again');
    session.cancelGrace();
    this.metrics.resumes += 1;
    const previous = session.peer;
    if (previous && previous !== peer) {
      previous.session = null;
      previous.close(CloseCode.SessionReplaced, 'session resumed on another connection');
    }
    const room = this.#rooms.get(session.place)!;
    this.#attach(session, peer);
    this.#sendBacklog(peer, room, positionIn(params.since, room.name));
    return { token: session.token, nick: session.nick, place: room.state() };
  }

  /** Validates a say and queues it for this turn's batch (see #endTurn); resolves once it is stored. */
  async say(peer: Peer, params: ServerApi['say']['params']): Promise<Said> {
    const session = this.#joined(peer);
    if (params.text.trim() === '') throw new ChatError(ErrorCode.EmptyText, 'say something: the text is empty');
    if (characterCount(params.text) > this.options.textMaxLength) {
      throw new ChatError(ErrorCode.TextTooLong, `text is longer than ${this.options.textMaxLength} characters`);
    }
    const draft = { place: session.place, nick: session.nick, author: session.key, cid: params.cid, text: params.text, at: this.now() };
    return new Promise((resolve, reject) => {
      this.#turnSays.push({ session, draft, resolve, reject });
      if (this.#turnSays.length === 1) setImmediate(() => void this.#endTurn());
    });
  }

  /** Moves a visitor to a place (made if new) and sends what they miss of it. */
  async moveTo(session: Session, rawPlace: string, held: Position | undefined): Promise<PlaceState> {
    const target = await this.#room(placeName(rawPlace));
    const from = this.#rooms.get(session.place)!;
    if (target !== from) {
      this.#exit(from, session, { reason: 'moved', to: target.name });
      session.place = target.name;
      this.#enter(target, session, from.name);
    }
    // Already here and no position given: the visitor has everything live, so send nothing again.
    if (session.peer && (target !== from || held)) this.#sendBacklog(session.peer, target, held);
    return target.state();
  }

  async leave(peer: Peer): Promise<Record<string, never>> {
    const session = this.#joined(peer);
    peer.session = null;
    this.#forget(session, 'left');
    return {};
  }

  /** The connection is gone: keep the visitor for the grace period, then let them go. */
  detach(peer: Peer): void {
    const session = peer.session;
    peer.session = null;
    if (!session || session.peer !== peer) return;
    session.peer = null;
    session.graceTimer = setTimeout(() => this.#forget(session, 'timeout'), this.options.graceMs);
    session.graceTimer.unref();
  }

  /** Stops every grace timer; the store is closed by its owner. */
  shutdown(): void {
    for (const session of this.#sessionsByToken.values()) session.cancelGrace();
  }

  room(name: string): Room | undefined {
    return this.#rooms.get(name);
  }

  rooms(): IterableIterator<Room> {
    return this.#rooms.values();
  }

  sessions(): IterableIterator<Session> {
    return this.#sessionsByToken.values();
  }

  sessionByNick(key: string): Session | undefined {
    return this.#sessionsByNick.get(key);
  }

  #joined(peer: Peer): Session {
    if (!peer.session) throw new ChatError(ErrorCode.NotJoined, 'join first (identify or resume)');
    return peer.session;
  }

  #assertNickFree(key: string, nick: string): void {
    if (this.#sessionsByNick.has(key)) throw new ChatError(ErrorCode.NickTaken, `the nick "${nick}" is taken`);
  }

  #attach(session: Session, peer: Peer): void {
    session.peer = peer;
    peer.session = session;
    session.stats.connections += 1;
  }

  /**
   * The end of an event-loop turn (setImmediate runs after the turn's I/O): every say that
   * arrived in it is stored in one batch, then each touched room sends its new messages as one
   * frame per member, and the senders get their numbers. Never a timer that waits: a say's
   * latency is one turn, and nothing is acknowledged before the store has it.
   */
  async #endTurn(): Promise<void> {
    const says = this.#turnSays;
    this.#turnSays = [];
    let outcomes;
    try {
      outcomes = await this.store.append(says.map((say) => say.draft));
    } catch (error) {
      const failure = error instanceof StoreUnavailableError ? new ChatError(ErrorCode.StoreUnavailable, error.message) : error;
      for (const say of says) say.reject(failure);
      return;
    }
    const touched = new Set<Room>();
    says.forEach((say, i) => {
      const { place, message, duplicate } = outcomes[i]!;
      const room = this.#rooms.get(place);
      if (!duplicate) {
        this.metrics.messagesStored += 1;
        if (room) {
          room.queue(message, say.session);
          touched.add(room);
        }
      }
      say.resolve({ place, seq: message.seq, at: message.at, duplicate });
    });
    for (const room of touched) room.flush();
  }

  #enter(room: Room, session: Session, from?: string): void {
    room.broadcast(encodePush('userJoin', from ? { place: room.name, nick: session.nick, from } : { place: room.name, nick: session.nick }));
    room.members.set(session.key, session);
  }

  #exit(room: Room, session: Session, how: { reason: 'left' | 'timeout' } | { reason: 'moved'; to: string }): void {
    room.flush(); // the leaver still gets what was said before they left
    room.members.delete(session.key);
    room.broadcast(encodePush('userLeave', { place: room.name, nick: session.nick, ...how }));
    if (room.members.size === 0) this.#rooms.delete(room.name);
  }

  #forget(session: Session, reason: 'left' | 'timeout'): void {
    session.cancelGrace();
    this.#sessionsByToken.delete(session.token);
    this.#sessionsByNick.delete(session.key);
    session.peer = null;
    const room = this.#rooms.get(session.place);
    if (room) this.#exit(room, session, { reason });
  }

  async #room(name: string): Promise<Room> {
    const present = this.#rooms.get(name);
    if (present) return present;
    let loading = this.#loadingRooms.get(name);
    if (!loading) {
      loading = this.store.ensurePlace(name).then(
        (record) => {
          this.#loadingRooms.delete(name);
          const room = this.#rooms.get(name) ?? new Room(record.name, record.epoch, record.head);
          this.#rooms.set(name, room);
          return room;
        },
        (error: unknown) => {
          this.#loadingRooms.delete(name);
          throw error instanceof StoreUnavailableError ? new ChatError(ErrorCode.StoreUnavailable, error.message) : error;
        },
      );
      this.#loadingRooms.set(name, loading);
    }
    return loading;
  }

  #sendBacklog(peer: Peer, room: Room, held: Position | undefined): void {
    // Planned up to what has gone out; messages still queued this turn reach the peer live, after the backlog.
    const plan = planBacklog({ seq: room.head, epoch: room.epoch }, held, this.options);
    const { name: place, epoch } = room;
    peer.catchUp(async () => {
      const frames: string[] = [];
      if (plan.gap) frames.push(encodePush('gap', { place, epoch, ...plan.gap }));
      if (plan.from <= plan.to) {
        const messages = await this.store.readRange(place, plan.from, plan.to);
        if (messages.length > 0) frames.push(encodePush('userSay', { place, epoch, messages }));
        if (peer.session) peer.session.stats.messagesSent += messages.length;
      }
      return frames;
    });
  }
}

/** A place is addressed by its key, which must itself be a valid name ("½" folds to "1⁄2", which is not). */
function placeName(raw: string): string {
  const check = checkName(raw);
  if (!check.ok) throw new ChatError(ErrorCode.InvalidPlace, `place name ${check.reason}`);
  const key = checkName(check.key);
  if (!key.ok || key.name !== check.key) {
    throw new ChatError(ErrorCode.InvalidPlace, `place name "${raw}" has no valid plain form; use letters and digits`);
  }
  return check.key;
}

function positionIn(since: readonly PlacePosition[] | undefined, place: string): Position | undefined {
  const held = since?.find((p) => nameKey(p.place) === place);
  return held && { seq: held.seq, epoch: held.epoch };
}

function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
