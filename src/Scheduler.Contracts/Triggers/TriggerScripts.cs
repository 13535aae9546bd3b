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
    internal const string Subscribers = """
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
        -- The counter can fall back to a number it gave before when Redis loses its last writes (a restart from an
        -- older save, a failover to a replica behind). A run of that older trigger may still have written its ledger
        -- since (a worker's outcome replayed after the outage), and a trigger under the same id would then meet that
        -- ledger and be taken for a re-fire, so never run: a number a subscriber's run already carries is passed over.
        local function newTrigger(seq, triggerPrefix, ttl, runPrefix, taskIds, ...)
          local id
          repeat
            id = 'e' .. redis.call('INCR', seq)
            local used = false
            for _, taskId in ipairs(taskIds) do
              if redis.call('EXISTS', runPrefix .. taskId .. ':' .. id) == 1 then used = true break end
            end
          until not used
          redis.call('HSET', triggerPrefix .. id, ...)
          redis.call('EXPIRE', triggerPrefix .. id, tonumber(ttl))
          return id
        end

        """;

    // KEYS: the event's subscriber set, trigger index, trigger counter. ARGV: task key prefix, trigger key prefix, event
    // name, payload, now ms, trigger ttl s, change channel, run ledger key prefix. Returns {triggerId or "", {task ids triggered}}.
    public const string Publish = Subscribers + """
        local triggered = {}
        for _, s in ipairs(subscribers(KEYS[1], ARGV[1], 'on:' .. ARGV[3], true)) do table.insert(triggered, s[1]) end
        if #triggered == 0 then return {'', triggered} end
        local id = newTrigger(KEYS[3], ARGV[2], ARGV[6], ARGV[8], triggered, 'kind', 'on', 'source', ARGV[3], 'payload', ARGV[4], 'at', ARGV[5])
        for _, taskId in ipairs(triggered) do redis.call('ZADD', KEYS[2], ARGV[5], '#' .. id .. ':' .. taskId) end
        redis.call('PUBLISH', ARGV[7], ARGV[3])
        return {id, triggered}
        """;

}
