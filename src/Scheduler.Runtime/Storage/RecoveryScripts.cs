namespace Scheduler.Runtime.Storage;

/// <summary>Lua scripts of Beat's recovery: settle a schedule stuck "running", hand a lost run to its replacement job.</summary>
internal static class RecoveryScripts
{
    // KEYS: task hash, due index, in-flight hash. ARGV: id. A schedule left "running" with none of its runs in flight
    // (its run was lost or handed back) goes back to "scheduled", and to the due index if it has a next instant. Checked
    // and changed in one call, so a run that begins meanwhile (it marks running and enters the ledger atomically) is seen.
    public const string SettleStuckRunning = """
        if redis.call('HGET', KEYS[1], 'status') ~= 'running' then return 0 end
        for _, entry in ipairs(redis.call('HVALS', KEYS[3])) do
          local _, _, task = string.find(entry, '^[^|]*|[^|]*|([^|]*)|')
          if task == ARGV[1] then return 0 end
        end
        redis.call('HSET', KEYS[1], 'status', 'scheduled')
        local nextRun = redis.call('HGET', KEYS[1], 'nextRunAt')
        if nextRun and nextRun ~= '' then redis.call('ZADD', KEYS[2], nextRun, ARGV[1]) end
        return 1
        """;

    // KEYS: run hash. ARGV: job id the run belongs to, job id that replaces it. Hands an occurrence whose Hangfire job
    // vanished to the job fired in its place, unless it finished or changed hands meanwhile.
    public const string RepointRun = """
        if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] or redis.call('HEXISTS', KEYS[1], 'done') == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'owner', ARGV[2])
        return 1
        """;
}
