using Scheduler.Contracts.Events;

namespace Scheduler.Contracts.Storage;

/// <summary>Lua scripts that make each multi-key change atomic, so concurrent clients, beats and workers never see half of one.</summary>
internal static partial class StoreScripts
{
    // Prepended to scripts that append to the event stream: the same entry EventStream.PublishAsync writes. A property,
    // not a field: the server's scripts (Scheduler.Runtime.Storage) use it too, and static initialisers run in no set order.
    // The cap is a Lua string, not a number: Redis formats a number given to redis.call with "%.17g" on every call, about
    // 2.5 k instructions, and seven entries are written per task (bench README, "Forty-seventh pass").
    internal static string EmitEvent => $"""
        local function emit(stream, eventType, taskId, at, ...)
          redis.call('XADD', stream, 'MAXLEN', '~', '{EventStream.MaxLength}', '*', 'type', eventType, 'taskId', taskId, 'at', at, ...)
        end
        """;

    // Prepended to scripts that look for one task's entries in a shared index, whose members are run ids "taskId:..."
    // and the like. A hash is searched with HSCAN MATCH, which tests each field in Redis's own code (about 2.8 times
    // cheaper than HGETALL into Lua at 10,000 fields); a sorted set with ZRANGE into Lua, as ZSCAN on Redis 7.0 formats
    // every score before it matches (measured twice as dear). fieldsStarting(key, prefix) returns {field, value, ...} (a
    // field can come twice: a scan returns each at least once); membersWhere(key, test) the members test accepts.
    // removeAll(command, key, members) removes in chunks, as Lua's unpack takes at most about 8,000 values.
    internal const string IndexSearch = """
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
        """;

