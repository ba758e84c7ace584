import { FIELDS_OF_LUA } from './lua.js';

/**
 * The store's scripts (RedisStore). Redis runs a script alone, start to end: for each draft in
 * order the cid check, the place creation, HINCRBY head, XADD `<seq>-0`, the cid record, the trim
 * and the PUBLISH are one step, so numbering is gap-free and repeat-free across nodes and
 * subscribers see messages in number order. Keys: see keys.ts.
 */

// KEYS: 3 per draft (place hash, history stream, the author's cid hash).
// ARGV: prefix, historyLimit, retention ms (0: keep), listed conversations per visitor, then 14 per draft (place,
// fresh epoch, nick, author, cid, text, at, session, kind, to, then a private line's two sides: visitor, nick,
// visitor, nick; '' where not set).
// Returns per draft {0, place, seq} when stored, {1, place, seq, at, nick, text, kind, to} for a duplicate.
export const APPEND_LUA = `${FIELDS_OF_LUA}
local prefix = ARGV[1]
local limit = tonumber(ARGV[2])
local retention = ARGV[3]
local listed = tonumber(ARGV[4])

-- A place with messages lives \`retention\` after its last one (or for good), as does its author's cid record.
local function keep(placeKey, historyKey, cidKey)
  if retention == '0' then
    redis.call('PERSIST', placeKey)
  else
    redis.call('PEXPIRE', placeKey, retention)
    redis.call('PEXPIRE', historyKey, retention)
    redis.call('PEXPIRE', cidKey, retention)
  end
end

local function stored(entry)
  local space = string.find(entry, ' ', 1, true)
  if not space then return nil end
  local seq = string.sub(entry, 1, space - 1)
  local place = string.sub(entry, space + 1)
  local found = redis.call('XRANGE', prefix .. 'history:' .. place, seq .. '-0', seq .. '-0')
  if not found[1] then return nil end
  local f = fieldsOf(found[1][2])
  return {1, place, tonumber(seq), f.at, f.nick, f.text, f.kind or '', f.to or ''}
end

-- Each side of a private conversation lists it (conversations:<visitor>, id -> {with, at}), the
-- most recently used \`listed\` only, kept as long as the history is.
local function list(id, visitor, with, at)
  local key = prefix .. 'conversations:' .. visitor
  redis.call('HSET', key, id, cjson.encode({with = with, at = tonumber(at)}))
  if redis.call('HLEN', key) > listed then
    local oldest, oldestAt = nil, nil
    local all = redis.call('HGETALL', key)
    for i = 1, #all, 2 do
      local entryAt = cjson.decode(all[i + 1]).at
      if not oldestAt or entryAt < oldestAt then oldest, oldestAt = all[i], entryAt end
    end
    redis.call('HDEL', key, oldest)
  end
  if retention ~= '0' then redis.call('PEXPIRE', key, retention) end
end

local function trim(historyKey, place)
  local excess = redis.call('XLEN', historyKey) - limit
  if excess <= 0 then return end
  for _, entry in ipairs(redis.call('XRANGE', historyKey, '-', '+', 'COUNT', excess)) do
    local f = fieldsOf(entry[2])
    local cidKey = prefix .. 'cid:' .. f.author
    if redis.call('HGET', cidKey, f.cid) == string.match(entry[1], '^%d+') .. ' ' .. place then
      redis.call('HDEL', cidKey, f.cid)
    end
  end
  redis.call('XTRIM', historyKey, 'MAXLEN', limit)
end

local epochs = {}
local out = {}
for i = 0, #KEYS / 3 - 1 do
  local placeKey, historyKey, cidKey = KEYS[3 * i + 1], KEYS[3 * i + 2], KEYS[3 * i + 3]
  local a = 4 + 14 * i
  local place, epoch, nick, author, cid, text, at, session =
    ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], ARGV[a + 8]
  local kind, to = ARGV[a + 9], ARGV[a + 10]
  local earlier = redis.call('HGET', cidKey, cid)
  local outcome = earlier and stored(earlier)
  if not outcome then
    if not epochs[place] then
      redis.call('HSETNX', placeKey, 'epoch', epoch)
      epochs[place] = redis.call('HGET', placeKey, 'epoch')
    end
    local seq = string.format('%d', redis.call('HINCRBY', placeKey, 'head', 1))
    local entry = {'at', at, 'nick', nick, 'text', text, 'author', author, 'cid', cid}
    local extra = ''
    if kind ~= '' then
      entry[#entry + 1], entry[#entry + 2] = 'kind', kind
      extra = ',"messageKind":' .. cjson.encode(kind)
      if kind == 'topic' then redis.call('HSET', placeKey, 'topic', text) end
    end
    if to ~= '' then
      entry[#entry + 1], entry[#entry + 2] = 'to', to
      extra = extra .. ',"to":' .. cjson.encode(to)
      list(place, ARGV[a + 11], ARGV[a + 14], at)
      list(place, ARGV[a + 13], ARGV[a + 12], at)
    end
    redis.call('XADD', historyKey, seq .. '-0', unpack(entry))
    redis.call('HSET', cidKey, cid, seq .. ' ' .. place)
    trim(historyKey, place)
    keep(placeKey, historyKey, cidKey)
    redis.call('PUBLISH', prefix .. 'place:' .. place,
      '{"kind":"say"' .. extra .. ',"seq":' .. seq .. ',"at":' .. at .. ',"nick":' .. cjson.encode(nick) .. ',"text":' .. cjson.encode(text) ..
      ',"epoch":' .. cjson.encode(epochs[place]) .. ',"author":' .. cjson.encode(author) .. ',"session":' .. cjson.encode(session) .. '}')
    outcome = {0, place, tonumber(seq)}
  end
  out[#out + 1] = outcome
end
return out
`;

// KEYS: place hash. ARGV: fresh epoch, ms an empty place lives. Returns {epoch, head, topic or false}.
export const ENSURE_PLACE_LUA = `
redis.call('HSETNX', KEYS[1], 'epoch', ARGV[1])
redis.call('HSETNX', KEYS[1], 'head', 0)
local place = redis.call('HMGET', KEYS[1], 'epoch', 'head', 'topic')
if place[2] == '0' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return place
`;

// KEYS: place hash, its presence hash. Deletes a place that never had a message and that nobody
// on any node is in. Returns 1 when deleted.
export const RELEASE_PLACE_LUA = `
if redis.call('HGET', KEYS[1], 'head') == '0' and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;
