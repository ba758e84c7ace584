/**
 * The presence scripts of `RedisDirectory` and `RedisPlaceBus`. Each runs alone in Redis (a script is atomic), so a
 * nick claim is one SET NX, and a presence change and its event are one step: the event is
 * published on the place's channel in the same order as the change, among the messages.
 *
 * Keys and channels: see keys.ts.
 *
 * Every script takes the prefix as ARGV[1] and names its keys from it; as for the store's append
 * script, that is fine on one Redis, and for Redis Cluster the prefix needs a hash tag.
 */

import { FIELDS_OF_LUA } from './lua.js';

const HELPERS = `${FIELDS_OF_LUA}
local prefix = ARGV[1]
local function placeKey(place) return prefix .. 'presence:' .. place end
local function publish(place, event) redis.call('PUBLISH', prefix .. 'place:' .. place, cjson.encode(event)) end
local function present(place, key, nick, node, session)
  local order = redis.call('INCR', prefix .. 'presence-order')
  redis.call('HSET', placeKey(place), key, cjson.encode({nick = nick, node = node, order = order, session = session}))
  redis.call('SADD', prefix .. 'places', place)
end
local function absent(place, key)
  local removed = redis.call('HDEL', placeKey(place), key)
  if redis.call('HLEN', placeKey(place)) == 0 then redis.call('SREM', prefix .. 'places', place) end
  return removed == 1
end
`;

/**
 * ARGV: prefix, id, digest, nick, key, place, node, ttl, visitor. Returns 1 if the nick was free and
 * is now this session's.
 */
export const CLAIM_LUA = `${HELPERS}
local id, digest, nick, key, place, node, ttl, visitor = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
if not redis.call('SET', prefix .. 'nick:' .. key, id, 'NX', 'PX', ttl) then return 0 end
redis.call('HSET', prefix .. 'session:' .. id, 'nick', nick, 'key', key, 'place', place, 'node', node, 'digest', digest,
  'visitor', visitor)
redis.call('PEXPIRE', prefix .. 'session:' .. id, ttl)
return 1
`;

/**
 * ARGV: prefix, id, old digest, new digest, node. A resume on the node holding the session gave
 * it a new token: returns 1 once the record has the new digest (or is gone: the next beat writes
 * it again), 0 if another node took the session or rotated it first.
 */
export const ROTATE_LUA = `${HELPERS}
local id, old, new, node = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local s = fieldsOf(redis.call('HGETALL', prefix .. 'session:' .. id))
if not s.key then return 1 end
if s.node ~= node or s.digest ~= old then return 0 end
redis.call('HSET', prefix .. 'session:' .. id, 'digest', new)
return 1
`;

/**
 * ARGV: prefix, id, place, old key, new key, new nick, ttl. -nick: returns 1 once the session holds
 * the new nick, its old one freed and its presence entry renamed where it stands in the join
 * order; 0 if another session holds the new nick (or a look-alike).
 */
export const RENAME_LUA = `${HELPERS}
local id, place, old, key, nick, ttl = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
if key ~= old then
  if not redis.call('SET', prefix .. 'nick:' .. key, id, 'NX', 'PX', ttl) then return 0 end
  if redis.call('GET', prefix .. 'nick:' .. old) == id then redis.call('DEL', prefix .. 'nick:' .. old) end
end
if redis.call('EXISTS', prefix .. 'session:' .. id) == 1 then
  redis.call('HSET', prefix .. 'session:' .. id, 'nick', nick, 'key', key)
end
local entry = redis.call('HGET', placeKey(place), old)
if entry then
  local e = cjson.decode(entry)
  e.nick = nick
  redis.call('HDEL', placeKey(place), old)
  redis.call('HSET', placeKey(place), key, cjson.encode(e))
end
return 1
`;

/**
 * ARGV: prefix, id, place, key, nick, away ('1' away, '0' back), message. -away and -back: the
 * presence entry keeps the message (so -folks shows it on every node), and the place is told.
 */
export const AWAY_LUA = `${HELPERS}
local id, place, key, nick, isAway, message = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local entry = redis.call('HGET', placeKey(place), key)
if entry then
  local e = cjson.decode(entry)
  if isAway == '1' then e.away = message else e.away = nil end
  redis.call('HSET', placeKey(place), key, cjson.encode(e))
end
local event = {kind = 'away', nick = nick, key = key, session = id}
if isAway == '1' then event.away = message end
publish(place, event)
return 1
`;

/** ARGV: prefix, id, key. The session ended: its nick (if still its own) and record go. */
export const END_LUA = `${HELPERS}
local id, key = ARGV[2], ARGV[3]
if redis.call('GET', prefix .. 'nick:' .. key) == id then redis.call('DEL', prefix .. 'nick:' .. key) end
redis.call('DEL', prefix .. 'session:' .. id)
return 1
`;

