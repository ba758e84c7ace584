import { DEFAULT_REDIS_PREFIX } from '../options.js';

/**
 * Every key and channel itmchat uses in Redis, all under one prefix (default `itmchat:`); the
 * one list of them. docs/scaling.md describes each in full (type, contents, who writes it).
 *
 * Store (RedisStore): `place:<name>` hash {epoch, head}; `history:<name>` stream, entry `<seq>-0`
 * per message; `cid:<author>` hash cid → "<seq> <place>"; `conversations:<visitor>` hash conversation id →
 * {with, at}, the private conversations a visitor lists (a conversation's own keys are a place's).
 * Accounts (RedisStore): `nick-account:<key>` the signed account a nick belongs to, for good.
 * Presence (RedisDirectory, RedisPlaceBus): `nick:<key>` the session holding a nick; `session:<id>` hash {nick,
 * key, place, node, digest}; `presence:<place>` hash nick key → {nick, node, order, session};
 * `places` set; `presence-order` counter; `node:<id>` a live node's heartbeat.
 * Channels: `place:<name>` (says and presence events, in the order Redis ran them), `nodes`
 * (sessions taken over). Channels do not share the key space, so `place:` names both a hash and a channel.
 *
 * The Lua scripts name their keys from the prefix too (they read keys they are not handed), which
 * is fine on one Redis; on Redis Cluster the prefix needs a hash tag (`{itmchat}:`).
 */
export type KeyKind = 'place' | 'history' | 'cid' | 'conversations' | 'nick' | 'nick-account' | 'session' | 'presence' | 'node';

export function redisKey(prefix: string, kind: KeyKind, name: string): string {
  return `${prefix}${kind}:${name}`;
}

/** The set of places with anyone in them. */
export const placesKey = (prefix: string): string => `${prefix}places`;

/** The pub/sub channel of a place: its new messages, in number order, and its presence events. */
export function placeChannel(place: string, prefix: string = DEFAULT_REDIS_PREFIX): string {
  return `${prefix}place:${place}`;
}

/** The pub/sub channel on which a node says it took a session over. */
export const nodesChannel = (prefix: string): string => `${prefix}nodes`;
