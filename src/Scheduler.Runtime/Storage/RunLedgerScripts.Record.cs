namespace Scheduler.Runtime.Storage;

internal static partial class RunLedgerScripts
{
    // KEYS: task hash, due index, runs list, run hash, in-flight hash, running index, fired index, then (optional)
    // the trigger fan-out keys. ARGV: id, run json, finished ms, outcome,
    // is final ("1"/"0"), one-shot ("1"; "2" for a run now beside a one-shot, which ends it only from failed; else "0"), max runs (0 = none), runId, write id ("" = none),
    // in-flight owner ("jobId|workerId|taskId|attempt|"), the run's result and error ("" for none). Records the attempt; on the final attempt marks
    // the run done, counts it and settles the status. A run already done is not counted twice (the final attempt that came
    // second is kept in the history, not final, saying so: LateNote), and a write repeated with
    // the same write id (the worker retries until Redis answers; the first may have landed) is applied once: {-2, status
    // now} tells the caller it had been. A final write removes the in-flight entry only if it is the writer's own: a
    // late writer whose run was re-queued meanwhile must not strip the re-delivery's entry (its crash protection). A
    // done run leaves the fired index, and releases its place in the overlap queue if it had one (once per run).
    // A task deleted meanwhile gets nothing written (no history list, no ledger entry brought back): {0, ''}, nor does
    // one deleted and created again (the delete left its owner mark in the run's ledger). A run whose task was
    // replaced while it ran (ledger field "replaced", see StoreScripts.Identity) is recorded in the
    // history but neither counted nor allowed to settle the new definition's status.
    // A final outcome also fans out to the tasks that run after this one, a replaced run's included (its outcome
    // happened; see TriggerFiringScripts.Fanout: KEYS[8..10], ARGV[11..12]).
    // A final outcome also keeps the failed-runs index (KEYS[11] index, KEYS[12] its data; final writes
    // only): a failed or timed-out run enters it with its final attempt, any other outcome takes it out. A manual retry
    // of an occurrence (ledger field "retry") is not counted again, and a one-shot task it brings to success completes.
    // Optional (KEYS[8..12] then padded with "" on a write that is not final): KEYS[13] events stream,
    // ARGV[13] now ms, attempt, duration ms, outcome event type (ARGV[13..16]): the outcome
    // is announced there, and "completed" when the status returned is completed, in the same step; a repeated write
    // ({-2}) announces nothing again. Before them, the handler's own event (RunAnnouncement.HandlerEvent, ARGV[17..]:
    // type, note count, notes, field/value pairs), its notes set on the run's ledger while it exists.
    // What is the same on every call of a process (the caps, the lifetimes, the key prefixes, the channel, the
    // completed event's type) is written into the script's text (RecordAttemptHead), not sent with each call: Redis
    // parses every argument of every call (about 0.8 k instructions each, bench README "Forty-sixth pass, continued"),
    // and the script is compiled once per text. So there is one script per key prefix.
    public static string RecordAttempt(string keyPrefix) =>
        RecordAttemptByPrefix.GetOrAdd(keyPrefix, prefix => RecordAttemptHead(new Contracts.Storage.RedisKeys(prefix)) + TriggerFiringScripts.Fanout + RecordAttemptBody);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> RecordAttemptByPrefix = new(StringComparer.Ordinal);

    // Declared before the fan-out's functions, which read them as upvalues.
    private static string RecordAttemptHead(Contracts.Storage.RedisKeys keys) => $"""
        local historyCap, ledgerTtl, failedRunsCap = {Contracts.Storage.ScheduleStore.HistoryCap}, '{(long)ScheduleStoreRunLedger.RunLedgerTtl.TotalSeconds}', {Contracts.Runs.RunScripts.FailedRunsCap}
        local taskPrefix, triggerPrefix, triggerTtl = {LuaText(keys.Task(""))}, {LuaText(keys.Trigger(""))}, {(long)Contracts.Triggers.TriggerStore.ContextTtl.TotalSeconds}
        local changedChannel, completedEvent = {LuaText(keys.ScheduleChanged)}, {LuaText(Contracts.Events.SchedulerEvents.Completed)}
        local lateNote, retryEvent = {LuaText(LateNote)}, {LuaText(Contracts.Events.SchedulerEvents.Retry)}

        """;

    /// <summary>What the history says of an attempt that ran to its end after another attempt's outcome had ended its run.</summary>
    internal const string LateNote = "ran to its end after the run had ended: another attempt's outcome was recorded first (a worker cut off from Redis, "
        + "its run started again elsewhere); not counted";

