using Scheduler.Contracts.Events;

namespace Scheduler.Contracts.Storage;

internal static partial class StoreScripts
{
    // Part of Create (same KEYS and ARGV; KEYS[9] the fired index, or ""): what a create does to an id that already has a record, decided inside the
    // script so two clients scheduling one id never both act on what they read before the other wrote. ARGV[6] is
    // "replace" or "create"; ARGV[7] names the fields that make a definition (CreateReply.ComparedFields); ARGV[8] is the in-flight
    // hash and ARGV[9] the run hashes' key prefix; ARGV[25] the options naming no zone (CreateReply.UnzonedOptions);
    // ARGV[26..] are the new record's field/value pairs. settle(previous,
    // replacing) returns the reply when nothing is to be written: {0, id, status} when a live task holds the same
    // definition, {2, id, status, field, stored value, ...} when it holds another one and replacing is false. Otherwise overwrite
    // replaces the definition in place and returns 3 (a live task replaced) or 4 (an ended one scheduled anew):
    // createdAt, createdBy and the run history stay (the caller becomes changedBy, now changedAt), the counters
    // restart, a paused or running task keeps its status, and the due index follows. A run in flight finishes under
    // the old definition; its ledger entry is marked "replaced" so that its outcome is recorded in the history without
    // settling the new schedule (a one-shot's end, max runs).
    // The in-flight hash and run hashes are named in ARGV, not KEYS: they are found from the in-flight entries, and
    // Scheduler's keys share no hash slot anyway (Redis Cluster is not supported).
    private const string Identity = $$"""
        -- The options' id is the task's own, the key the record is under: a task created under a generated id stored
        -- none, and its export applied again names it (CreateReply.WithoutId).
        local function withoutId(options)
          if not options then return options end
          return (string.gsub(options, '{{CreateReply.OptionsIdPattern}}', '{', 1))
        end
        local function settle(previous, replacing)
          local requested = {['{{CreateReply.UnzonedOptionsArgument}}'] = ARGV[25]}
          for i = 26, #ARGV, 2 do requested[ARGV[i]] = ARGV[i + 1] end
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
                if name == '{{ScheduleRecord.OptionsJson}}' then
                  if withoutId(stored) ~= withoutId(wanted) then equal = false end
                elseif stored ~= wanted then equal = false end
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
          if KEYS[9] and KEYS[9] ~= '' and ARGV[6] ~= 'debounce' then
            local asRun = ARGV[1] .. ':'
            for _, runId in ipairs(membersWhere(KEYS[9], function(member) return string.sub(member, 1, #asRun) == asRun end)) do
              if redis.call('EXISTS', ARGV[9] .. runId) == 1 then
                if live then redis.call('HSET', ARGV[9] .. runId, 'replaced', '1')
                elseif redis.call('HEXISTS', ARGV[8], runId) == 0 then redis.call('HSET', ARGV[9] .. runId, 'owner', '{{DeletedOwner}}') end
              end
            end
          end
          redis.call('HDEL', KEYS[1], 'traceParent', 'retainedFrom')
          redis.call('HINCRBY', KEYS[1], 'revision', 1)
          redis.call('HSET', KEYS[1], unpack(ARGV, 26))
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
        """;

    // KEYS: task hash, tasks index, due index, runs list, in-flight hash, trigger index, events stream, idempotency key
    // (or ""), running index, fired index, trigger subscriber set (or ""), retention index, then the run hashes to drop. ARGV: id, event ms, cancel channel, change channel, run key prefix (the
    // ledger entries of runs in flight now are found by the script; named in ARGV as in Identity). Removes the task and every entry that names it in one call: running attempts are
    // told to stop first (the cancel channel; their late writes find no task and write nothing), pending "run now"
    // requests and event triggers go, and Beat re-reads its index. Returns the status it had, or "" when there was no
    // such task. ARGV[6], when given (the retention sweep's cutoff, ms): only a task still finished without failure
    // (completed, cancelled, expired) that the sweep found finished (retainedFrom) and that neither ran nor changed
    // after the cutoff goes; any other is left and "" returned, so a task revived since the sweep read it stays. Such a
    // task has had no run open for the whole retention, so the shared in-flight, fired and triggers indexes are not
    // searched for it (their size is a backlog's, not this task's: a search per delete made the sweep cost Redis
    // milliseconds per task under a backlog): the runs its history names leave them, and any other entry naming it is
    // dropped by whoever reads it next (the reconcilers and the trigger and request firers find the task gone). A delete
    // by hand still makes a pass over each of them (IndexSearch).
    /// <summary>
    /// The owner a delete by hand writes into the run ledger of each run of the task fired and not yet started: the run's
    /// queued job then finds the run owned by another and does nothing, whatever task is later created under the same id.
    /// </summary>
    internal const string DeletedOwner = "!deleted";

