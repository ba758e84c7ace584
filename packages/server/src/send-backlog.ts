import type { Position } from '@itmchat/protocol';
import { gapAfterRead, planBacklog } from './backlog-plan.js';
import type { ServerMetrics } from './metrics.js';
import type { ServerOptions } from './options.js';
import type { Peer } from './peer.js';
import { encodePush } from './push.js';
import type { Room } from './room.js';
import type { ChatStore } from './store/store.js';

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
  const { store, metrics } = deps;
  const plan = planBacklog({ seq: room.head, epoch: room.epoch }, held, deps.options);
  const { name: place, epoch } = room;
  peer.catchUp(async () => {
    const messages = plan.from <= plan.to ? await metrics.timeStore('read', () => store.readRange(place, plan.from, plan.to)) : [];
    const gap = gapAfterRead(plan, messages[0]?.seq ?? plan.to + 1);
    metrics.backlogMessages[kind] += messages.length;
    if (gap) metrics.gaps[gap.reason] += 1;
    const frames: string[] = [];
    if (gap) frames.push(encodePush('gap', { place, epoch, ...gap }));
    if (messages.length > 0) frames.push(encodePush('userSay', { place, epoch, messages }));
    if (peer.session) peer.session.stats.messagesSent += messages.length;
    return frames;
  });
}
