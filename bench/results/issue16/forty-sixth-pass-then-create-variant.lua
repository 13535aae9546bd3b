-- ARGV[10]: which optional keys and arguments follow, a sum of bits (1 idempotency window, 2 debounce window,
-- 4 audit (8 arguments), 8 held, 16 pause (4), 32 unzoned options; 64 idempotency key, 128 subscriber set, 256 debounce key, 512 audit stream).
local present, fieldsAt, nextKey = tonumber(ARGV[10]), 11, 6
local function has(bit) return math.floor(present / bit) % 2 == 1 end
local idemWindow, debounceWindow, auditAt, held, pausedAt, pausedBy, pauseNote, pausedUntil, unzoned = '', '', nil, '', '', '', '', '', ''
if has(1) then idemWindow = ARGV[fieldsAt] fieldsAt = fieldsAt + 1 end
if has(2) then debounceWindow = ARGV[fieldsAt] fieldsAt = fieldsAt + 1 end
if has(4) then auditAt = fieldsAt fieldsAt = fieldsAt + 8 end
if has(8) then held = ARGV[fieldsAt] fieldsAt = fieldsAt + 1 end
if has(16) then pausedAt, pausedBy, pauseNote, pausedUntil = ARGV[fieldsAt], ARGV[fieldsAt + 1], ARGV[fieldsAt + 2], ARGV[fieldsAt + 3] fieldsAt = fieldsAt + 4 end
if has(32) then unzoned = ARGV[fieldsAt] fieldsAt = fieldsAt + 1 end
local idemKey, subsKey, debounceKey, auditKey = '', '', '', ''
if has(64) then idemKey = KEYS[nextKey] nextKey = nextKey + 1 end
if has(128) then subsKey = KEYS[nextKey] nextKey = nextKey + 1 end
if has(256) then debounceKey = KEYS[nextKey] nextKey = nextKey + 1 end
if has(512) then auditKey = KEYS[nextKey] nextKey = nextKey + 1 end
local function emit(stream, eventType, taskId, at, ...)
  redis.call('XADD', stream, 'MAXLEN', '~', 100000, '*', 'type', eventType, 'taskId', taskId, 'at', at, ...)