    // As long as a run ledger lives (a week): a job queued longer than that finds no ledger of the run at all.
    private const int DeletedOwnerSeconds = 7 * 24 * 3600;

    // standDown(runKey, ttl): a fire that does not stand (its task gone or changed since it was read) marks its run with
    // DeletedOwner, so the job already made for it does nothing; a run a job owns already (another beat's fire, or a
    // worker that claimed it first) keeps its owner. Shared by Beat's fire commit and the record of other fired runs.
    internal const string StandDown = $$"""
        local function standDown(runKey, ttl)
          if redis.call('HSETNX', runKey, 'owner', '{{DeletedOwner}}') == 1 then redis.call('EXPIRE', runKey, ttl) end
        end

        """;

    public static readonly string Delete = $$"""
        {{EmitEvent}}
        {{IndexSearch}}
        {{RunInFlight}}
        if redis.call('EXISTS', KEYS[1]) == 0 then return '' end
        local retention = ARGV[6] and ARGV[6] ~= ''
        if retention then
          local f = redis.call('HMGET', KEYS[1], 'status', 'retainedFrom', 'lastRunAt', 'changedAt')
          local cutoff = tonumber(ARGV[6])
          if f[1] ~= 'completed' and f[1] ~= 'cancelled' and f[1] ~= 'expired' then return '' end
          if (tonumber(f[2] or '') or cutoff + 1) > cutoff then return '' end
          if (tonumber(f[3] or '') or 0) > cutoff or (tonumber(f[4] or '') or 0) > cutoff then return '' end
        end
        local status = redis.call('HGET', KEYS[1], 'status') or 'unknown'
        local fired = {}
        redis.call('PUBLISH', ARGV[3], ARGV[1])
        if retention then
          for i = 13, #KEYS do
            local runId = string.sub(KEYS[i], #ARGV[5] + 1)
            redis.call('HDEL', KEYS[5], runId)
            redis.call('ZREM', KEYS[10], runId)
          end
        else
          local asRun, asTrigger = ARGV[1] .. ':', ':' .. ARGV[1]
          -- The hash itself is searched, not the task's list of runs in flight: a delete by hand is rare, and takes every
          -- entry that names the task, however it got there.
          local running = {}
          for runId in string.gmatch(runsInFlight(KEYS[5], ARGV[1], false), '%S+') do
            if redis.call('HDEL', KEYS[5], runId) == 1 then running[#running + 1] = runId end
          end
          local function ofTask(member) return string.sub(member, 1, #asRun) == asRun end
          -- Run-now requests ("id:...") and event triggers that start this task ("#...:id"); runs fired ("id:...").
          removeAll('ZREM', KEYS[6], membersWhere(KEYS[6], function(member)
            return ofTask(member) or (string.sub(member, 1, 1) == '#' and string.sub(member, -#asTrigger) == asTrigger)
          end))
          fired = membersWhere(KEYS[10], ofTask)
          removeAll('ZREM', KEYS[10], fired)
          for _, runId in ipairs(running) do fired[#fired + 1] = runId end
        end
        if KEYS[8] ~= '' and redis.call('GET', KEYS[8]) == ARGV[1] then redis.call('DEL', KEYS[8]) end
        redis.call('SREM', KEYS[9], ARGV[1])
        if KEYS[11] ~= '' then redis.call('SREM', KEYS[11], ARGV[1]) end
        redis.call('ZREM', KEYS[12], ARGV[1])
        redis.call('DEL', KEYS[1], KEYS[4])
        for i = 13, #KEYS do redis.call('DEL', KEYS[i]) end
        -- A fired run's Hangfire job may still wait in its queue (a retry or a re-queued run's too, whose ledger went with
        -- the history above): its ledger now names no job of it, so the job finds the run owned by another and never
        -- runs the definition a later task of the same id has (DeletedOwner). A run still running (told to stop above)
        -- gets the same mark, so its late outcome is not recorded on such a task. It lives as long as a ledger would.
        for _, runId in ipairs(fired) do
          redis.call('DEL', ARGV[5] .. runId)
          redis.call('HSET', ARGV[5] .. runId, 'owner', '{{DeletedOwner}}')
          redis.call('EXPIRE', ARGV[5] .. runId, {{DeletedOwnerSeconds}})
        end
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        emit(KEYS[7], '{{SchedulerEvents.Deleted}}', ARGV[1], ARGV[2], 'status', status)
        redis.call('PUBLISH', ARGV[4], ARGV[1])
        return status
        """;
}
