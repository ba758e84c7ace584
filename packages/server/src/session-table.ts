import type { Session } from './session.js';

/** The sessions a node holds, by id (tokens name it) and by nick key (one session per nick). */
export class SessionTable {
  readonly #byId = new Map<string, Session>();
  readonly #byNick = new Map<string, Session>();

  byId(id: string): Session | undefined {
    return this.#byId.get(id);
  }

  byNick(key: string): Session | undefined {
    return this.#byNick.get(key);
  }

  add(session: Session): void {
    this.#byId.set(session.id, session);
    this.#byNick.set(session.key, session);
  }

  /** Forgets the session, stopping its grace timer. */
  remove(session: Session): void {
    session.cancelGrace();
    this.#byId.delete(session.id);
    if (this.#byNick.get(session.key) === session) this.#byNick.delete(session.key);
  }

  values(): IterableIterator<Session> {
    return this.#byId.values();
  }
}
