export type { ChatOptions } from './options.js';
import {
  ErrorCode,
  type CallFrame,
  type Away,
  type Joined,
  type PlaceState,
  type Position,
  type Said,
  type ServerApi,
  type ServerMethod,
} from '@itmchat/protocol';
import { Admission } from './admission.js';
import type { Directory, DirectoryNode } from './backplane/directory.js';
import { localCluster } from './backplane/local-cluster.js';
import type { Cluster, PlaceBus } from './backplane/place-bus.js';
import { ServerMetrics } from './metrics.js';
import { ChatError } from './chat-error.js';
import { checkSayText, placeName } from './chat-input.js';
import type { ClaimDeps } from './claim-nick.js';
import type { ChatOptions } from './options.js';
import { closeReplaced, type Peer } from './peer.js';
import type { Room } from './room.js';
import { Rooms } from './rooms.js';
import { PrivateLines } from './private-lines.js';
import { awayIn, placeState } from './place-state.js';
import { VisitorCommands } from './visitor-commands.js';
import { VisitorEntry } from './visitor-entry.js';
import { IdentityVerifier } from './identity-tokens.js';
import { relayTyping } from './typing-relay.js';
import { byPlaceKind } from './place-kinds.js';
import { SayTurn } from './say-turn.js';
import { sendBacklog } from './send-backlog.js';
import { sendHistory } from './send-history.js';
import { Session } from './session.js';
import { SessionLedger } from './session-ledger.js';
import { SessionTable } from './session-table.js';
import type { ChatStore, MessageDraft } from './store/store.js';

type CallHandlers = {
  readonly [M in ServerMethod]: (peer: Peer, params: ServerApi[M]['params']) => Promise<ServerApi[M]['result']>;
};

/**
 * The chat itself: sessions, places, numbering and presence, with no knowledge of sockets.
 * Each connection's calls arrive one at a time (see `Connection`), so a handler sees its
 * own visitor's state unchanged across its awaits. It holds this node's sessions and rooms;
 * what is shared with other nodes goes through the cluster: its directory (nick claims, sessions,
 * who is where) and its place bus (every place's events, which come back here to `deliver`).
 */
export class Chat implements DirectoryNode {
  /** This node's sessions, by id and by nick key. */
  readonly #sessions = new SessionTable();
  #stopped = false;
  readonly #rooms: Rooms;
  readonly #private: PrivateLines;
  readonly #commands: VisitorCommands;
  readonly #entry: VisitorEntry;
  readonly #turn: SayTurn;
  readonly metrics = new ServerMetrics();
  /** Nick claims, session records and the lists behind the commands, across the cluster. */
  readonly #directory: Directory;
  /** The places' events, to and from the other nodes. */
  readonly #bus: PlaceBus;
  readonly #admit: Admission;
  readonly #ledger: SessionLedger;

