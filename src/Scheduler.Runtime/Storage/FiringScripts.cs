using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Storage;

namespace Scheduler.Runtime.Storage;

/// <summary>Lua scripts of Beat's firing round: claim what is due, then advance each fired schedule atomically.</summary>
internal static class FiringScripts
{
    // KEYS: due index, trigger index. ARGV: now ms, limit, lease ms. Claims what is due in both by pushing its score to
    // now + lease (another beat takes it over only if this one dies before committing), and returns
    // {due ids, trigger members, earliest due score or "", earliest trigger score or ""}: a firing round is one call.
    public const string ClaimRound = """
        local now, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
        local lease = now + tonumber(ARGV[3])
        -- One ZADD per 500 claimed members rather than one each (a round of a thousand is two calls, not a thousand).
        local function claim(key)
          local members = redis.call('ZRANGEBYSCORE', key, '-inf', now, 'LIMIT', 0, limit)
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
        local due = claim(KEYS[1])
        local triggers = claim(KEYS[2])
        return {due, triggers, earliest(KEYS[1]), earliest(KEYS[2])}
        """;

    // KEYS: task hash, due index, events stream, run hash, fired index, running index. ARGV: id, expected nextRunAt,
    // next due ms or "", status when no next ("" keeps it), fired ("1"/"0"), queued ("1"/"0"), now ms, runId, jobId,
    // ledger ttl seconds. Advances only if nobody advanced it meanwhile and the task is still active; a fired occurrence
    // is announced, entered in the run ledger (its owning job, unless a worker claimed it first) and listed as fired
    // and not done in the same call, so no fired occurrence can go unnoticed. A queued one is marked in its run ledger:
    // it is counted in queuedRuns once and released once (ReleaseQueuedRun, or its final outcome).
    public static readonly string CommitFire = $$"""
        {{StoreScripts.EmitEvent}}
        local record = redis.call('HMGET', KEYS[1], 'nextRunAt', 'status', 'fireCount')
        if record[1] ~= ARGV[2] then return 0 end
        local status = record[2]
        -- The task's changed fields, written in one HSET with whatever else changes below.
        local changed = {}
        if ARGV[5] == '1' then
          changed = {'fireCount', (tonumber(record[3]) or 0) + 1}
          emit(KEYS[3], '{{SchedulerEvents.Fired}}', ARGV[1], ARGV[7], 'dueAt', ARGV[2])
          if ARGV[9] ~= '' then
            redis.call('HSETNX', KEYS[4], 'owner', ARGV[9])
            redis.call('ZADD', KEYS[5], 'NX', ARGV[7], ARGV[8])
          end
        end
        if ARGV[6] == '1' and redis.call('HSETNX', KEYS[4], 'queued', '1') == 1 then redis.call('HINCRBY', KEYS[1], 'queuedRuns', 1) end
        -- The ledger outlives its last write, this one included (EXPIRE does nothing when there is no ledger).
        redis.call('EXPIRE', KEYS[4], tonumber(ARGV[10]))
        if status ~= 'scheduled' and status ~= 'running' then
          redis.call('ZREM', KEYS[2], ARGV[1])
        elseif ARGV[3] ~= '' then
          table.insert(changed, 'nextRunAt') table.insert(changed, ARGV[3])
          redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        else
          redis.call('HDEL', KEYS[1], 'nextRunAt')
          redis.call('ZREM', KEYS[2], ARGV[1])
          if ARGV[4] ~= '' then
            table.insert(changed, 'status') table.insert(changed, ARGV[4])
            if ARGV[4] ~= 'running' then redis.call('SREM', KEYS[6], ARGV[1]) end
          end
        end
        if #changed > 0 then redis.call('HSET', KEYS[1], unpack(changed)) end
        return 1
        """;
}
