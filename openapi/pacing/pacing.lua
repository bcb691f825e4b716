-- DigiCert.CertCentral fleet pacing, protocol 1 (README.md beside this file describes it).
-- One budget per API key for every process that runs this script on one Redis: all limits are
-- checked and taken here, atomically, stamped with the Redis server's clock.
--
-- EVALSHA <sha1 of this file> 5 <queue> <tickets> <inflight> <done> <meta>
--         <op> <lease_ms> <k> <permits_1> <window_ms_1> ... <permits_k> <window_ms_k> <op arguments...>
--
--   acquire <id>          -> {1, 0, 0} granted (id is now a lease)
--                            {0, wait_us, 0} head of the queue: ask again in wait_us, or when woken
--                            {0, -1, ahead} behind <ahead> tickets: ask again when woken
--   release <id>          -> 1   the lease's exchange is over: it counts in every window from now
--   renew <id> [<id>...]  -> 1   the holder is alive: its leases last <lease_ms> more
--   cancel <id>           -> 1   the waiter gave up: its ticket leaves the queue
--   pause <duration_ms>   -> 1   CertCentral answered 429: nobody is granted a permit until then
--
-- Times are microseconds of the Redis server's clock (TIME); arguments are milliseconds.

local queue, tickets, inflight, done, meta = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
if #KEYS ~= 5 or string.sub(meta, -5) ~= ':meta' then
  return redis.error_reply('ERR pacing: expected the 5 keys queue, tickets, inflight, done, meta')
end
local channel = string.sub(meta, 1, -5) .. 'wake'

-- Lua formats big numbers as 1.7e+15: every number sent back to Redis as text goes through this.
local function num(x)
  return string.format('%.0f', x)
end

local op = ARGV[1]
local lease = tonumber(ARGV[2])
local k = tonumber(ARGV[3])
if not lease or lease < 1 or not k or k < 1 then
  return redis.error_reply('ERR pacing: expected <op> <lease_ms> <k> and k limits')
end
lease = lease * 1000
local limits, horizon = {}, 0
for i = 1, k do
  local permits, window = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  if not permits or permits < 1 or not window or window < 1 then
    return redis.error_reply('ERR pacing: limit ' .. i .. ' is not <permits >= 1> <window_ms >= 1>')
  end
  limits[i] = { permits, window * 1000 }
  if limits[i][2] > horizon then horizon = limits[i][2] end
end
local arg = 4 + 2 * k -- the first argument of the operation

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

-- Finished requests are kept for the longest window any participant has asked about.
local stored = tonumber(redis.call('HGET', meta, 'horizon') or 0)
if horizon > stored then redis.call('HSET', meta, 'horizon', num(horizon)) else horizon = stored end

local head_before = redis.call('ZRANGE', queue, 0, 0)[1]

-- A lease not renewed in time belongs to a process that died or lost Redis mid-exchange: its
-- request may have arrived, so it counts as finished when its lease ran out.
local expired = redis.call('ZRANGEBYSCORE', inflight, '-inf', num(now), 'WITHSCORES')
for i = 1, #expired, 2 do redis.call('ZADD', done, expired[i + 1], expired[i]) end
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', inflight, '-inf', num(now)) end
-- A waiter that stopped asking again leaves the queue.
local gone = redis.call('ZRANGEBYSCORE', tickets, '-inf', num(now))
for i = 1, #gone do redis.call('ZREM', queue, gone[i]) end
if #gone > 0 then redis.call('ZREMRANGEBYSCORE', tickets, '-inf', num(now)) end
redis.call('ZREMRANGEBYSCORE', done, '-inf', num(now - horizon))

