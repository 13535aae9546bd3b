using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Storage;

namespace Scheduler.Runtime.Storage;

/// <summary>Lua scripts of Beat's firing round: claim what is due, then advance each fired schedule atomically.</summary>
internal static class FiringScripts
{
    // KEYS: due index, trigger index. ARGV: now ms, limit, lease ms, task key prefix, records limit. Claims what is due in
    // both by pushing its score to now + lease (another beat takes it over only if this one dies before committing), and
    // returns {due ids, trigger members, earliest due score or "", earliest trigger score or "", records, the due ids'
    // scores before this claim (above a task's next run: an earlier claim that lapsed, see FirePlanner)}: a firing round
    // is one call. A round of at most "records limit" due ids also brings their task records (HGETALL each, {} for a
    // vanished one), read in the same step: at a steady rate most rounds fire one or two occurrences, and reading them
    // apart would be another wait per fire. A larger round's records are read pipelined by the caller instead, so a
    // burst does not hold Redis for a thousand records in one script. (The record keys are built from the prefix: the
    // claimed ids are only known inside the script.)
    public const string ClaimRound = """
        local now, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
        local lease = now + tonumber(ARGV[3])
        -- One ZADD per 500 claimed members rather than one each (a round of a thousand is two calls, not a thousand).
        local function claim(key, scores)
          local members
          if scores then
            members = {}
            local found = redis.call('ZRANGEBYSCORE', key, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit)
            for i = 1, #found, 2 do
              members[#members + 1] = found[i]
              scores[#scores + 1] = found[i + 1]
            end
          else
            members = redis.call('ZRANGEBYSCORE', key, '-inf', now, 'LIMIT', 0, limit)
          end
          for first = 1, #members, 500 do
            local scored = {}
            for i = first, math.min(first + 499, #members) do
              scored[#scored + 1] = lease
              scored[#scored + 1] = members[i]
            end
            redis.call('ZADD', key, unpack(scored))
          end
          return members
        end
        local function earliest(key)
          local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
          return first[2] or ''
        end
        local dueScores = {}
        local due = claim(KEYS[1], dueScores)
        local triggers = claim(KEYS[2])
        local records = {}
        if #due <= tonumber(ARGV[5] or '0') then
          for i = 1, #due do records[i] = redis.call('HGETALL', ARGV[4] .. due[i]) end
        end
        return {due, triggers, earliest(KEYS[1]), earliest(KEYS[2]), records, dueScores}
        """;

    // Overlap cancelPrevious: whether run "other" (the task's last fired run, ScheduleRecord.LastFiredRun; nil for none)
    // is another run than "runId" (ledger runKey) and has not ended: fired (a commit or a worker's claim set its owner, a
    // trigger's reservation its "fired"), not stood down, not done. A run still queued in Hangfire, waiting at its flow
    // gate or going on: the fire of "runId" replaces it. A ledger gone (expired) is a run long ended. The other ledger's
    // key is built from runKey (run hashes share one prefix).
    internal static string FiredRunGoesOn => $$"""
        local function firedRunGoesOn(runKey, runId, other)
          if not other or other == '' or other == runId then return false end
          local ledger = redis.call('HMGET', string.sub(runKey, 1, #runKey - #runId) .. other, 'owner', 'fired', 'done')
          return (ledger[1] or ledger[2]) and ledger[1] ~= '{{StoreScripts.DeletedOwner}}' and not ledger[3]
        end
        """;

