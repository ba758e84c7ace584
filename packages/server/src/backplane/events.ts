import type { ClientApi } from '@itmchat/protocol';
import type { PublishedMessage } from '../store/redis-store.js';

/**
 * Everything published on a place's channel, in the order Redis ran it: new messages (from the
 * store's append script) and presence changes (from the presence scripts). One channel for both,
 * so a member sees a leave after the lines said before it, on every node.
 */
export type PlaceEvent =
  | PublishedMessage
  | { readonly kind: 'join'; readonly nick: string; readonly key: string; readonly from?: string }
  | {
      readonly kind: 'leave';
      readonly nick: string;
      readonly key: string;
      readonly reason: ClientApi['userLeave']['reason'];
      readonly to?: string;
    };

/** Published on the nodes channel. `taken`: node `node` resumed the session with id `session`; whoever held it drops it. */
export type NodeEvent = { readonly kind: 'taken'; readonly session: string; readonly node: string };

const PLACE_KINDS = new Set(['say', 'join', 'leave']);

/** Parses what our own scripts published; null for anything else (another program on the channel). */
export function parsePlaceEvent(json: string): PlaceEvent | null {
  const value = parseObject(json);
  return value && PLACE_KINDS.has(value['kind'] as string) ? (value as unknown as PlaceEvent) : null;
}

export function parseNodeEvent(json: string): NodeEvent | null {
  const value = parseObject(json);
  return value && value['kind'] === 'taken' && typeof value['session'] === 'string' ? (value as unknown as NodeEvent) : null;
}

function parseObject(json: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
