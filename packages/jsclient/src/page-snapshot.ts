import type { ChatMessage, NoteMark, Snapshot } from '@itmchat/protocol';

/** Messages the page keeps for its first paint: what fills the log's view, not its whole history. */
const KEPT_MESSAGES = 50;
const STATES: ReadonlySet<string> = new Set(['idle', 'connecting', 'joined', 'offline']);
const VERSION = 1;

/**
 * The last picture a page of this chat drew, in synchronous storage (localStorage, shared by
 * the origin's tabs), so the next page draws the chat at its first paint, before the worker has
 * answered: state, nick, place, members and the last messages. The worker's snapshot then
 * replaces it. Never trusted further than its shape: anything odd is ignored.
 */
export class PageSnapshot {
  constructor(
    private readonly key: string,
    private readonly storage: Storage | null = storageOrNull(),
  ) {}

  load(): Snapshot | null {
    try {
      const stored = JSON.parse(this.storage?.getItem(this.key) ?? 'null') as { v?: number; snapshot?: unknown } | null;
      return stored?.v === VERSION && isSnapshot(stored.snapshot) ? stored.snapshot : null;
    } catch {
      return null;
    }
  }

  save(snapshot: Snapshot): void {
    const messages = snapshot.messages.slice(-KEPT_MESSAGES);
    const first = messages[0]?.seq ?? 0;
    const kept: Snapshot = { ...snapshot, messages, gaps: snapshot.gaps.filter((gap) => gap.to >= first) };
    try {
      this.storage?.setItem(this.key, JSON.stringify({ v: VERSION, snapshot: kept }));
    } catch {
      // Storage full or refused: the next page waits for the worker, as without it.
    }
  }
}

function storageOrNull(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked (a sandboxed frame, a privacy setting)
  }
}

function isMessage(value: unknown): value is ChatMessage {
  const m = value as ChatMessage;
  return typeof m === 'object' && m !== null && Number.isSafeInteger(m.seq) && typeof m.nick === 'string' && typeof m.text === 'string';
}

/** The field each kind of note's renderer reads first, and must find (the rest is read as text). */
const NOTE_FIELDS: Readonly<Record<string, (note: Record<string, unknown>) => boolean>> = {
  presence: (n) => typeof n['nick'] === 'string',
  away: (n) => typeof n['nick'] === 'string',
  reply: (n) => typeof (n['result'] as { command?: unknown } | undefined)?.command === 'string',
  commandError: (n) => typeof (n['error'] as { code?: unknown } | undefined)?.code === 'string',
  dropped: (n) => typeof n['text'] === 'string' && typeof (n['error'] as { message?: unknown } | undefined)?.message === 'string',
  notice: (n) => typeof n['message'] === 'string',
};

function isNoteMark(value: unknown): value is NoteMark {
  const m = value as { id?: unknown; afterSeq?: unknown; note?: Record<string, unknown> };
  const check = NOTE_FIELDS[String(m?.note?.['kind'])];
  return typeof m?.id === 'string' && Number.isSafeInteger(m.afterSeq) && check !== undefined && check(m.note!);
}

function isSnapshot(value: unknown): value is Snapshot {
  const s = value as Snapshot;
  return (
    typeof s === 'object' &&
    s !== null &&
    STATES.has(s.state) &&
    (s.nick === null || typeof s.nick === 'string') &&
    (s.place === null || typeof s.place === 'string') &&
    Array.isArray(s.members) &&
    s.members.every((m) => typeof m === 'string') &&
    Array.isArray(s.messages) &&
    s.messages.every(isMessage) &&
    Array.isArray(s.gaps) &&
    s.gaps.every((g) => Number.isSafeInteger(g?.from) && Number.isSafeInteger(g?.to)) &&
    Array.isArray(s.pending) &&
    s.pending.every((p) => typeof p?.cid === 'string' && typeof p?.text === 'string') &&
    (s.textMaxLength === undefined || Number.isSafeInteger(s.textMaxLength)) &&
    (s.notes === undefined || (Array.isArray(s.notes) && s.notes.every(isNoteMark)))
  );
}