    // Advances one fired (or skipped) occurrence of task "id" (task hash taskKey, run hash runKey) expected due at
    // "expected": sets the next due ms ("" for none), or ends it with finalStatus ("" keeps the status). It advances
    // only if nobody advanced it meanwhile and the task is still active (a fired occurrence that does not advance has
    // its run stood down: StoreScripts.DeletedOwner); a fired occurrence ("1") is announced (unless a worker claimed it
    // first and announced it then: RunLedgerScripts.BeginRun), entered
    // in the run ledger (its owning job, unless a worker claimed it first) and listed as fired and not done in the same
    // call, so no fired occurrence can go unnoticed. A queued one ("1") is marked in its run ledger: it is counted in
    // queuedRuns once and released once (ReleaseQueuedRun, or its final outcome). An occurrence planned with no next
    // run because max runs "endsAtMax" ended it moves to "nextBeyond" instead when the record's max runs is no longer that
    // and leaves runs to fire: an update raised it after Beat read the record, and the update's ExtendRuns, finding this
    // occurrence still due, left the next run to this commit. An occurrence not fired with a "skipReason" (misfire or
    // overlap) is announced as skipped here, with the instant it was due, so a skip is said once, by the beat whose commit
    // stands. A fired occurrence of an overlap cancelPrevious task ("replaceable") notes in its ledger the task's
    // replaced-runs count it is fired under, and names itself the task's last fired run. One that replaces the runs before
    // it raises that count, names itself the task's replacing run and publishes "id\ncount\nrunId" (ReplaceMessage) on the
    // task-replaced channel, all in this step and so only for a fire that stands: a worker stops the runs claimed under a
    // lower count (at once on the message, within its sweep otherwise), and a run claimed later reads the count at its
    // claim. It replaces them when Beat found the task running ("cancelsPrevious"), or when the task's last fired run has
    // not ended (FiredRunGoesOn), claimed or not: a run fired while no worker was free never made the task "running".
    // Returns 1, or 0 when not advanced.
    private static readonly string CommitFireFunction = $$"""
        {{StoreScripts.EmitEvent}}
        {{StoreScripts.StandDown}}
        -- The task's max runs now: a number, nil for none, false when its options cannot be read (taken as unchanged).
        local function maxRunsNow(taskKey)
          local ok, options = pcall(cjson.decode, redis.call('HGET', taskKey, 'options') or '')
          if not ok or type(options) ~= 'table' then return false end
          if type(options.maxRuns) == 'number' then return options.maxRuns end
          return nil
        end
        {{FiredRunGoesOn}}
        -- ttl is ARGV's text, not a number: a number given to redis.call is formatted anew on each call (StoreScripts.EmitEvent).
        local function commitFire(dueKey, eventsKey, firedKey, runningKey, now, ttl, replacedChannel, taskKey, runKey, id, expected, nextMs,
                                  finalStatus, fired, queued, runId, jobId, endsAtMax, nextBeyond, skipReason, replaceable, cancelsPrevious, replay)
          -- The last fired run is read for overlap cancelPrevious alone: another task's record is not searched for it.
          local record = replaceable == '1' and redis.call('HMGET', taskKey, 'nextRunAt', 'status', 'fireCount', 'runCount', 'replacedRuns', 'lastFiredRun')
            or redis.call('HMGET', taskKey, 'nextRunAt', 'status', 'fireCount', 'runCount', 'replacedRuns')
          if record[1] ~= expected then
            -- The fire does not stand (the task was deleted, changed or ended since it was read): its job, created
            -- already, must do nothing, whatever task holds the id when it runs. A run another beat's commit or a
            -- worker owns already keeps its owner.
            if fired == '1' and jobId ~= '' then standDown(runKey, ttl) end
            return 0
          end
          local status = record[2]
          -- Not fired by this plan, yet a worker claimed the occurrence (owner set, not by hand) from a job an earlier fire
          -- of it made, whose commit never came (its Beat died, or Redis refused or lost the commit): that run goes on, so
          -- it is this plan's fire after all, committed as one (its claim announced it fired), and the last one when it
          -- reaches max runs. A claim of such a job after this commit is refused instead (RunLedgerScripts.BeginRun).
          if fired ~= '1' then
            local ok, ledger = pcall(redis.call, 'HMGET', runKey, 'owner', 'req')
            if ok and ledger[1] and ledger[1] ~= '{{StoreScripts.DeletedOwner}}' and (ledger[2] or '') == '' then
              fired, jobId, skipReason = '1', ledger[1], ''
              -- The last under max runs: ended as a plan that fires it would be (endsAtMax completes a task whose run was
              -- recorded before this commit, below; a run that ends later finds no next run and completes it).
              if nextMs ~= '' then
                local max = maxRunsNow(taskKey)
                if max and (tonumber(record[3]) or 0) + 1 >= max then nextMs, endsAtMax = '', string.format('%d', max) end
              end
              -- A one-shot's skip expires it; its fire leaves the end to its run's outcome.
              if finalStatus == 'expired' and nextMs == '' and redis.call('HGET', taskKey, 'kind') == 'Once' then finalStatus = '' end
            end
          end
          -- Only a plan that max runs ended reads the options (never the common fire), and only a later instant is taken.
          if nextMs == '' and endsAtMax ~= '' and nextBeyond ~= '' and tonumber(nextBeyond) > tonumber(expected) then
            local max = maxRunsNow(taskKey)
            local fires = (tonumber(record[3]) or 0) + (fired == '1' and 1 or 0)
            if max ~= false and max ~= tonumber(endsAtMax) and (max == nil or fires < max) then
              nextMs, finalStatus = nextBeyond, ''
            end
          end
          -- The task's changed fields, written in one HSET with whatever else changes below.
          local changed = {}
          -- Overlap cancelPrevious's message (ReplaceMessage), published last.
          local replaced = nil
          if fired == '1' then
            changed = {'fireCount', string.format('%d', (tonumber(record[3]) or 0) + 1)}
            -- The ledger first: a ledger Redis refuses (a key of another type) stops the commit before anything is announced.
            -- Announced by whoever sets the owner: a worker that claimed the run first announced it (before its start).
            local claimedFirst = false
            if jobId ~= '' then
              claimedFirst = redis.call('HSETNX', runKey, 'owner', jobId) == 0
              redis.call('ZADD', firedKey, 'NX', now, runId)
              -- A runAll replay of a missed occurrence: the one due while replays run follows them (RunAllReplays).
              if replay == '1' then redis.call('HSET', runKey, 'replay', '1') end
              -- Overlap cancelPrevious: the count this run was fired under, which its claim compares with the count then
              -- (RunLedgerScripts.BeginRun). Other tasks write nothing. The replace itself is raised here, with the fire
              -- that stands, and announced once everything is written: raised before, a fire that then did not stand
              -- (the task changed) or never came (Beat died) stopped the run before it and left the task none at all.
              if replaceable == '1' then
                local under = record[5] or '0'
                if cancelsPrevious == '1' or firedRunGoesOn(runKey, runId, record[6]) then
                  under = string.format('%d', (tonumber(under) or 0) + 1)
                  table.insert(changed, 'replacedRuns') table.insert(changed, under)
                  table.insert(changed, 'replacingRun') table.insert(changed, runId)
                  replaced = id .. '\n' .. under .. '\n' .. runId
                end
                table.insert(changed, 'lastFiredRun') table.insert(changed, runId)
                redis.call('HSET', runKey, 'firedUnder', under)
              end
            end
            if not claimedFirst then emit(eventsKey, '{{SchedulerEvents.Fired}}', id, now, 'dueAt', expected) end
          elseif skipReason ~= '' then
            emit(eventsKey, '{{SchedulerEvents.Skipped}}', id, now, 'runId', runId, 'dueAt', expected, 'error', skipReason)
          end
          if queued == '1' and redis.call('HSETNX', runKey, 'queued', '1') == 1 then redis.call('HINCRBY', taskKey, 'queuedRuns', 1) end
          -- The ledger outlives its last write, this one included (EXPIRE does nothing when there is no ledger).
          redis.call('EXPIRE', runKey, ttl)
          if status == 'paused' and (nextMs ~= '' or fired == '1') then
            -- Paused while this occurrence was being fired: the schedule still moves past it (a resume starts from the
            -- next one, not this one again), and the pause keeps the due entry it set (its end, or none).
            if nextMs ~= '' then table.insert(changed, 'nextRunAt') table.insert(changed, nextMs)
            else redis.call('HDEL', taskKey, 'nextRunAt') end
          elseif status ~= 'scheduled' and status ~= 'running' then
            -- Ended while this fire was being committed (a one-shot whose worker finished first): nothing is next.
            redis.call('ZREM', dueKey, id)
            redis.call('HDEL', taskKey, 'nextRunAt')
          elseif nextMs ~= '' then
            table.insert(changed, 'nextRunAt') table.insert(changed, nextMs)
            redis.call('ZADD', dueKey, nextMs, id)
          else
            redis.call('HDEL', taskKey, 'nextRunAt')
            redis.call('ZREM', dueKey, id)
            if finalStatus ~= '' then
              table.insert(changed, 'status') table.insert(changed, finalStatus)
              if finalStatus ~= 'running' then redis.call('SREM', runningKey, id) end
            elseif endsAtMax ~= '' and status == 'scheduled' and (tonumber(record[4]) or 0) >= tonumber(endsAtMax) then
              -- The last run under max runs was recorded before this commit: it read the next run still set, so it left
              -- the task scheduled. Nothing is due now and nothing runs: the task ends here, as that outcome would have.
              table.insert(changed, 'status') table.insert(changed, 'completed')
              redis.call('SREM', runningKey, id)
              emit(eventsKey, '{{SchedulerEvents.Completed}}', id, now)
            end
          end
          if #changed > 0 then redis.call('HSET', taskKey, unpack(changed)) end
          if replaced then redis.call('PUBLISH', replacedChannel, replaced) end
          return 1
        end

        """;

