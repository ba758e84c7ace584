import type { ChatMessage } from '@itmchat/protocol';
import { newEpoch } from './epoch.js';
import { StoreUnavailableError, type AppendOutcome, type ChatStore, type MessageDraft, type PlaceRecord } from './store.js';

interface MemoryPlace {
  readonly name: string;
  readonly epoch: string;
  head: number;
  /** Retained messages with their cid keys, oldest first; trimmed in chunks so appends stay O(1) amortised. */
  readonly entries: { readonly message: ChatMessage; readonly cidKey: string }[];
}

/** Everything in process memory: for tests and throw-away demos. A restart starts new epochs. */
export class MemoryStore implements ChatStore {
  readonly #places = new Map<string, MemoryPlace>();
  /** author + cid → the stored message, for exactly-once says. */
  readonly #byCid = new Map<string, AppendOutcome>();
  readonly #historyLimit: number;
  #closed = false;

  constructor(options: { readonly historyLimit: number }) {
    this.#historyLimit = options.historyLimit;
  }

  async ensurePlace(name: string): Promise<PlaceRecord> {
    const place = this.#place(name);
    return { name: place.name, epoch: place.epoch, head: place.head };
  }

  async append(drafts: readonly MessageDraft[]): Promise<AppendOutcome[]> {
    this.#assertOpen();
    return drafts.map((draft) => this.#appendOne(draft));
  }

  #appendOne(draft: MessageDraft): AppendOutcome {
    const cidKey = `${draft.author}\u0000${draft.cid}`;
    const earlier = this.#byCid.get(cidKey);
    if (earlier) return { ...earlier, duplicate: true };
    const place = this.#place(draft.place);
    place.head += 1;
    const message: ChatMessage = { seq: place.head, at: draft.at, nick: draft.nick, text: draft.text };
    place.entries.push({ message, cidKey });
    const outcome = { place: place.name, message, duplicate: false };
    this.#byCid.set(cidKey, outcome);
    this.#trim(place);
    return outcome;
  }

  async readRange(name: string, from: number, to: number): Promise<ChatMessage[]> {
    this.#assertOpen();
    const place = this.#places.get(name);
    if (!place) return [];
    // Entries hold consecutive numbers (only the oldest are ever trimmed), so the range is a slice.
    const first = place.entries[0]?.message.seq ?? 1;
    return place.entries.slice(Math.max(0, from - first), Math.max(0, to - first + 1)).map((e) => e.message);
  }

  async release(name: string): Promise<void> {
    if (this.#places.get(name)?.head === 0) this.#places.delete(name);
  }

  async expire(before: number, keep: ReadonlySet<string>): Promise<number> {
    this.#assertOpen();
    let forgotten = 0;
    for (const place of this.#places.values()) {
      if (keep.has(place.name) || (place.entries.at(-1)?.message.at ?? 0) >= before) continue;
      for (const entry of place.entries) this.#byCid.delete(entry.cidKey);
      this.#places.delete(place.name);
      forgotten += 1;
    }
    return forgotten;
  }

  async check(): Promise<void> {
    this.#assertOpen();
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #place(name: string): MemoryPlace {
    this.#assertOpen();
    let place = this.#places.get(name);
    if (!place) {
      place = { name, epoch: newEpoch(), head: 0, entries: [] };
      this.#places.set(name, place);
    }
    return place;
  }

  #trim(place: MemoryPlace): void {
    if (place.entries.length < this.#historyLimit * 2) return;
    const dropped = place.entries.splice(0, place.entries.length - this.#historyLimit);
    for (const entry of dropped) this.#byCid.delete(entry.cidKey);
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreUnavailableError('store is closed');
  }
}