end
local function fieldsStarting(key, prefix)
  local found, cursor = {}, '0'
  local pattern = string.gsub(prefix, '([%*%?%[%]\\])', '\\%1') .. '*'
  repeat
    local page = redis.call('HSCAN', key, cursor, 'MATCH', pattern, 'COUNT', 1000)
    cursor = page[1]
    for _, item in ipairs(page[2]) do found[#found + 1] = item end
  until cursor == '0'
  return found
end
local function membersWhere(key, test)
  local found = {}
  for _, member in ipairs(redis.call('ZRANGE', key, 0, -1)) do
    if test(member) then found[#found + 1] = member end
  end
  return found
end
local function removeAll(command, key, members)
  local removed = 0
  for i = 1, #members, 500 do removed = removed + redis.call(command, key, unpack(members, i, math.min(i + 499, #members))) end
  return removed
end
local function runsInFlight(key, id, listed)
  if listed then return listed end
  local found, runs, seen = fieldsStarting(key, id .. ':'), {}, {}
  for i = 1, #found, 2 do
    local _, _, task = string.find(found[i + 1], '^[^|]*|[^|]*|([^|]*)|')
    if task == id and not seen[found[i]] then
      seen[found[i]] = true
      runs[#runs + 1] = found[i]
    end
  end
  return table.concat(runs, ' ')
end
local function runInFlight(key, id, except, listed)
  for run in string.gmatch(runsInFlight(key, id, listed), '%S+') do
    if run ~= except then return true end
  end
  return false
end
local function listedWith(listed, runId)
  for run in string.gmatch(listed, '%S+') do
    if run == runId then return listed end
  end
  if listed == '' then return runId end
  return listed .. ' ' .. runId
end
local function listedWithout(listed, runId)
  local kept = {}
  for run in string.gmatch(listed, '%S+') do
    if run ~= runId then kept[#kept + 1] = run end
  end
  return table.concat(kept, ' ')
end
local function listRun(taskKey, runId, add)
  local listed = redis.call('HGET', taskKey, 'inFlightRuns')
  if not listed then return end
  local changed = add and listedWith(listed, runId) or listedWithout(listed, runId)
  if changed ~= listed then redis.call('HSET', taskKey, 'inFlightRuns', changed) end
end
local function settle(previous, replacing)
  local requested = {['unzonedOptions'] = unzoned}
  for i = fieldsAt, #ARGV, 2 do requested[ARGV[i]] = ARGV[i + 1] end
  local differing = {}
  -- A group "a+b|c" is the same when every field of one of its alternatives is; what differs is named by the
  -- fields of the first alternative (CreateReply.ComparedFields). "a:x" compares stored field a with requested x.
  for group in string.gmatch(ARGV[7], '[^,]+') do
    local same, named = false, nil
    for alternative in string.gmatch(group, '[^|]+') do
      local fields, equal = {}, true
      for field in string.gmatch(alternative, '[^+]+') do
        local name, alias = string.match(field, '^([^:]+):?(.*)$')
        local stored, wanted = redis.call('HGET', KEYS[1], name), requested[alias ~= '' and alias or name]
        if stored ~= wanted then equal = false end
        table.insert(fields, {name, stored, wanted})
      end
      if equal then same = true break end
      named = named or fields
    end
    if not same then
      for _, pair in ipairs(named) do
        if pair[2] ~= pair[3] then
          table.insert(differing, pair[1])
          table.insert(differing, pair[2] or '')
        end
      end
    end
  end
  local live = previous == 'scheduled' or previous == 'paused' or previous == 'running'
  if not live then return nil end
  if #differing == 0 then return {0, ARGV[1], previous} end
  if not replacing then return {2, ARGV[1], previous, unpack(differing)} end
  return nil
end
local function overwrite(previous)
  local live = previous == 'scheduled' or previous == 'paused' or previous == 'running'
  local createdAt = redis.call('HGET', KEYS[1], 'createdAt')
  local createdBy = redis.call('HGET', KEYS[1], 'createdBy') or ''
  local status = (previous == 'paused' or previous == 'running') and previous or 'scheduled'
  for runId in string.gmatch(runsInFlight(ARGV[8], ARGV[1], redis.call('HGET', KEYS[1], 'inFlightRuns')), '%S+') do
    if redis.call('EXISTS', ARGV[9] .. runId) == 1 then redis.call('HSET', ARGV[9] .. runId, 'replaced', '1') end
  end
  -- Occurrences fired and not yet started (their jobs wait in a queue) run the definition stored when they start: a
  -- live task's are marked replaced as the runs in flight are (recorded, neither counted nor settling the new
  -- schedule); an ended task's would never have run (cancel drops them), so they stand down (DeletedOwner). A
  -- debounce replaces a task that has not fired.
  if KEYS[5] and KEYS[5] ~= '' and ARGV[6] ~= 'debounce' then
    local asRun = ARGV[1] .. ':'
    for _, runId in ipairs(membersWhere(KEYS[5], function(member) return string.sub(member, 1, #asRun) == asRun end)) do
      if redis.call('EXISTS', ARGV[9] .. runId) == 1 then
        if live then redis.call('HSET', ARGV[9] .. runId, 'replaced', '1')
        elseif redis.call('HEXISTS', ARGV[8], runId) == 0 then redis.call('HSET', ARGV[9] .. runId, 'owner', '!deleted') end
      end
    end
  end
  redis.call('HDEL', KEYS[1], 'traceParent', 'retainedFrom')
  redis.call('HINCRBY', KEYS[1], 'revision', 1)
  redis.call('HSET', KEYS[1], unpack(ARGV, fieldsAt))
  redis.call('HSET', KEYS[1], 'status', status)
  if createdAt then redis.call('HSET', KEYS[1], 'createdAt', createdAt) end
  local actor = redis.call('HGET', KEYS[1], 'createdBy') or ''
  redis.call('HSET', KEYS[1], 'createdBy', createdBy, 'changedBy', actor, 'changedAt', ARGV[2])
  if not live then redis.call('HSET', KEYS[1], 'queuedRuns', 0) end
  if status == 'paused' then redis.call('ZREM', KEYS[3], ARGV[1])
  elseif ARGV[3] ~= '' then redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
  else redis.call('ZREM', KEYS[3], ARGV[1]) end
  if live then return 3 end
  return 4
end
local function audit(stream, maxEntries, maxAgeMs, actor, action, taskId, before, after, note)
  local id = redis.call('XADD', stream, 'MAXLEN', '=', maxEntries, '*', 'actor', actor, 'action', action,
    'taskId', taskId, 'before', before, 'after', after, 'note', note)
  local stamped = tonumber(string.match(id, '^(%d+)'))
  local cutoff = stamped - tonumber(maxAgeMs)
  if stamped % 16 == 0 and cutoff > 0 then redis.call('XTRIM', stream, 'MINID', string.format('%.0f', cutoff)) end
  return id
end
if idemKey ~= '' then
  local existing = redis.call('GET', idemKey)
  -- A key naming a task that is gone (deleted after a replace gave it another key or none, which left this one
  -- behind) names nothing any more: this create takes it over.
  if existing and existing ~= ARGV[1] and redis.call('EXISTS', string.sub(KEYS[1], 1, #KEYS[1] - #ARGV[1]) .. existing) == 0 then
    existing = nil
  end
  if existing and existing ~= ARGV[1] then return {0, existing, ''} end
  -- The key already names this id: a repeat of the request that stored it (a retry after a timeout whose first
  -- try was applied) returns the task as it is, even once its schedule ended; scheduling the id anew takes
  -- another key (or none), or a replace.
  if existing and ARGV[6] ~= 'replace' then
    local status = redis.call('HGET', KEYS[1], 'status')
    if status and status ~= 'scheduled' and status ~= 'paused' and status ~= 'running' then return {0, ARGV[1], status} end
  end
end
local previous = redis.call('HGET', KEYS[1], 'status')
local debounced = debounceKey and debounceKey ~= ''
if debounced then
  local holder = redis.call('GET', debounceKey)
  if ARGV[6] == 'debounce' then
    local pending = previous == 'scheduled' and redis.call('ZSCORE', KEYS[3], ARGV[1])
    if holder ~= ARGV[1] or not pending then
      if holder == ARGV[1] then redis.call('DEL', debounceKey) end
      return {5, ARGV[1], previous or ''}
    end
  elseif holder and holder ~= ARGV[1] then
    return {6, holder, ''}
  end
end
if held ~= '' then
  local held = 'none'
  if previous then
    local f = redis.call('HMGET', KEYS[1], 'createdAt', 'revision')
    held = (f[1] or '') .. ':' .. (f[2] or '0')
  end
  if held ~= held then
    local reply = previous and settle(previous, false)
    if reply then return reply end
    return {7, ARGV[1], previous or ''}
  end
end
local code = 1
if previous and ARGV[6] == 'debounce' then
  code = overwrite(previous)
elseif previous then
  local reply = settle(previous, ARGV[6] == 'replace')
  if reply then return reply end
  code = overwrite(previous)
else
  -- A new record starts with no run in flight. An entry a deleted namesake left behind (a retention delete takes
  -- only the runs its history names) is listed only if Beat's stuck-running pass meets it while this task runs.
  redis.call('HSET', KEYS[1], 'inFlightRuns', '', unpack(ARGV, fieldsAt))
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
  if ARGV[3] ~= '' then redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1]) end
end
if idemKey ~= '' then
  if idemWindow ~= '' then redis.call('SET', idemKey, ARGV[1], 'PX', idemWindow)
  else redis.call('SET', idemKey, ARGV[1]) end
end
-- The key outlives the window a little, so a request right at its end still finds the task; whether that task
-- is still pending is what decides (checked above), not the key's age.
if debounced then redis.call('SET', debounceKey, ARGV[1], 'PX', tonumber(debounceWindow) + 60000) end
if subsKey and subsKey ~= '' then redis.call('SADD', subsKey, ARGV[1]) end
local bornPaused = pausedAt ~= '' and (code == 1 or code == 4)
if bornPaused then
  redis.call('HSET', KEYS[1], 'status', 'paused', 'pausedAt', pausedAt, 'pausedBy', pausedBy, 'pauseNote', pauseNote, 'pausedUntil', pausedUntil)
  if pausedUntil ~= '' then redis.call('ZADD', KEYS[3], pausedUntil, ARGV[1]) else redis.call('ZREM', KEYS[3], ARGV[1]) end
end
if code == 3 then emit(KEYS[4], 'scheduler.task.updated', ARGV[1], ARGV[5], 'replaced', '1')
else emit(KEYS[4], 'scheduler.task.scheduled', ARGV[1], ARGV[5]) end
if bornPaused and pauseNote ~= '' then emit(KEYS[4], 'scheduler.task.paused', ARGV[1], ARGV[5], 'note', pauseNote)
elseif bornPaused then emit(KEYS[4], 'scheduler.task.paused', ARGV[1], ARGV[5]) end
if ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[4], ARGV[1]) end
if code == 1 and auditKey and auditKey ~= '' then
  audit(auditKey, ARGV[auditAt + 0], ARGV[auditAt + 1], ARGV[auditAt + 2], ARGV[auditAt + 3], ARGV[auditAt + 4], ARGV[auditAt + 5], ARGV[auditAt + 6], ARGV[auditAt + 7])
end
return {code, ARGV[1], previous or ''}