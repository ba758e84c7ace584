import { HISTORY_PAGE_MAX, type ChatMessage, type HistoryPage, type ServerApi } from '@itmchat/protocol';
import { oldestKept } from './backlog-plan.js';
import type { Peer } from './peer.js';
import { encodeMessagePieces } from './push.js';
import type { Room } from './room.js';
import { BACKLOG_PIECE_BYTES, BACKLOG_READ_MESSAGES, type BacklogDeps } from './send-backlog.js';

/**
 * Answers `history`: the numbers before `before` that the place keeps, at most `limit`, sent as
 * `history` pushes in the backlog's bounded pieces, each once the one before has left the
 * server's buffers (so a visitor who asks and does not read holds one piece here), read from the
 * store a batch at a time. Resolves with the reply that follows them, saying which numbers they
 * held: exact, as a resume is, whatever the store trimmed meanwhile.
 */
export async function sendHistory(
  { store, metrics, options }: BacklogDeps,
  peer: Peer,
  room: Room,
  { before, limit = HISTORY_PAGE_MAX }: ServerApi['history']['params'],
): Promise<HistoryPage> {
  const { name: place, epoch, head } = room;
  const oldest = head === 0 ? 0 : oldestKept(head, options.historyLimit);
  const to = Math.min(before - 1, head);
  const wanted = Math.max(oldest, to - Math.min(limit, HISTORY_PAGE_MAX) + 1, 1);
  let from = wanted;
  let last: ChatMessage | undefined;
  for (let next = from; next <= to;) {
    const batch = await metrics.timeStore('read', () => store.readRange(place, next, Math.min(to, next + BACKLOG_READ_MESSAGES - 1)));
    if (batch.length === 0) break; // trimmed away while the earlier pieces went out
    // A store that trimmed before the first read: the page starts where the history now does.
    if (last === undefined) from = batch[0]!.seq;
    for (const piece of encodeMessagePieces('history', place, epoch, batch, BACKLOG_PIECE_BYTES)) await peer.sendPaced(piece);
    metrics.backlogMessages.history += batch.length;
    if (peer.session) peer.session.stats.messagesSent += batch.length;
    last = batch.at(-1)!;
    next = last.seq + 1;
  }
  // Nothing left of the numbers asked for: the place keeps nothing up to `to` any more.
  if (last === undefined) return { place, epoch, from, to: from - 1, oldest: from <= to ? to + 1 : oldest };
  return { place, epoch, from, to: last.seq, oldest: from > wanted ? from : oldest };
}