    // KEYS: task hash, tasks index, due index, idempotency key (or ""), events stream, trigger subscriber set (or "";
    // a replaced task enters its new spec's set, the set it left drops it on its next use), debounce key (or ""),
    // audit stream (or "": a creation is then not audited here), fired index (a replace marks the runs waiting there).
    // ARGV: id, createdMs, dueMs or "", change channel ("" when the caller tells Beat itself), event ms, mode ("create",
    // "replace" or "debounce"), the definition's field names (comma-separated), in-flight hash, run key prefix,
    // idempotency window ms ("" keeps the key), debounce window ms (or ""), the eight audit arguments of a creation
    // (AuditLog.Arguments; written only when the outcome is "created"), the record the caller planned on (ARGV[20]:
    // "" none, else CreateReply.Held's "none" or "createdAt:revision"), the pause it is born with (ARGV[21..24]:
    // pausedAt ms, or "" for none, pausedBy, note, pausedUntil ms or ""), the options as the record's definition would
    // read them naming no zone (ARGV[25], CreateReply.UnzonedOptions, or ""), then hash field/value pairs from ARGV[26].
    // Planned on: when the id holds something else now (another client created or changed it since it was read), nothing
    // is written: {0, id, status} when a live task holds this very definition, {2, ...} another one, {7, id, status or ""}
    // when it is ended or gone. Born paused: a task created (1) or scheduled anew (4) is written paused in this call, as
    // PauseAsync would leave it (pause fields; out of the due index, or in it at the pause's end for Beat to lift), so
    // Beat never sees it due; a live task replaced keeps its own status and pause.
    // Debounce: a create whose debounce key names a pending task (scheduled, not yet fired) returns {6, that id} and
    // writes nothing; the caller retries in mode "debounce" on that id, which replaces it while it is still pending,
    // or, when it no longer is (Beat fired it meanwhile), drops the debounce key and returns {5, id}: create anew. Returns {code, id, status before or ""}: 1 created;
    // 0 nothing written (the idempotency key names another task, or names this one and it ended, or a live task holds
    // the same definition); 2 a live task
    // holds another definition (then field, stored value pairs follow); 3 replaced; 4 scheduled anew (see Identity).
    // The event (scheduled, or updated for a replace) and Beat's wake-up go out in the same call: one round trip.
    public static readonly string Create = $$"""
        {{EmitEvent}}
        {{IndexSearch}}
        {{RunInFlight}}
        {{Identity}}
        {{Audit.AuditScripts.Function}}
        if KEYS[4] ~= '' then
          local existing = redis.call('GET', KEYS[4])
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
        local debounced = KEYS[7] and KEYS[7] ~= ''
        if debounced then
          local holder = redis.call('GET', KEYS[7])
          if ARGV[6] == 'debounce' then
            local pending = previous == 'scheduled' and redis.call('ZSCORE', KEYS[3], ARGV[1])
            if holder ~= ARGV[1] or not pending then
              if holder == ARGV[1] then redis.call('DEL', KEYS[7]) end
              return {5, ARGV[1], previous or ''}
            end
          elseif holder and holder ~= ARGV[1] then
            return {6, holder, ''}
          end
        end
        if ARGV[20] ~= '' then
          local held = 'none'
          if previous then
            local f = redis.call('HMGET', KEYS[1], 'createdAt', 'revision')
            held = (f[1] or '') .. ':' .. (f[2] or '0')
          end
          if held ~= ARGV[20] then
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
          redis.call('HSET', KEYS[1], 'inFlightRuns', '', unpack(ARGV, 26))
          redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
          if ARGV[3] ~= '' then redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1]) end
        end
        if KEYS[4] ~= '' then
          if ARGV[10] ~= '' then redis.call('SET', KEYS[4], ARGV[1], 'PX', ARGV[10])
          else redis.call('SET', KEYS[4], ARGV[1]) end
        end
        -- The key outlives the window a little, so a request right at its end still finds the task; whether that task
        -- is still pending is what decides (checked above), not the key's age.
        if debounced then redis.call('SET', KEYS[7], ARGV[1], 'PX', tonumber(ARGV[11]) + 60000) end
        if KEYS[6] and KEYS[6] ~= '' then redis.call('SADD', KEYS[6], ARGV[1]) end
        local bornPaused = ARGV[21] ~= '' and (code == 1 or code == 4)
        if bornPaused then
          redis.call('HSET', KEYS[1], 'status', 'paused', 'pausedAt', ARGV[21], 'pausedBy', ARGV[22], 'pauseNote', ARGV[23], 'pausedUntil', ARGV[24])
          if ARGV[24] ~= '' then redis.call('ZADD', KEYS[3], ARGV[24], ARGV[1]) else redis.call('ZREM', KEYS[3], ARGV[1]) end
        end
        if code == 3 then emit(KEYS[5], '{{SchedulerEvents.Updated}}', ARGV[1], ARGV[5], 'replaced', '1')
        else emit(KEYS[5], '{{SchedulerEvents.Scheduled}}', ARGV[1], ARGV[5]) end
        if bornPaused and ARGV[23] ~= '' then emit(KEYS[5], '{{SchedulerEvents.Paused}}', ARGV[1], ARGV[5], 'note', ARGV[23])
        elseif bornPaused then emit(KEYS[5], '{{SchedulerEvents.Paused}}', ARGV[1], ARGV[5]) end
        if ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[4], ARGV[1]) end
        if code == 1 and KEYS[8] and KEYS[8] ~= '' then
          audit(KEYS[8], ARGV[12], ARGV[13], ARGV[14], ARGV[15], ARGV[16], ARGV[17], ARGV[18], ARGV[19])
        end
        return {code, ARGV[1], previous or ''}
        """;

