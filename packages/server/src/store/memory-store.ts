import type { ChatMessage } from '@itmchat/protocol';
import { newEpoch } from './epoch.js';
import {
  CONVERSATIONS_LISTED,
  listings,
  StoreUnavailableError,
  messageOf,
  type AppendOutcome,
  type ChatStore,
  type ConversationRecord,
  type MessageDraft,
  type Party,
  type PlaceRecord,
} from './store.js';

interface MemoryPlace {
  readonly name: string;
  readonly epoch: string;
  head: number;
  topic: string | undefined;
  /** Retained messages with their cid keys, oldest first; trimmed in chunks so appends stay O(1) amortised. */
  readonly entries: { readonly message: ChatMessage; readonly cidKey: string }[];
}

/** Everything in process memory: for tests and throw-away demos. A restart starts new epochs. */
export class MemoryStore implements ChatStore {
  readonly #places = new Map<string, MemoryPlace>();
  /** author + cid → the stored message, for exactly-once says. */
  readonly #byCid = new Map<string, AppendOutcome>();
  /** visitor → conversation id → the other side's nick and when it was last used. */
  readonly #conversations = new Map<string, Map<string, { with: string; at: number }>>();
  /** Nick key → the account it belongs to. */
  readonly #nickAccounts = new Map<string, string>();
  readonly #historyLimit: number;
  #closed = false;

  constructor(options: { readonly historyLimit: number }) {
    this.#historyLimit = options.historyLimit;
  }

  async ensurePlace(name: string): Promise<PlaceRecord> {
    return recordOf(this.#place(name));
  }

  async conversationsOf(visitor: string, limit: number): Promise<ConversationRecord[]> {
    this.#assertOpen();
    const listed = [...(this.#conversations.get(visitor) ?? [])].sort((a, b) => b[1].at - a[1].at);
    return listed
      .flatMap(([id, entry]) => {
        const place = this.#places.get(id);
        return place ? [{ id, with: entry.with, epoch: place.epoch, head: place.head }] : [];
      })
      .slice(0, limit);
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
    const message = messageOf(draft, place.head);
    if (draft.kind === 'topic') place.topic = draft.text || undefined;
    if (draft.parties) this.#list(draft.place, draft.parties, draft.at);
    place.entries.push({ message, cidKey });
    const outcome = { place: place.name, message, duplicate: false };
    this.#byCid.set(cidKey, outcome);
    this.#trim(place);
    return outcome;
  }

  async nickAccount(key: string): Promise<string | null> {
    this.#assertOpen();
    return this.#nickAccounts.get(key) ?? null;
  }

  async reserveNick(key: string, subject: string): Promise<string> {
    this.#assertOpen();
    if (!this.#nickAccounts.has(key)) this.#nickAccounts.set(key, subject);
    return this.#nickAccounts.get(key)!;
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
      place = { name, epoch: newEpoch(), head: 0, topic: undefined, entries: [] };
      this.#places.set(name, place);
    }
    return place;
  }

  #list(id: string, parties: readonly [Party, Party], at: number): void {
    for (const side of listings(parties)) {
      let listed = this.#conversations.get(side.visitor);
      if (!listed) this.#conversations.set(side.visitor, (listed = new Map()));
      listed.set(id, { with: side.with, at });
      if (listed.size > CONVERSATIONS_LISTED) listed.delete([...listed].sort((a, b) => a[1].at - b[1].at)[0]![0]);
    }
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

function recordOf({ name, epoch, head, topic }: MemoryPlace): PlaceRecord {
  return topic === undefined ? { name, epoch, head } : { name, epoch, head, topic };
}