  constructor(
    readonly store: ChatStore,
    readonly options: ChatOptions,
    readonly now: () => number = Date.now,
    cluster: Cluster = localCluster(),
  ) {
    this.#directory = cluster.directory;
    this.#bus = cluster.bus;
    const roomsDeps = {
      bus: this.#bus,
      maxPlaces: options.maxPlaces,
      defaultPlace: placeName(options.defaultPlace),
      ensurePlace: (name: string) => this.metrics.timeStore('place', () => store.ensurePlace(name)),
      // Best effort: a place the store fails to forget now is expired by the retention sweep.
      released: (name: string) => void store.release(name).catch(() => {}),
    };
    this.#rooms = new Rooms(roomsDeps);
    const conversationRooms = new Rooms({ ...roomsDeps, maxPlaces: 0 });
    this.#ledger = new SessionLedger(store.sessions, now);
    this.#admit = new Admission({
      rooms: this.#rooms,
      sessions: this.#sessions,
      directory: this.#directory,
      maxSessionsPerIp: options.maxSessionsPerIp,
      letGo: (session) => this.#forget(session, 'timeout'),
    });
    this.#directory.attach(this);
    this.#bus.listen(byPlaceKind(this.#rooms, conversationRooms));
    this.#turn = new SayTurn({
      append: (drafts) => this.metrics.timeStore('append', () => store.append(drafts)),
      stored: (place, message, session) => {
        this.metrics.messagesStored += 1;
        const room = this.#rooms.get(place) ?? this.#private.conversations.get(place);
        if (room) this.#bus.stored(place, room.epoch, message, session);
      },
      ended: () => {
        this.#rooms.flushDelivered();
        conversationRooms.flushDelivered();
      },
    });
    this.#private = new PrivateLines({
      backlog: this,
      store,
      sessions: this.#sessions,
      directory: this.#directory,
      rooms: conversationRooms,
      add: (draft) => this.#turn.add(draft),
      now,
    });
    this.#entry = new VisitorEntry({
      defaultPlace: options.defaultPlace,
      identities: IdentityVerifier.from({
        secrets: options.identitySecrets,
        jwks: options.identityKeys ?? '',
        audience: options.identityAudience,
      }),
      anonymous: options.anonymous,
      accounts: store,
      backlog: this,
      metrics: this.metrics,
      sessions: this.#sessions,
      rooms: this.#rooms,
      directory: this.#directory,
      admit: this.#admit,
      ledger: this.#ledger,
      privateLines: this.#private,
      naming: () => this.#naming(),
      attach: (session, peer) => this.#attach(session, peer),
    });
    this.#commands = new VisitorCommands({
      defaultPlace: options.defaultPlace,
      directory: this.#directory,
      bus: this.#bus,
      rooms: this.#rooms,
      conversations: this.#private.conversations,
      accounts: store,
      ledger: this.#ledger,
      naming: () => this.#naming(),
      add: (draft) => this.#turn.add(draft),
      moveTo: (session, place) => this.moveTo(session, place, undefined),
      now,
    });
  }

  /** What each call does, for the connection that made it: the server's typed handler table. */
  readonly #handlers: CallHandlers = {
    identify: (peer, params) => this.identify(peer, params),
    resume: (peer, params) => this.resume(peer, params),
    say: (peer, params) => this.say(peer, params),
    command: (peer, { line }) => this.#commands.run(this.#joined(peer), line),
    goto: (peer, { place, since }) => this.moveTo(this.#joined(peer), place, since),
    leave: (peer) => this.leave(peer),
    typing: (peer, { to }) => {
      const session = this.#joined(peer);
      const deps = { bus: this.#bus, directory: this.#directory, privateLines: this.#private, now: this.now };
      return relayTyping({ ...deps, maxMembers: this.options.typingMaxMembers }, session, to);
    },
    history: (peer, { place, ...page }) => {
      const session = this.#joined(peer);
      const room = place === undefined ? this.#rooms.get(session.place)! : this.#private.roomOf(session, place);
      return sendHistory(this, peer, room, page);
    },
  };

  /** Runs one decoded call of a connection. */
  handle<M extends ServerMethod>(peer: Peer, frame: CallFrame<M>): Promise<ServerApi[M]['result']> {
    return this.#handlers[frame.method](peer, frame.params);
  }

  identify(peer: Peer, params: ServerApi['identify']['params']): Promise<Joined> {
    return this.#entry.identify(peer, params);
  }

  resume(peer: Peer, params: ServerApi['resume']['params']): Promise<Joined> {
    return this.#entry.resume(peer, params);
  }

  /** Validates a say and queues it for this turn's batch (see SayTurn); resolves once it is stored. */
  async say(peer: Peer, params: ServerApi['say']['params']): Promise<Said> {
    const session = this.#joined(peer);
    checkSayText(params.text, this.options.textMaxLength);
    this.metrics.saysReceived += 1;
    if (params.to !== undefined) return this.#private.say(session, { ...params, to: params.to });
    const draft: MessageDraft = {
      place: session.place,
      nick: session.nick,
      author: session.author,
      cid: params.cid,
      text: params.text,
      at: this.now(),
      session: session.id,
      ...(params.kind ? { kind: params.kind } : {}),
    };
    return this.#turn.add(draft);
  }

  /** Moves a visitor to a place (made if new) and sends what they miss of it. */
  async moveTo(session: Session, rawPlace: string, held: Position | undefined): Promise<PlaceState> {
    const name = placeName(rawPlace);
    this.#admit.assertHealthy();
    this.#admit.placeFor(name);
    const target = await this.#rooms.load(name);
    const from = this.#rooms.get(session.place)!;
    if (target !== from) {
      this.#rooms.exit(from, session, { reason: 'moved', to: target.name });
      session.place = target.name;
      this.#ledger.save(session);
      this.#rooms.enter(target, session, from.name);
      if (session.away !== null) this.#bus.awayChanged(target.name, session, session.away);
    }
    // Already here and no position given: the visitor has everything live, so send nothing again.
    if (session.peer && (target !== from || held)) sendBacklog(this, session.peer, target, held, 'goto');
    return placeState(target, this.#directory);
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
    if (this.#stopped) return; // shutting down: the sockets closing now must not start grace timers again
    this.#startGrace(session);
  }

  /**
   * Takes back the sessions the store kept across a restart (SQLite): each is in its place again,
   * waiting its grace period for its visitor to resume, and nobody is told anything, as for a reload.
   */
  restoreSessions(): Promise<number> {
    return this.#ledger.restore({ sessions: this.#sessions, rooms: this.#rooms, startGrace: (session) => this.#startGrace(session) });
  }

  /** Stops every grace timer and writes every session down for the next start; the store and the cluster are closed by their owner. */
  shutdown(): void {
    this.#stopped = true;
    for (const session of this.#sessions.values()) {
      session.cancelGrace();
      this.#ledger.save(session);
    }
    this.#rooms.close();
  }

  /** Another node resumed this session: it is theirs now, so drop it here without a word to anyone. */
  sessionTaken(id: string): void {
    const session = this.#sessions.byId(id);
    if (!session) return;
    const peer = session.peer;
    const room = this.#drop(session);
    if (room) {
      room.flush();
      room.members.delete(session.key);
      this.#rooms.dropIfEmpty(room);
    }
    if (peer) closeReplaced(peer);
  }

  room(name: string): Room | undefined {
    return this.#rooms.get(name);
  }

  membersHere(place: string): string[] {
    return this.#rooms.membersHere(place);
  }

  placesHere(): { name: string; nicks: string[] }[] {
    return this.#rooms.placesHere();
  }

  /** Places held or being entered on this node (see Rooms.occupied). */
  occupiedPlaces(): ReadonlySet<string> {
    return this.#rooms.occupied();
  }

  sessions(): IterableIterator<Session> {
    return this.#sessions.values();
  }

  awayHere(place: string): Away[] {
    return awayIn(this.#rooms.get(place));
  }

  holderOf(key: string): Session | undefined {
    return this.#sessions.byNick(key);
  }

  invited(id: string, conversation: string): void {
    this.#private.invited(id, conversation);
  }

  /** What claiming, taking back and changing a nick work on. */
  #naming(): ClaimDeps {
    return { sessions: this.#sessions, directory: this.#directory, rooms: this.#rooms };
  }

  #joined(peer: Peer): Session {
    if (!peer.session) throw new ChatError(ErrorCode.NotJoined, 'join first (identify or resume)');
    return peer.session;
  }

  #attach(session: Session, peer: Peer): void {
    session.peer = peer;
    peer.session = session;
    session.stats.connections += 1;
  }

  #startGrace(session: Session): void {
    session.graceTimer = setTimeout(() => this.#forget(session, 'timeout'), this.options.graceMs);
    session.graceTimer.unref();
  }

  #forget(session: Session, reason: 'left' | 'timeout'): void {
    this.#ledger.remove(session);
    const room = this.#drop(session);
    if (room) this.#rooms.exit(room, session, { reason });
    this.#directory.ended(session);
  }

  /** Takes the session off this node's table and its connection; returns the room it was in. */
  #drop(session: Session): Room | undefined {
    this.#private.conversations.closeAll(session);
    this.#sessions.remove(session);
    this.metrics.retire(session.stats);
    session.peer = null;
    return this.#rooms.get(session.place);
  }
}
