using Scheduler.Contracts.Events;
using Scheduler.Contracts.Triggers;

namespace Scheduler.Runtime.Storage;

/// <summary>
/// The server's Lua for triggers: the worker fans a run's final outcome out to its "after" subscribers inside
/// RecordAttempt, and Beat reserves each pending trigger once. The client's publish stays in <see cref="TriggerScripts"/>.
/// </summary>
internal static class TriggerFiringScripts
{
    // Put in RunLedgerScripts.RecordAttempt, which calls fanout(outcome) once a run's final outcome is counted.
    // KEYS[8] the source task's "after" subscriber set, KEYS[9] trigger index, KEYS[10] trigger counter (KEYS[6..7] are RecordAttempt's own) (all optional).
    // ARGV[11] result, ARGV[12] error; taskPrefix, triggerPrefix, triggerTtl (s) and changedChannel are locals the script
    // declares before this text (RunLedgerScripts.RecordAttemptHead).
    public const string Fanout = TriggerScripts.Subscribers + """
        local function fanout(taskId, runId, outcome, now)
          if not KEYS[8] or KEYS[8] == '' or outcome == 'skipped' then return end
          local targets = {}
          for _, s in ipairs(subscribers(KEYS[8], taskPrefix, 'after:' .. taskId .. ':', false)) do
            local want = s[2]
            if (want == 'succeeded' and outcome == 'succeeded') or (want == 'failed' and (outcome == 'failed' or outcome == 'timedout'))
               or want == 'finished' then
              table.insert(targets, s[1])
            end
          end
          if #targets == 0 then return end
          -- KEYS[4] is this run's ledger, the run ledger prefix followed by the run id.
          local runPrefix = string.sub(KEYS[4], 1, #KEYS[4] - #runId)
          -- The links of the after: chain so far (the ledger of a run an after: trigger started holds its own count):
          -- Beat stops a chain past its limit, so a cycle two changes made at once runs that many times, not for ever.
          local depth = (tonumber(redis.call('HGET', KEYS[4], 'depth')) or 0) + 1
          local id = newTrigger(KEYS[10], triggerPrefix, triggerTtl, runPrefix, targets, 'kind', 'after', 'source', taskId, 'runId', runId,
            'outcome', outcome, 'result', ARGV[11], 'error', ARGV[12], 'at', now, 'depth', depth)
          for _, target in ipairs(targets) do redis.call('ZADD', KEYS[9], now, '#' .. id .. ':' .. target) end
          redis.call('PUBLISH', changedChannel, taskId)
        end

        """;

    // KEYS: trigger index, task hash, run ledger hash, events stream, trigger hash. ARGV: member, task id, run id,
    // decision ("fire", "queue" or "drop"), fire count the decision was made with, status to set on drop ("" keeps it),
    // now ms, ledger ttl s, trigger ttl s, trigger id, fired event type, why a drop is a skip ("" for a drop the task's
    // end explains), replaceable ("1": overlap cancelPrevious, whose run's ledger notes the replaced-runs count it was
    // fired under, as FiringScripts.CommitFires does), cancels previous ("1": the run replaces the runs before it), the
    // task-replaced channel. Reserves one trigger's occurrence before Beat enqueues it: "gone" (fired and removed already),
    // "refire" (reserved by a beat that died before removing it: enqueue again under the same run id, which the worker
    // runs once), "stale" (the task changed since it was read: decide again), "dropped" (a skip announced), or "fire"
    // (counted, announced). A fire that replaces the runs before it (asked by "cancels previous": the task was running;
    // or the task's last fired run has not ended, claimed or not: FiringScripts.FiredRunGoesOn) raises the task's count,
    // names its run the replacing one and publishes the replace (ReplaceMessage) in the same step, as CommitFires does
    // for an occurrence: a beat that dies after the reservation leaves the replace made, and the beat that re-fires it
    // has nothing to raise. A replaceable fire names its run the task's last fired run (ScheduleRecord.LastFiredRun).
    public static readonly string Reserve = $$"""
        {{Contracts.Storage.StoreScripts.EmitEvent}}
        {{FiringScripts.FiredRunGoesOn}}
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 'gone' end
        if redis.call('HEXISTS', KEYS[3], 'fired') == 1 then return 'refire' end
        -- The last fired run is read for overlap cancelPrevious alone.
        local task = ARGV[13] == '1' and redis.call('HMGET', KEYS[2], 'status', 'fireCount', 'replacedRuns', 'lastFiredRun')
          or redis.call('HMGET', KEYS[2], 'status', 'fireCount', 'replacedRuns')
        local status = task[1]
        if ARGV[4] == 'drop' then
          redis.call('ZREM', KEYS[1], ARGV[1])
          if ARGV[6] ~= '' and (status == 'scheduled' or status == 'running') then redis.call('HSET', KEYS[2], 'status', ARGV[6]) end
          -- Announced with the drop, in one step: the member is gone once announced, so a beat taking over says it no twice.
          if ARGV[12] and ARGV[12] ~= '' then
            emit(KEYS[4], '{{SchedulerEvents.Skipped}}', ARGV[2], ARGV[7], 'runId', ARGV[3], 'trigger', ARGV[10], 'error', ARGV[12])
          end
          return 'dropped'
        end
        if (status ~= 'scheduled' and status ~= 'running') or (task[2] or '0') ~= ARGV[5] then return 'stale' end
        redis.call('HINCRBY', KEYS[2], 'fireCount', 1)
        -- A queued run is marked in its ledger, as a clock fire's is: the mark is what counts it down once when it
        -- stops waiting (ReleaseQueuedRun, or its final outcome); without it the count would stay up for good.
        if ARGV[4] == 'queue' then
          redis.call('HINCRBY', KEYS[2], 'queuedRuns', 1)
          redis.call('HSET', KEYS[3], 'queued', '1')
        end
        local replaced = nil
        if ARGV[13] == '1' then
          local under = task[3] or '0'
          if ARGV[4] == 'fire' and (ARGV[14] == '1' or firedRunGoesOn(KEYS[3], ARGV[3], task[4])) then
            under = string.format('%d', (tonumber(under) or 0) + 1)
            redis.call('HSET', KEYS[2], 'replacedRuns', under, 'replacingRun', ARGV[3], 'lastFiredRun', ARGV[3])
            replaced = ARGV[2] .. '\n' .. under .. '\n' .. ARGV[3]
          else
            redis.call('HSET', KEYS[2], 'lastFiredRun', ARGV[3])
          end
          redis.call('HSET', KEYS[3], 'fired', ARGV[7], 'firedUnder', under)
        else redis.call('HSET', KEYS[3], 'fired', ARGV[7]) end
        local depth = redis.call('HGET', KEYS[5], 'depth')
        if depth then redis.call('HSET', KEYS[3], 'depth', depth) end
        redis.call('EXPIRE', KEYS[3], tonumber(ARGV[8]))
        redis.call('EXPIRE', KEYS[5], tonumber(ARGV[9]))
        emit(KEYS[4], ARGV[11], ARGV[2], ARGV[7], 'runId', ARGV[3], 'trigger', ARGV[10])
        if replaced then redis.call('PUBLISH', ARGV[15], replaced) end
        return 'fire'
        """;
}
