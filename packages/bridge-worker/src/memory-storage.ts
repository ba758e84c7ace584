import type { ChatMessage, PendingLine } from '@itmchat/protocol';
import type { PlaceLog } from './place-log.js';
import type { BridgeStorage, StoredSession } from './storage.js';

/** Storage in plain memory: for tests, and for browsers where IndexedDB is unavailable (private modes). */
export class MemoryStorage implements BridgeStorage {
  session: StoredSession | null = null;
  outbox: PendingLine[] = [];
  readonly logs = new Map<string, PlaceLog>();

  async loadSession() {
    return this.session;
  }
  async saveSession(session: StoredSession | null) {
    this.session = session;
  }
  async loadOutbox() {
    return [...this.outbox];
  }
  async saveOutbox(lines: readonly PendingLine[]) {
    this.outbox = [...lines];
  }
  async loadLog(place: string) {
    return this.logs.get(place) ?? null;
  }
  async saveLog(log: PlaceLog, _added: readonly ChatMessage[]) {
    this.logs.set(log.place, log);
  }
  async clear() {
    this.session = null;
    this.outbox = [];
    this.logs.clear();
  }
}