-- 0 when every limit has a permit free and the key is not paused; else microseconds until one may be.
local function wait_for_budget()
  local longest = 0
  local paused = tonumber(redis.call('HGET', meta, 'paused_until') or 0)
  if paused > now then longest = paused - now end
  local running = redis.call('ZCARD', inflight)
  for i = 1, k do
    local permits, window = limits[i][1], limits[i][2]
    -- A finished request is in the window while finish + window > now.
    local recent = redis.call('ZCOUNT', done, '(' .. num(now - window), '+inf')
    local excess = running + recent - permits -- how many must leave before one more may go
    if excess >= 0 then
      local wait
      if excess >= recent then
        -- Only a release frees a permit (it wakes the head); at the latest, the first lease runs out.
        wait = tonumber(redis.call('ZRANGE', inflight, 0, 0, 'WITHSCORES')[2]) - now
      else
        local older = redis.call('ZCOUNT', done, '-inf', num(now - window))
        wait = tonumber(redis.call('ZRANGE', done, older + excess, older + excess, 'WITHSCORES')[2]) + window - now
      end
      if wait < 1 then wait = 1 end
      if wait > longest then longest = wait end
    end
  end
  return longest
end

local function wake_head()
  local head = redis.call('ZRANGE', queue, 0, 0)[1]
  if head then redis.call('PUBLISH', channel, head) end
  return head
end

-- Keys of an idle API key disappear once nothing in them can matter.
local function touch()
  local ttl = horizon + lease
  local paused = tonumber(redis.call('HGET', meta, 'paused_until') or 0)
  if paused - now + lease > ttl then ttl = paused - now + lease end
  ttl = num(math.ceil(ttl / 1000) + 1000)
  for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ttl) end
end

local function finish(result, caller)
  local head = redis.call('ZRANGE', queue, 0, 0)[1]
  if head and head ~= head_before and head ~= caller then redis.call('PUBLISH', channel, head) end
  touch()
  return result
end

if op == 'acquire' then
  local id = ARGV[arg]
  if not id or id == '' then return redis.error_reply('ERR pacing: acquire needs an id') end
  -- Asked again after a reply was lost: the lease stands.
  if redis.call('ZSCORE', inflight, id) then return finish({ 1, 0, 0 }, id) end
  local rank = redis.call('ZRANK', queue, id)
  if not rank then
    if redis.call('ZCARD', queue) == 0 and wait_for_budget() == 0 then
      redis.call('ZADD', inflight, num(now + lease), id)
      return finish({ 1, 0, 0 }, id)
    end
    redis.call('ZADD', queue, redis.call('HINCRBY', meta, 'seq', 1), id)
    rank = redis.call('ZRANK', queue, id)
  end
  -- Asking again keeps the ticket: a waiter must ask at least once per lease.
  redis.call('ZADD', tickets, num(now + lease), id)
  if rank > 0 then return finish({ 0, -1, rank }, id) end
  local wait = wait_for_budget()
  if wait > 0 then return finish({ 0, wait, 0 }, id) end
  redis.call('ZREM', queue, id)
  redis.call('ZREM', tickets, id)
  redis.call('ZADD', inflight, num(now + lease), id)
  wake_head() -- the next in line may find a permit too
  head_before = redis.call('ZRANGE', queue, 0, 0)[1]
  return finish({ 1, 0, 0 }, id)
elseif op == 'release' then
  local id = ARGV[arg]
  if not id or id == '' then return redis.error_reply('ERR pacing: release needs an id') end
  redis.call('ZREM', inflight, id)
  -- Also when the lease had already run out (its exchange outlived it): it finished now, not then.
  redis.call('ZADD', done, num(now), id)
  head_before = wake_head()
  return finish(1, nil)
elseif op == 'renew' then
  for i = arg, #ARGV do redis.call('ZADD', inflight, 'XX', num(now + lease), ARGV[i]) end
  return finish(1, nil)
elseif op == 'cancel' then
  local id = ARGV[arg]
  if not id or id == '' then return redis.error_reply('ERR pacing: cancel needs an id') end
  redis.call('ZREM', queue, id)
  redis.call('ZREM', tickets, id)
  return finish(1, nil)
elseif op == 'pause' then
  local duration = tonumber(ARGV[arg])
  if not duration or duration < 0 then return redis.error_reply('ERR pacing: pause needs <duration_ms >= 0>') end
  local paused_until = now + duration * 1000
  if paused_until > tonumber(redis.call('HGET', meta, 'paused_until') or 0) then
    redis.call('HSET', meta, 'paused_until', num(paused_until))
  end
  return finish(1, nil)
end
return redis.error_reply('ERR pacing: unknown operation ' .. tostring(op))