    // KEYS: due index, events stream, fired index, running index, then each occurrence's task hash and run hash.
    // ARGV: now ms, ledger ttl seconds, task-replaced channel, then fourteen per occurrence: id, expected nextRunAt, next
    // due ms or "", status when no next ("" keeps it), fired ("1"/"0"), queued ("1"/"0"), runId, jobId, max runs that ends
    // it or "", next due ms beyond that max or "", why it was skipped or "", replaceable ("1": overlap cancelPrevious),
    // cancels previous ("1": this fire replaces the runs before it), replay ("1": a runAll replay) (see commitFire). A round's fires are one call, not
    // one each; each is committed on its own, so one that fails (a key of another type) leaves the others committed.
    // Returns one entry per occurrence: 1, 0 (not advanced), or the text of its error.
    public static readonly string CommitFires = CommitFireFunction + """
        local results = {}
        for i = 0, (#KEYS - 4) / 2 - 1 do
          local a = 4 + i * 14
          local ok, result = pcall(commitFire, KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2], ARGV[3],
            KEYS[5 + i * 2], KEYS[6 + i * 2], ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7],
            ARGV[a + 8], ARGV[a + 9], ARGV[a + 10], ARGV[a + 11], ARGV[a + 12], ARGV[a + 13])
          if ok then results[i + 1] = result
          elseif type(result) == 'table' and result.err then results[i + 1] = result.err
          else results[i + 1] = tostring(result) end
        end
        return results
        """;
}
