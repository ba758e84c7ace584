import type { ChatMessage, Position } from '@itmchat/protocol';
import { gapAfterRead, planBacklog, type BacklogPlan } from './backlog-plan.js';
import type { ServerMetrics } from './metrics.js';
import type { ServerOptions } from './options.js';
import type { Peer } from './peer.js';
import { encodeMessagePieces, encodePush } from './push.js';
import type { Room } from './room.js';
import type { ChatStore } from './store/store.js';

/**
 * A backlog is sent in `userSay` pieces of at most this many bytes (a piece holds at least one
 * message), each once the one before has left the server's buffers: what a visitor who does not
 * read can make the server hold is one piece and one store read, whatever the history holds.
 */
export const BACKLOG_PIECE_BYTES = 64 * 1024;
/** Messages per store read while a backlog is sent: at most ~200 KB of maximum-length messages, about three pieces. */
export const BACKLOG_READ_MESSAGES = 32;

export interface BacklogDeps {
  readonly store: ChatStore;
  readonly metrics: ServerMetrics;
  readonly options: Pick<ServerOptions, 'historyLimit' | 'joinBacklog'>;
}

/**
 * Sends `peer` what it misses of `room` after the position it holds (or the recent backlog, or a
 * gap), as a catch-up: after the current call's reply and before any live push. Planned up to
 * what has gone out; messages still queued this turn reach the peer live, after the backlog.
 */
export function sendBacklog(
  deps: BacklogDeps,
  peer: Peer,
  room: Room,
  held: Position | undefined,
  kind: keyof ServerMetrics['backlogMessages'],
): void {
  const plan = planBacklog({ seq: room.head, epoch: room.epoch }, held, deps.options);
  const { name: place, epoch } = room;
  peer.catchUp(() => backlogFrames(deps, plan, place, epoch, peer, kind));
}

/** The gap (if any) and the backlog's pieces, read from the store a batch at a time as they are taken. */
async function* backlogFrames(
  { store, metrics }: BacklogDeps,
  plan: BacklogPlan,
  place: string,
  epoch: string,
  peer: Peer,
  kind: keyof ServerMetrics['backlogMessages'],
): AsyncGenerator<string> {
  const read = (from: number) =>
    metrics.timeStore('read', () => store.readRange(place, from, Math.min(plan.to, from + BACKLOG_READ_MESSAGES - 1)));
  let messages: ChatMessage[] = plan.from <= plan.to ? await read(plan.from) : [];
  const gap = gapAfterRead(plan, messages[0]?.seq ?? plan.to + 1);
  if (gap) {
    metrics.gaps[gap.reason] += 1;
    yield encodePush('gap', { place, epoch, ...gap });
  }
  while (messages.length > 0) {
    metrics.backlogMessages[kind] += messages.length;
    if (peer.session) peer.session.stats.messagesSent += messages.length;
    yield* encodeMessagePieces('userSay', place, epoch, messages, BACKLOG_PIECE_BYTES);
    const next = messages.at(-1)!.seq + 1;
    if (next > plan.to) return;
    messages = await read(next);
    // Trimmed while the earlier pieces went out (a store that trims on every append): say so.
    const first = messages[0]?.seq ?? plan.to + 1;
    if (first > next) {
      metrics.gaps.trimmed += 1;
      yield encodePush('gap', { place, epoch, reason: 'trimmed', missed: { from: next, to: first - 1 } });
    }
  }
}