/** ARGV: prefix, id, place, key, nick, node, from ('' for none). Into the place, and tell it. */
export const ENTER_LUA = `${HELPERS}
local id, place, key, nick, node, from = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
present(place, key, nick, node, id)
if redis.call('EXISTS', prefix .. 'session:' .. id) == 1 then
  redis.call('HSET', prefix .. 'session:' .. id, 'place', place)
end
local event = {kind = 'join', nick = nick, key = key, session = id}
if from ~= '' then event.from = from end
publish(place, event)
return 1
`;

/** ARGV: prefix, id, place, key, nick, reason, to ('' for none). Out of the place, and tell it (once). */
export const EXIT_LUA = `${HELPERS}
local id, place, key, nick, reason, to = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
if not absent(place, key) then return 0 end
local event = {kind = 'leave', nick = nick, key = key, session = id, reason = reason}
if to ~= '' then event.to = to end
publish(place, event)
return 1
`;

/**
 * ARGV: prefix, node, nodeTtl, sessionTtl, then 6 per session held by the node (id, digest, nick,
 * key, place, visitor). The node's heartbeat: it is alive, and its sessions' claims, records and presence
 * are renewed — or written again when Redis lost them (restarted empty). A nick now held by another
 * session is left alone: the ids of such sessions are returned and the node lets them go.
 */
export const BEAT_LUA = `${HELPERS}
local node, nodeTtl, ttl = ARGV[2], ARGV[3], ARGV[4]
redis.call('SET', prefix .. 'node:' .. node, '1', 'PX', nodeTtl)
local lost = {}
for i = 5, #ARGV, 6 do
  local id, digest, nick, key, place, visitor = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local owner = redis.call('GET', prefix .. 'nick:' .. key)
  local holder = redis.call('HGET', prefix .. 'session:' .. id, 'node')
  if (owner and owner ~= id) or (holder and holder ~= node) then
    lost[#lost + 1] = id
  else
    redis.call('SET', prefix .. 'nick:' .. key, id, 'PX', ttl)
    redis.call('HSET', prefix .. 'session:' .. id, 'nick', nick, 'key', key, 'place', place, 'node', node, 'digest', digest,
      'visitor', visitor)
    redis.call('PEXPIRE', prefix .. 'session:' .. id, ttl)
    local entry = redis.call('HGET', placeKey(place), key)
    if not entry then
      -- Swept while this node could not beat (cut off from Redis), or Redis lost it: listed again, and told.
      present(place, key, nick, node, id)
      publish(place, {kind = 'join', nick = nick, key = key, session = id})
    elseif cjson.decode(entry).node ~= node then
      local e = cjson.decode(entry)
      e.node = node
      redis.call('HSET', placeKey(place), key, cjson.encode(e))
    end
  end
end
return lost
`;

/**
 * ARGV: prefix, id, old digest, new digest, node, ttl. Takes a session over for a resume on this
 * node, under a new token: returns {nick, key, place}, or nil if the session is unknown, expired,
 * its nick went to someone else, or its token changed since the node checked the old digest.
 * Keeps its place in the join order when still listed; lists it again (with a join) when a sweep
 * had dropped it. Tells the node that held it, on the nodes channel.
 */
export const ADOPT_LUA = `${HELPERS}
local id, old, new, node, ttl = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local s = fieldsOf(redis.call('HGETALL', prefix .. 'session:' .. id))
if not s.key or s.digest ~= old then return nil end
local owner = redis.call('GET', prefix .. 'nick:' .. s.key)
if owner and owner ~= id then return nil end
redis.call('SET', prefix .. 'nick:' .. s.key, id, 'PX', ttl)
redis.call('HSET', prefix .. 'session:' .. id, 'node', node, 'digest', new)
redis.call('PEXPIRE', prefix .. 'session:' .. id, ttl)
local entry = redis.call('HGET', placeKey(s.place), s.key)
if entry then
  local e = cjson.decode(entry)
  e.node = node
  redis.call('HSET', placeKey(s.place), s.key, cjson.encode(e))
else
  present(s.place, s.key, s.nick, node, id)
  publish(s.place, {kind = 'join', nick = s.nick, key = s.key, session = id})
end
redis.call('PUBLISH', prefix .. 'nodes', cjson.encode({kind = 'taken', session = id, node = node}))
return {s.nick, s.key, s.place}
`;

/**
 * ARGV: prefix. Drops from presence everyone whose node stopped beating (its node key expired),
 * with a leave (reason timeout) on their place. Any node may run it; each leave is told once.
 */
export const SWEEP_LUA = `${HELPERS}
local swept = 0
for _, place in ipairs(redis.call('SMEMBERS', prefix .. 'places')) do
  local flat = redis.call('HGETALL', placeKey(place))
  for i = 1, #flat, 2 do
    local e = cjson.decode(flat[i + 1])
    if redis.call('EXISTS', prefix .. 'node:' .. e.node) == 0 and absent(place, flat[i]) then
      publish(place, {kind = 'leave', nick = e.nick, key = flat[i], session = e.session, reason = 'timeout'})
      swept = swept + 1
    end
  end
  if redis.call('HLEN', placeKey(place)) == 0 then redis.call('SREM', prefix .. 'places', place) end
end
return swept
`;
