import type { ChatMessage, GapMark, NoteMark } from '@itmchat/protocol';
import { mergeBySeq } from './merge-by-seq.js';

/** Messages kept per place in the browser: as many as the server keeps by default, so a page holds all it could resume. */
export const DEFAULT_LOG_LIMIT = 1000;
/** Notes kept per place: the recent ones, which is all a reader scrolls back to. */
export const NOTES_KEPT = 50;

/**
 * What this browser holds of one place: the newest messages in number order, the gaps the
 * server reported, and the epoch they belong to. Pure data and pure functions.
 */
export interface PlaceLog {
  readonly place: string;
  readonly epoch: string;
  readonly messages: readonly ChatMessage[];
  readonly gaps: readonly GapMark[];
  /** The place's notes, oldest first, at most NOTES_KEPT (absent in a log an older worker stored). */
  readonly notes?: readonly NoteMark[];
}

export function emptyLog(place: string, epoch: string): PlaceLog {
  return { place, epoch, messages: [], gaps: [], notes: [] };
}

/** Adds a note, keeping the newest NOTES_KEPT. */
export function addNote(log: PlaceLog, mark: NoteMark): PlaceLog {
  return { ...log, notes: [...(log.notes ?? []), mark].slice(-NOTES_KEPT) };
}

/** Number of the newest message held; 0 when none. */
export function lastSeq(log: PlaceLog): number {
  return log.messages.at(-1)?.seq ?? 0;
}

/**
 * Adds messages, keeping number order and dropping any number already held, then trims to
 * `limit`. Returns the new log and the messages that were really new and kept, in order.
 */
export function addMessages(
  log: PlaceLog,
  incoming: readonly ChatMessage[],
  limit = DEFAULT_LOG_LIMIT,
): { log: PlaceLog; added: ChatMessage[] } {
  const { merged, fresh } = mergeBySeq(log.messages, incoming);
  if (fresh.length === 0) return { log, added: fresh };
  const messages = merged.length > limit ? merged.slice(merged.length - limit) : merged;
  const oldest = messages[0]?.seq ?? 0;
  // Report only what the log really kept: a message trimmed at once is neither shown nor stored.
  const added = fresh.filter((m) => m.seq >= oldest);
  return { log: { ...log, messages, gaps: log.gaps.filter((g) => g.to >= oldest) }, added };
}

export function addGap(log: PlaceLog, gap: GapMark): PlaceLog {
  return { ...log, gaps: [...log.gaps, gap] };
}

/** A stretch of a log: messages in number order, with the notes and gaps among them. */
export type LogPart = Required<Pick<PlaceLog, 'messages' | 'gaps' | 'notes'>>;

/** What a page draws at once of a place: its newest messages, with the notes and gaps among them. */
export function recent(log: PlaceLog, count: number): LogPart {
  return heldBefore(log, Infinity, count);
}

/** The newest `count` messages held before number `before`, with the notes and gaps among them. */
export function heldBefore(log: PlaceLog, before: number, count: number): LogPart {
  const messages = log.messages.filter((m) => m.seq < before).slice(-count);
  // None held before `before`: the stretch starts there (an empty log's notes all sit before message 1).
  const first = messages[0]?.seq ?? Math.min(before, lastSeq(log) + 1);
  const among = (seq: number) => seq >= first - 1 && seq < before - 1;
  return {
    messages,
    gaps: log.gaps.filter((g) => g.from < before && g.to >= first - 1),
    notes: (log.notes ?? []).filter((n) => among(n.afterSeq)),
  };
}

/**
 * Older messages fetched from the server, kept when the log has room for them (a log at its
 * limit keeps its newest: the page still shows what was fetched, the browser does not store it).
 */
export function addOlder(
  log: PlaceLog,
  incoming: readonly ChatMessage[],
  limit = DEFAULT_LOG_LIMIT,
): { log: PlaceLog; added: ChatMessage[] } {
  const { merged, fresh } = mergeBySeq(log.messages, incoming);
  if (fresh.length === 0 || merged.length > limit) return { log, added: [] };
  return { log: { ...log, messages: merged }, added: fresh };
}
