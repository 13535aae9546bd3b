using Scheduler.Contracts.Storage;

namespace Scheduler.Runtime.Storage;

/// <summary>Lua scripts of Beat's recovery: settle a schedule stuck "running", hand a lost run to its replacement job.</summary>
internal static class RecoveryScripts
{
    // KEYS: running index, in-flight hash, due index. ARGV: task key prefix. Every schedule in the running index whose
    // status is "running" with none of its runs in flight (its run was lost or handed back) goes back to "scheduled",
    // and to the due index if it has a next instant; ids whose status is no longer "running" leave the index. Returns
    // the ids set back. One call, so a run that begins meanwhile (it marks running, indexes and enters the ledger
    // atomically) is seen; it reads only the running index and the in-flight hash, never every schedule. (Task keys
    // are built from the prefix: the set's members are only known inside the script.) A running task's list of runs
    // in flight (StoreScripts.RunInFlight) is set to what the hash holds where they differ: a list is kept in the same
    // step as each entry, so this only repairs one written by hand or by a script that missed it.
    public const string SettleStuckRunning = """
        local busy = {}
        local entries = redis.call('HGETALL', KEYS[2])
        for i = 1, #entries, 2 do
          local _, _, task = string.find(entries[i + 1], '^[^|]*|[^|]*|([^|]*)|')
          if task then
            busy[task] = busy[task] or {}
            table.insert(busy[task], entries[i])
          end
        end
        local function sameRuns(listed, runs)
          local named, count = {}, 0
          for run in string.gmatch(listed, '%S+') do
            if not named[run] then named[run], count = true, count + 1 end
          end
          if count ~= #runs then return false end
          for _, run in ipairs(runs) do
            if not named[run] then return false end
          end
          return true
        end
        local settled = {}
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local key = ARGV[1] .. id
          local task = redis.call('HMGET', key, 'status', 'inFlightRuns', 'nextRunAt')
          if task[1] ~= 'running' then
            redis.call('SREM', KEYS[1], id)
          elseif not busy[id] then
            redis.call('HSET', key, 'status', 'scheduled', 'inFlightRuns', '')
            redis.call('SREM', KEYS[1], id)
            if task[3] and task[3] ~= '' then redis.call('ZADD', KEYS[3], task[3], id) end
            settled[#settled + 1] = id
          elseif task[2] and not sameRuns(task[2], busy[id]) then
            redis.call('HSET', key, 'inFlightRuns', table.concat(busy[id], ' '))
          end
        end
        return settled
        """;

    // KEYS: run hash, fired index, task hash. ARGV: runId, jobId, now ms, ledger ttl seconds, the task's createdAt as read
    // before its job was made. A run fired outside the due index (a manual trigger, a trigger, a retry or backfill) enters
    // the run ledger (its owning job, unless a worker claimed it first) and the fired index, as CommitFires does. Returns
    // 1, or 0 when the task is gone since it was read, or is another task created under the id since (a delete by hand
    // looks for fired runs only in the fired index, which this run is not in yet): the run is then stood down
    // (StoreScripts.DeletedOwner), so its job does nothing whatever task holds the id when it runs.
    public static readonly string RecordFired = StoreScripts.StandDown + """
        if redis.call('HGET', KEYS[3], 'createdAt') ~= ARGV[5] then
          standDown(KEYS[1], tonumber(ARGV[4]))
          return 0
        end
        redis.call('HSETNX', KEYS[1], 'owner', ARGV[2])
        if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4])) end
        redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[1])
        return 1
        """;

    // KEYS: fired index, run hash, in-flight hash. ARGV: runId, score seen, now ms. Takes a fired run for repair: only
    // if its entry still has the score that was seen (so one beat, once), it is not done and nothing runs it. Pushes
    // its next check to now and returns how many times it was taken (1 the first time); 0 when not taken.
    public const string TakeFired = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score or tonumber(score) ~= tonumber(ARGV[2]) then return 0 end
        if redis.call('HEXISTS', KEYS[2], 'done') == 1 then
          redis.call('ZREM', KEYS[1], ARGV[1])
          return 0
        end
        if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        return redis.call('HINCRBY', KEYS[2], 'refires', 1)
        """;

    // KEYS: task hash, run hash. A queued run (overlap queue) stops waiting: counted down once per run, however many
    // deliveries of it get here (the mark is set once when it is fired queued).
    public const string ReleaseQueuedRun = """
        if redis.call('HDEL', KEYS[2], 'queued') == 1 and redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('HINCRBY', KEYS[1], 'queuedRuns', -1)
          return 1
        end
        return 0
        """;

    // KEYS: run hash. ARGV: job id the run belongs to ("" for none: Beat died before it enqueued the run), job id that
    // replaces it. Hands an occurrence whose Hangfire job vanished, or never was, to the job fired in its place, unless it
    // finished or changed hands meanwhile.
    public const string RepointRun = """
        if (redis.call('HGET', KEYS[1], 'owner') or '') ~= ARGV[1] or redis.call('HEXISTS', KEYS[1], 'done') == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'owner', ARGV[2])
        return 1
        """;
}
