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
        local function newTrigger(seq, triggerPrefix, ttl, ...)
          local id = 'e' .. redis.call('INCR', seq)
          redis.call('HSET', triggerPrefix .. id, ...)
          redis.call('EXPIRE', triggerPrefix .. id, tonumber(ttl))
          return id
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

}
