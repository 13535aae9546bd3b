namespace Scheduler.Contracts.Triggers;

/// <summary>
/// Lua for triggers. A trigger is written in the same call as what causes it (a run's final outcome, a publish), and
/// becomes one member per subscribed task in the trigger index, which Beat fires once each: nothing is lost between
/// the cause and the index, and a trigger waits there while no Beat or worker runs.
/// </summary>
internal static class TriggerScripts
{
    // Shared: the subscribers of a set that still subscribe and are active. A member whose record is gone or whose spec
    // no longer names this source leaves the index here (a changed spec moves a task to another set without a scan).
    // head: the canonical spec's start this source has ("after:A:" or "on:E" + nothing after). Returns {taskId, rest}.
    private const string Subscribers = """
        local function subscribers(set, taskPrefix, head, exact)
          local found = {}
          for _, sub in ipairs(redis.call('SMEMBERS', set)) do
            local f = redis.call('HMGET', taskPrefix .. sub, 'kind', 'canonical', 'status')
            local canonical = f[2]
            if f[1] ~= 'Trigger' or not canonical or string.sub(canonical, 1, #head) ~= head or (exact and #canonical ~= #head) then
              redis.call('SREM', set, sub)
            elseif f[3] == 'scheduled' or f[3] == 'running' then
              table.insert(found, {sub, string.sub(canonical, #head + 1)})
            end
          end
          return found
        end
        local function newTrigger(seq, triggerPrefix, ttl, ...)
          local id = 'e' .. redis.call('INCR', seq)
          redis.call('HSET', triggerPrefix .. id, ...)
          redis.call('EXPIRE', triggerPrefix .. id, tonumber(ttl))
          return id
        end

        """;

    // Prepended to StoreScripts.RecordAttempt, which calls fanout(outcome) once a run's final outcome is counted.
    // KEYS[8] the source task's "after" subscriber set, KEYS[9] trigger index, KEYS[10] trigger counter (KEYS[6..7] are RecordAttempt's own) (all optional).
    // ARGV[13] task key prefix, ARGV[14] trigger key prefix, ARGV[15] result, ARGV[16] trigger ttl s, ARGV[17] channel, ARGV[18] error.
    public const string Fanout = Subscribers + """
        local function fanout(taskId, runId, outcome, now)
          if not KEYS[8] or KEYS[8] == '' or outcome == 'skipped' then return end
          local id = nil
          for _, s in ipairs(subscribers(KEYS[8], ARGV[13], 'after:' .. taskId .. ':', false)) do
            local want = s[2]
            if (want == 'succeeded' and outcome == 'succeeded') or (want == 'failed' and (outcome == 'failed' or outcome == 'timedout'))
               or want == 'finished' then
              id = id or newTrigger(KEYS[10], ARGV[14], ARGV[16], 'kind', 'after', 'source', taskId, 'runId', runId,
                'outcome', outcome, 'result', ARGV[15], 'error', ARGV[18], 'at', now)
              redis.call('ZADD', KEYS[9], now, '#' .. id .. ':' .. s[1])
            end
          end
          if id then redis.call('PUBLISH', ARGV[17], taskId) end
        end

        """;

    // KEYS: the event's subscriber set, trigger index, trigger counter. ARGV: task key prefix, trigger key prefix, event
    // name, payload, now ms, trigger ttl s, change channel. Returns {triggerId or "", {task ids triggered}}.
    public const string Publish = Subscribers + """
        local id = nil
        local triggered = {}
        for _, s in ipairs(subscribers(KEYS[1], ARGV[1], 'on:' .. ARGV[3], true)) do
          id = id or newTrigger(KEYS[3], ARGV[2], ARGV[6], 'kind', 'on', 'source', ARGV[3], 'payload', ARGV[4], 'at', ARGV[5])
          redis.call('ZADD', KEYS[2], ARGV[5], '#' .. id .. ':' .. s[1])
          table.insert(triggered, s[1])
        end
        if id then redis.call('PUBLISH', ARGV[7], ARGV[3]) end
        return {id or '', triggered}
        """;

    // KEYS: trigger index, task hash, run ledger hash, events stream, trigger hash. ARGV: member, task id, run id,
    // decision ("fire", "queue" or "drop"), fire count the decision was made with, status to set on drop ("" keeps it),
    // now ms, ledger ttl s, trigger ttl s, trigger id, fired event type. Reserves one trigger's occurrence before Beat
    // enqueues it: "gone" (fired and removed already), "refire" (reserved by a beat that died before removing it: enqueue
    // again under the same run id, which the worker runs once), "stale" (the task changed since it was read: decide
    // again), "dropped", or "fire" (counted, announced).
    public static readonly string Reserve = $$"""
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 'gone' end
        if redis.call('HEXISTS', KEYS[3], 'fired') == 1 then return 'refire' end
        local status = redis.call('HGET', KEYS[2], 'status')
        if ARGV[4] == 'drop' then
          redis.call('ZREM', KEYS[1], ARGV[1])
          if ARGV[6] ~= '' and (status == 'scheduled' or status == 'running') then redis.call('HSET', KEYS[2], 'status', ARGV[6]) end
          return 'dropped'
        end
        if (status ~= 'scheduled' and status ~= 'running') or (redis.call('HGET', KEYS[2], 'fireCount') or '0') ~= ARGV[5] then return 'stale' end
        redis.call('HINCRBY', KEYS[2], 'fireCount', 1)
        if ARGV[4] == 'queue' then redis.call('HINCRBY', KEYS[2], 'queuedRuns', 1) end
        redis.call('HSET', KEYS[3], 'fired', ARGV[7])
        redis.call('EXPIRE', KEYS[3], tonumber(ARGV[8]))
        redis.call('EXPIRE', KEYS[5], tonumber(ARGV[9]))
        redis.call('XADD', KEYS[4], 'MAXLEN', '~', {{Storage.EventStream.MaxLength}}, '*', 'type', ARGV[11], 'taskId', ARGV[2], 'at', ARGV[7],
          'runId', ARGV[3], 'trigger', ARGV[10])
        return 'fire'
        """;
}