    // KEYS: task hash, due index, running index, in-flight hash, failed-runs index, its data hash, run key prefix (not a
    // key: Run("")). ARGV: id, new status, allowed current statuses separated
    // by ',', the record the change was made on ("" any, else CreateReply.Held's "createdAt:revision"), then optional hash
    // field/value pairs written with the change (who made it, when). Returns the previous status, "" when the task does
    // not exist, "!"..status when the transition is not allowed, or "?"..status when the id holds another record than the
    // one named (replaced, updated, or deleted and created anew since it was read): nothing written. A task resumed while a
    // run of it still executes (paused mid-run) is resumed "running", as it was: "scheduled" would let the next
    // occurrence start beside that run whatever the overlap policy says. A cancel puts the runs whose retry was asked and
    // has not started back on the failed list (AskedRetries).
    public static readonly string Transition = IndexSearch + "\n" + RunInFlight + "\n" + AskedRetries + "\n" + """
        local current = redis.call('HGET', KEYS[1], 'status')
        if not current then return '' end
        if not string.find(',' .. ARGV[3] .. ',', ',' .. current .. ',', 1, true) then return '!' .. current end
        if ARGV[4] ~= '' then
          local f = redis.call('HMGET', KEYS[1], 'createdAt', 'revision')
          if (f[1] or '') .. ':' .. (f[2] or '0') ~= ARGV[4] then return '?' .. current end
        end
        local status = ARGV[2]
        if status == 'scheduled' and current == 'paused' and runInFlight(KEYS[4], ARGV[1], nil, redis.call('HGET', KEYS[1], 'inFlightRuns')) then
          status = 'running'
        end
        redis.call('HSET', KEYS[1], 'status', status)
        if status == 'cancelled' and KEYS[7] then restoreAskedRetries(KEYS[1], KEYS[5], KEYS[6], KEYS[7], KEYS[4]) end
        if status == 'running' then redis.call('SADD', KEYS[3], ARGV[1]) else redis.call('SREM', KEYS[3], ARGV[1]) end
        if #ARGV > 4 then redis.call('HSET', KEYS[1], unpack(ARGV, 5)) end
        if status == 'paused' then
          redis.call('ZREM', KEYS[2], ARGV[1])
        elseif status == 'scheduled' or (status == 'running' and current == 'paused') then
          local nextRun = redis.call('HGET', KEYS[1], 'nextRunAt')
          if nextRun and nextRun ~= '' then redis.call('ZADD', KEYS[2], nextRun, ARGV[1]) end
        elseif status ~= 'running' then
          redis.call('ZREM', KEYS[2], ARGV[1])
          redis.call('HDEL', KEYS[1], 'nextRunAt')
        end
        return current
        """;

    // KEYS: trigger index. ARGV: id, now ms, run key prefix, change channel. Queues a "run now" request (member
    // "id:ms", scored now) under the first millisecond from now that no request of the task holds, pending (in the index)
    // or fired (its run ledger), so two requests in one millisecond are two runs with two run ids, not one. Returns the ms.
    public const string RequestRunNow = """
        local ms = tonumber(ARGV[2])
        while redis.call('ZSCORE', KEYS[1], ARGV[1] .. ':' .. ms) or redis.call('EXISTS', ARGV[3] .. ARGV[1] .. ':t' .. ms) == 1 do
          ms = ms + 1
        end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1] .. ':' .. ms)
        redis.call('PUBLISH', ARGV[4], ARGV[1])
        return ms
        """;