    /// <summary>A record kept with <see cref="LateNote"/>: it ran, and counts for nothing (the run's final record is another).</summary>
    internal static bool IsLate(Contracts.Schedules.TaskRun run) => !run.IsFinal && run.Error?.StartsWith(LateNote, StringComparison.Ordinal) == true;

    // A Lua string literal of any text: bytes other than letters, digits and a few safe marks as decimal escapes.
    private static string LuaText(string text)
    {
        var literal = new System.Text.StringBuilder("'");
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
            literal.Append(char.IsAsciiLetterOrDigit((char)b) || b is (byte)':' or (byte)'-' or (byte)'_' or (byte)'.' ? ((char)b).ToString() : $"\\{b:D3}");
        return literal.Append('\'').ToString();
    }

    private static readonly string RecordAttemptBody = $$"""
        {{Contracts.Storage.StoreScripts.EmitEvent}}
        {{Contracts.Storage.StoreScripts.IndexSearch}}
        {{Contracts.Storage.StoreScripts.RunInFlight}}
        local function indexFailure()
          if not KEYS[11] or KEYS[11] == '' then return end
          if ARGV[4] ~= 'failed' and ARGV[4] ~= 'timedout' then
            redis.call('ZREM', KEYS[11], ARGV[8])
            redis.call('HDEL', KEYS[12], ARGV[8])
            return
          end
          redis.call('ZADD', KEYS[11], ARGV[3], ARGV[8])
          redis.call('HSET', KEYS[12], ARGV[8], ARGV[2])
          local over = redis.call('ZCARD', KEYS[11]) - failedRunsCap
          if over > 0 then
            local oldest = redis.call('ZRANGE', KEYS[11], 0, over - 1)
            redis.call('ZREMRANGEBYRANK', KEYS[11], 0, over - 1)
            redis.call('HDEL', KEYS[12], unpack(oldest))
          end
        end
        -- One read of the task (a task hash always has a status: none means deleted) and one of the run's ledger serve
        -- every check below; the script itself changes none of these fields before it reads them (the fan-out writes only
        -- triggers and subscriber sets).
        local task = redis.call('HMGET', KEYS[1], 'status', 'runCount', 'inFlightRuns')
        local mark = ARGV[9] ~= '' and ('w:' .. ARGV[9]) or nil
        local ledger = redis.call('HMGET', KEYS[4], mark or 'done', 'done', 'retry', 'replaced', 'queued', 'owner', 'attempts', 'stopped')
        -- The in-flight entry is the writer's own, or gone, while the ledger still names the writer's job and attempt: a
        -- later delivery's start would have counted another attempt, and only a start writes an entry (a restore puts back
        -- one a start wrote, and only where none is). Otherwise it is read and compared first.
        local ownJob, ownAttempt = string.match(ARGV[10], '^([^|]+)|.*|(%d+)|$')
        -- The task's list of runs in flight as this run leaves it (StoreScripts.RunInFlight), written with the task's
        -- next write (setTask), or on its own at the end when nothing else of the task is written.
        local listed, listChanged = task[3], false
        local function leave()
          local removed = 0
          if ownJob and ledger[6] == ownJob and ledger[7] == ownAttempt then
            removed = redis.call('HDEL', KEYS[5], ARGV[8])
          else
            local entry = redis.call('HGET', KEYS[5], ARGV[8])
            if entry and string.sub(entry, 1, #ARGV[10]) == ARGV[10] then removed = redis.call('HDEL', KEYS[5], ARGV[8]) end
          end
          if removed == 1 and listed then
            local left = listedWithout(listed, ARGV[8])
            if left ~= listed then listed, listChanged = left, true end
          end
          redis.call('ZREM', KEYS[7], ARGV[8])
          if ledger[5] and redis.call('HDEL', KEYS[4], 'queued') == 1 and task[1] then
            redis.call('HINCRBY', KEYS[1], 'queuedRuns', -1)
          end
        end
        -- A run cancelled while its task is still "running" (not "cancelled": a cancel by hand sets that first, a delete
        -- removes the task) leaves "running" to the run that replaced it (overlap cancelPrevious), which may not be in
        -- flight yet. Beat's stuck-running sweep settles a "running" that no run in flight backs. A run stopped by hand
        -- (ledger field "stopped", RunScripts.StopRuns) was replaced by nothing: it settles the status as any run's end
        -- does. So does a run skipped by overlap "skip": the run it was skipped for, still in flight, keeps "running";
        -- one that ended between the skip's check and this write left "running" to the skipped run, whose claim held it,
        -- and every occurrence until the sweep would have been skipped too.
        local leavesRunning = ARGV[4] == 'cancelled' and not ledger[8]
        -- Whether a "running" task goes back to "scheduled" as this run ends (its own in-flight entry gone: called after
        -- leave()). Not while another run of the task goes on (one asked for by hand, run now or retry, beside a fired
        -- one; or overlap allow): "scheduled" would let the next occurrence start beside that run whatever the overlap
        -- policy says, and show the task idle while it runs.
        local function settlesToScheduled()
          if leavesRunning then return false end
          if not listed then listed, listChanged = runsInFlight(KEYS[5], ARGV[1], false), true end
          return not runInFlight(KEYS[5], ARGV[1], nil, listed)
        end
        local function setTask(...)
          if listChanged then
            listChanged = false
            redis.call('HSET', KEYS[1], 'inFlightRuns', listed, ...)
          else
            redis.call('HSET', KEYS[1], ...)
          end
        end
        -- Set by record() when it kept a late execution's record (announced as a retry, below).
        local keptLate = false
        local function record()
          -- Deleted, or deleted and created again since the run started (the delete stood the run down): its outcome is
          -- the old task's, and is recorded nowhere.
          if not task[1] or ledger[6] == '{{Contracts.Storage.StoreScripts.DeletedOwner}}' then
            if ARGV[5] == '1' then leave() end
            return {0, ''}
          end
          if mark and ledger[1] then
            if ARGV[5] == '1' then return {-2, task[1]} end
            return {-2, ''}
          end
          if ARGV[5] == '1' and ledger[2] then
            -- A worker's attempt (its write id names the attempt; Beat's records do not) that ran to its end after another
            -- attempt's outcome ended the run (a worker cut off from Redis whose outcome landed late, beside the
            -- re-delivery Beat started): the execution happened, so the history keeps it, not final and saying why, and
            -- it is announced as a retry is; it is counted nowhere. The write id makes a repeat a no-op. The run's own
            -- error (ARGV[12]) says whether its record has one: "error" comes before any nested object's, and "isFinal"
            -- before the trigger's and request's.
            if mark and string.match(ARGV[9], '^a%d+%.') then
              keptLate = true
              local late = (string.gsub(ARGV[2], '"isFinal":true', '"isFinal":false', 1))
              if ARGV[12] ~= '' then
                late = (string.gsub(late, '"error":"', '"error":"' .. lateNote .. '; ', 1))
              else
                late = (string.gsub(late, '"isFinal":false', '"error":"' .. lateNote .. '","isFinal":false', 1))
              end
              if redis.call('LPUSH', KEYS[3], late) > historyCap then redis.call('LTRIM', KEYS[3], 0, historyCap - 1) end
              redis.call('HSET', KEYS[4], mark, '1')
            end
            leave()
            -- This delivery's claim may be what holds the task "running" (the run was re-fired after a failover rolled
            -- its first delivery back, and that one's replayed outcome finished it first): settled here, not by Beat's
            -- stuck-running sweep half a minute on, while every occurrence in between is skipped as overlapping.
            if task[1] == 'running' and settlesToScheduled() then
              setTask('status', 'scheduled')
              redis.call('SREM', KEYS[6], ARGV[1])
            end
            return {-1, ''}
          end
          local written = {}
          if ARGV[5] == '1' then table.insert(written, 'done') table.insert(written, ARGV[4]) end
          if mark then table.insert(written, mark) table.insert(written, '1') end
          if #written > 0 then redis.call('HSET', KEYS[4], unpack(written)) end
          -- A ledger with attempts has an expiry (from the start that counted them, or the fire before it); one without may be new here.
          if not ledger[7] and redis.call('TTL', KEYS[4]) < 0 then redis.call('EXPIRE', KEYS[4], ledgerTtl) end
          if redis.call('LPUSH', KEYS[3], ARGV[2]) > historyCap then redis.call('LTRIM', KEYS[3], 0, historyCap - 1) end
          if ARGV[5] ~= '1' then return {0, ''} end
          leave()
          -- Only a failure enters the failed-runs index, and only a manual retry (ledger field "retry") can end a run
          -- id that failed before: any other outcome has nothing there to take out.
          if ARGV[4] == 'failed' or ARGV[4] == 'timedout' or ledger[3] then indexFailure() end
          if ledger[3] then
            fanout(ARGV[1], ARGV[8], ARGV[4], ARGV[3])
            local status = task[1]
            if ARGV[6] == '1' and status == 'failed' and ARGV[4] == 'succeeded' then status = 'completed'
            elseif status == 'running' and settlesToScheduled() then status = 'scheduled' end
            setTask('lastRunAt', ARGV[3], 'lastOutcome', ARGV[4], 'status', status)
            if status ~= 'running' then redis.call('SREM', KEYS[6], ARGV[1]) end
            return {tonumber(task[2]) or 0, status}
          end
          if ledger[4] == '1' then
            local status = task[1]
            fanout(ARGV[1], ARGV[8], ARGV[4], ARGV[3])
            if status == 'running' and settlesToScheduled() then status = 'scheduled' end
            setTask('lastRunAt', ARGV[3], 'lastOutcome', ARGV[4], 'status', status)
            if status ~= 'running' then redis.call('SREM', KEYS[6], ARGV[1]) end
            return {tonumber(task[2]) or 0, status}
          end
          -- Written as string.format's %d, not as a Lua number, which Redis formats as a double (StoreScripts.EmitEvent).
          local runs = (tonumber(task[2]) or 0) + 1
          fanout(ARGV[1], ARGV[8], ARGV[4], ARGV[3])
          local status = task[1]
          local max = tonumber(ARGV[7])
          -- The max reached ends the task unless it has a next run again: its max was raised by an update after the
          -- occurrence that was to be its last had fired (or lowered while more were due), and Beat, reading the options
          -- as they are now, decides at that next due instant.
          local maxReached = max > 0 and runs >= max and (redis.call('HGET', KEYS[1], 'nextRunAt') or '') == ''
          -- A task paused after its last run was fired (a one-shot's, or the one that reaches max runs) ends as it would
          -- have unpaused: a pause holds back what is still to run, and nothing is; resumed, it would stay scheduled with
          -- nothing due for ever.
          if status == 'paused' and ((ARGV[6] == '1' and ARGV[4] ~= 'skipped') or maxReached) then
            redis.call('HSET', KEYS[1], 'pausedAt', '', 'pausedBy', '', 'pauseNote', '', 'pausedUntil', '')
            redis.call('ZREM', KEYS[2], ARGV[1])
            status = 'scheduled'
          end
          if status ~= 'scheduled' and status ~= 'running' then
            -- A one-shot that failed, run again by hand (run now) with success, is done: as a retry of its run makes it.
            if ARGV[6] == '2' and status == 'failed' and ARGV[4] == 'succeeded' then status = 'completed' end
            setTask('runCount', string.format('%d', runs), 'lastRunAt', ARGV[3], 'lastOutcome', ARGV[4], 'status', status)
            redis.call('SREM', KEYS[6], ARGV[1])
            return {runs, status}
          end
          if ARGV[6] == '1' then
            if ARGV[4] == 'succeeded' then status = 'completed'
            elseif ARGV[4] == 'skipped' then status = 'scheduled'
            -- A one-shot's only run stopped (its Hangfire job deleted): nothing of it is left to run, as after a cancel.
            elseif ARGV[4] == 'cancelled' and ledger[8] then status = 'cancelled'
            else status = 'failed' end
          elseif maxReached then
            status = 'completed'
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('HDEL', KEYS[1], 'nextRunAt')
          elseif status == 'running' and settlesToScheduled() then
            status = 'scheduled'
          end
          setTask('runCount', string.format('%d', runs), 'lastRunAt', ARGV[3], 'lastOutcome', ARGV[4], 'status', status)
          if status ~= 'running' then redis.call('SREM', KEYS[6], ARGV[1]) end
          return {runs, status}
        end
        local result = record()
        if listChanged and task[1] then redis.call('HSET', KEYS[1], 'inFlightRuns', listed) end
        if KEYS[13] and KEYS[13] ~= '' and result[1] ~= -2 then
          -- Not when another delivery of the run finished it ({-1}): that one delivered the event.
          if ARGV[17] and ARGV[17] ~= '' and result[1] ~= -1 then
            local notes = tonumber(ARGV[18])
            if notes > 0 and redis.call('EXISTS', KEYS[4]) == 1 then
              local fields = {}
              for i = 19, 18 + notes do fields[#fields + 1] = ARGV[i]; fields[#fields + 1] = '1' end
              redis.call('HSET', KEYS[4], unpack(fields))
            end
            emit(KEYS[13], ARGV[17], ARGV[1], ARGV[13], unpack(ARGV, 19 + notes))
          end
          if keptLate then
            emit(KEYS[13], retryEvent, ARGV[1], ARGV[13], 'runId', ARGV[8], 'attempt', ARGV[14], 'outcome', ARGV[4],
              'error', ARGV[12] ~= '' and (lateNote .. '; ' .. ARGV[12]) or lateNote, 'durationMs', ARGV[15])
          else
            emit(KEYS[13], ARGV[16], ARGV[1], ARGV[13],
              'runId', ARGV[8], 'attempt', ARGV[14], 'outcome', ARGV[4], 'error', ARGV[12], 'durationMs', ARGV[15])
          end
          if result[2] == 'completed' then
            emit(KEYS[13], completedEvent, ARGV[1], ARGV[13])
          end
        end
        return result
        """;
}
