import { clear, createStore, get, getMany, promisifyRequest, set, type UseStore } from 'idb-keyval';
import type { ChatMessage, GapMark, NoteMark, PendingLine } from '@itmchat/protocol';
import type { PlaceLog } from './place-log.js';
import type { BridgeStorage, StoredSession } from './storage.js';

interface LogIndex {
  readonly epoch: string;
  readonly gaps: readonly GapMark[];
  /** The place's notes (bounded): small, so kept whole in the index. */
  readonly notes?: readonly NoteMark[];
  /** Numbers of the messages stored, each under its own key, so appending writes only the new ones. */
  readonly seqs: readonly number[];
}

const messageKey = (place: string, seq: number) => `msg:${place}:${seq}`;
const indexKey = (place: string) => `log:${place}`;

/** The browser's storage: IndexedDB through idb-keyval, one database per server. */
export class IdbStorage implements BridgeStorage {
  readonly #store: UseStore;
  /** What is on disk per place, so a save deletes exactly what the log dropped. */
  readonly #stored = new Map<string, readonly number[]>();

  constructor(databaseName: string) {
    this.#store = createStore(databaseName, 'itmchat');
  }

  async loadSession() {
    return (await get<StoredSession>('session', this.#store)) ?? null;
  }

  async saveSession(session: StoredSession | null) {
    await set('session', session, this.#store);
  }

  async loadOutbox() {
    return (await get<PendingLine[]>('outbox', this.#store)) ?? [];
  }

  async saveOutbox(lines: readonly PendingLine[]) {
    await set('outbox', lines, this.#store);
  }

  async loadLog(place: string): Promise<PlaceLog | null> {
    const index = await get<LogIndex>(indexKey(place), this.#store);
    if (!index) return null;
    const messages = (
      await getMany<ChatMessage | undefined>(
        index.seqs.map((seq) => messageKey(place, seq)),
        this.#store,
      )
    ).filter((m): m is ChatMessage => m !== undefined);
    this.#stored.set(
      place,
      messages.map((m) => m.seq),
    );
    return { place, epoch: index.epoch, gaps: index.gaps, notes: index.notes ?? [], messages };
  }

  async saveLog(log: PlaceLog, added: readonly ChatMessage[]) {
    const before = this.#stored.get(log.place) ?? (await get<LogIndex>(indexKey(log.place), this.#store))?.seqs ?? [];
    const seqs = log.messages.map((m) => m.seq);
    const kept = new Set(seqs);
    this.#stored.set(log.place, seqs);
    const index: LogIndex = { epoch: log.epoch, gaps: log.gaps, notes: log.notes ?? [], seqs };
    // Only what the index lists: a message written but not indexed would never be deleted.
    const written = added.filter((m) => kept.has(m.seq));
    const dropped = before.filter((seq) => !kept.has(seq));
    // One transaction: the index and the messages it lists change together or not at all.
    await this.#store('readwrite', (store) => {
      store.put(index, indexKey(log.place));
      for (const message of written) store.put(message, messageKey(log.place, message.seq));
      for (const seq of dropped) store.delete(messageKey(log.place, seq));
      return promisifyRequest(store.transaction);
    });
  }

  async clear() {
    this.#stored.clear();
    await clear(this.#store);
  }
}