    // KEYS: task hash, due index, (in-flight hash, fired index, run hashes' key prefix: for a reschedule). ARGV: id,
    // next due ms or "", revival by a new spec ("0" none; "1" anew, counters restarted, as a reschedule; "k<max runs>"
    // counters kept, an ended task revived only while the max, 0 for none, leaves runs), the definition's revision the
    // update was made from, then hash field/value pairs. Returns the status after the update, "" when missing,
    // "!cancelled" when cancelled, "!superseded" (nothing written) when the definition was written again since it was
    // read (its revision moved on): the caller reads it again and makes its change to that.
    // A reschedule starts the schedule anew, live or ended: the runs its old spec fired (in flight, or queued and not yet
    // started) are marked "replaced", as a replace marks them, so they are recorded without being counted or settling
    // the new schedule: a one-shot's queued run no longer completes it before the new time comes.
    public static readonly string Update = $$"""
        {{IndexSearch}}
        {{RunInFlight}}
        local status, revision = unpack(redis.call('HMGET', KEYS[1], 'status', 'revision'))
        if not status then return '' end
        if status == 'cancelled' then return '!cancelled' end
        if (revision or '0') ~= ARGV[4] then return '!superseded' end
        redis.call('HINCRBY', KEYS[1], 'revision', 1)
        if #ARGV > 4 then redis.call('HSET', KEYS[1], unpack(ARGV, 5)) end
        local ended = status == 'completed' or status == 'failed' or status == 'expired'
        if ARGV[3] == '1' and KEYS[5] then
          for runId in string.gmatch(runsInFlight(KEYS[3], ARGV[1], redis.call('HGET', KEYS[1], 'inFlightRuns')), '%S+') do
            if redis.call('EXISTS', KEYS[5] .. runId) == 1 then redis.call('HSET', KEYS[5] .. runId, 'replaced', '1') end
          end
          local asRun = ARGV[1] .. ':'
          for _, runId in ipairs(membersWhere(KEYS[4], function(member) return string.sub(member, 1, #asRun) == asRun end)) do
            if redis.call('EXISTS', KEYS[5] .. runId) == 1 then redis.call('HSET', KEYS[5] .. runId, 'replaced', '1') end
          end
          if not ended then redis.call('HSET', KEYS[1], 'fireCount', 0, 'runCount', 0) end
        end
        if ARGV[3] == '1' and ended then
          status, ended = 'scheduled', false
          redis.call('HSET', KEYS[1], 'status', status, 'fireCount', 0, 'runCount', 0)
          redis.call('HDEL', KEYS[1], 'retainedFrom')
        elseif string.sub(ARGV[3], 1, 1) == 'k' and ended then
          local max = tonumber(string.sub(ARGV[3], 2))
          local counts = redis.call('HMGET', KEYS[1], 'runCount', 'fireCount')
          if max == 0 or math.max(tonumber(counts[1]) or 0, tonumber(counts[2]) or 0) < max then
            status, ended = 'scheduled', false
            redis.call('HSET', KEYS[1], 'status', status)
            redis.call('HDEL', KEYS[1], 'retainedFrom')
          end
        end
        -- A task its max runs still ends keeps no next run: it would show one that never comes.
        if ARGV[2] ~= '' and not ended then
          redis.call('HSET', KEYS[1], 'nextRunAt', ARGV[2])
          if status == 'scheduled' or status == 'running' then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1]) end
        end
        return status
        """;

    // KEYS: task hash, due index. ARGV: id, next due ms, max runs now (0 = none). After an update raised a recurring
    // task's max runs: a task whose max had ended it (completed), or whose last occurrence under the old max has fired
    // (no next run), gets its next run again, counts kept, when the new max leaves runs to fire. A task with a next run
    // is left as it is: that occurrence fires first, and a Beat that planned it as the last under the old max has its
    // commit see the raise and keep a next run (Scheduler.Runtime's FiringScripts.CommitFires). Returns the status
    // afterwards ("" when missing).
    public const string ExtendRuns = """
        local f = redis.call('HMGET', KEYS[1], 'status', 'nextRunAt', 'fireCount')
        local status = f[1]
        if not status then return '' end
        if (f[2] and f[2] ~= '') or (tonumber(ARGV[3]) > 0 and (tonumber(f[3]) or 0) >= tonumber(ARGV[3])) then return status end
        if status == 'completed' then
          status = 'scheduled'
          redis.call('HSET', KEYS[1], 'status', status)
          redis.call('HDEL', KEYS[1], 'retainedFrom')
        elseif status ~= 'scheduled' and status ~= 'running' then
          return status
        end
        redis.call('HSET', KEYS[1], 'nextRunAt', ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        return status
        """;
}
