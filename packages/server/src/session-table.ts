import type { Session } from './session.js';

/** The sessions a node holds, by id (tokens name it), by nick key (one session per nick) and by address (the per-address bound). */
export class SessionTable {
  readonly #byId = new Map<string, Session>();
  readonly #byNick = new Map<string, Session>();
  /** Oldest first: the one to let go when an address is over its bound. */
  readonly #byAddress = new Map<string, Set<Session>>();

  byId(id: string): Session | undefined {
    return this.#byId.get(id);
  }

  byNick(key: string): Session | undefined {
    return this.#byNick.get(key);
  }

  /** Sessions held for `address`, oldest first (as they joined or were last resumed from it). */
  ofAddress(address: string): ReadonlySet<Session> {
    return this.#byAddress.get(address) ?? NONE;
  }

  add(session: Session): void {
    this.#byId.set(session.id, session);
    this.#byNick.set(session.key, session);
    this.#index(session);
  }

  /** The session goes by another nick now (-nick): its old key is free here. */
  rename(session: Session, nick: string, key: string): void {
    if (this.#byNick.get(session.key) === session) this.#byNick.delete(session.key);
    session.nick = nick;
    session.key = key;
    this.#byNick.set(key, session);
  }

  /** The session is now held from `address` (a resume from another connection). */
  readdress(session: Session, address: string): void {
    this.#unindex(session);
    session.address = address;
    this.#index(session);
  }

  /** Forgets the session, stopping its grace timer. */
  remove(session: Session): void {
    session.cancelGrace();
    this.#byId.delete(session.id);
    if (this.#byNick.get(session.key) === session) this.#byNick.delete(session.key);
    this.#unindex(session);
  }

  #index(session: Session): void {
    let sessions = this.#byAddress.get(session.address);
    if (!sessions) this.#byAddress.set(session.address, (sessions = new Set()));
    sessions.add(session);
  }

  #unindex(session: Session): void {
    const sessions = this.#byAddress.get(session.address);
    if (!sessions?.delete(session)) return;
    if (sessions.size === 0) this.#byAddress.delete(session.address);
  }

  values(): IterableIterator<Session> {
    return this.#byId.values();
  }
}

const NONE: ReadonlySet<Session> = new Set();
