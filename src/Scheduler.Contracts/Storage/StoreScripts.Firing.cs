using Scheduler.Contracts.Client;

namespace Scheduler.Contracts.Storage;

internal static partial class StoreScripts
{
    // KEYS: due index, trigger index. ARGV: now ms, limit, lease ms. Claims what is due in both by pushing its score to
    // now + lease (another beat takes it over only if this one dies before committing), and returns
    // {due ids, trigger members, earliest due score or "", earliest trigger score or ""}: a firing round is one call.
    public const string ClaimRound = """
        local now, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
        local lease = now + tonumber(ARGV[3])
        local function claim(key)
          local members = redis.call('ZRANGEBYSCORE', key, '-inf', now, 'LIMIT', 0, limit)
          for _, member in ipairs(members) do redis.call('ZADD', key, lease, member) end
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

    // KEYS: task hash, due index, events stream. ARGV: id, expected nextRunAt, next due ms or "", status when no next
    // ("" keeps it), fired ("1"/"0"), queued increment ("1"/"0"), now ms. Advances only if nobody advanced it meanwhile
    // and the task is still active; a fired occurrence is announced in the same call.
    public static readonly string CommitFire = $$"""
        {{EmitEvent}}
        if redis.call('HGET', KEYS[1], 'nextRunAt') ~= ARGV[2] then return 0 end
        local status = redis.call('HGET', KEYS[1], 'status')
        if ARGV[5] == '1' then
          redis.call('HINCRBY', KEYS[1], 'fireCount', 1)
          emit(KEYS[3], '{{SchedulerEvents.Fired}}', ARGV[1], ARGV[7], 'dueAt', ARGV[2])
        end
        if ARGV[6] == '1' then redis.call('HINCRBY', KEYS[1], 'queuedRuns', 1) end
        if status ~= 'scheduled' and status ~= 'running' then
          redis.call('ZREM', KEYS[2], ARGV[1])
          return 1
        end
        if ARGV[3] ~= '' then
          redis.call('HSET', KEYS[1], 'nextRunAt', ARGV[3])
          redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        else
          redis.call('HDEL', KEYS[1], 'nextRunAt')
          redis.call('ZREM', KEYS[2], ARGV[1])
          if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'status', ARGV[4]) end
        end
        return 1
        """;

    // Shared by BeginAttempt and BeginRun. KEYS[1] run hash, KEYS[2] in-flight hash; ARGV: runId, jobId, workerId,
    // taskId, now ms, ttl seconds, (BeginRun: skip in-flight check), claim token. Returns a refusal ({'duplicate'} when
    // another Hangfire job owns the run: the occurrence was fired twice; {'done'} when it already finished), or nil when
    // the attempt may start. The claim token makes a call the worker repeats (Redis went away before the reply came
    // back) see its own earlier claim instead of a second attempt or a run "in flight" elsewhere: see claimedBefore.
    private const string CheckOwner = """
        local function refusal()
          local owner = redis.call('HGET', KEYS[1], 'owner')
          if owner and owner ~= ARGV[2] then return {'duplicate', 0} end
          if redis.call('HGET', KEYS[1], 'done') then return {'done', 0} end
          return nil
        end
        local function claimedBefore()
          if ARGV[8] == '' or redis.call('HGET', KEYS[1], 'claim') ~= ARGV[8] then return nil end
          return tonumber(redis.call('HGET', KEYS[1], 'attempts'))
        end
        local function start(previous)
          local attempt = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
          redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'claim', ARGV[8], 'prev', previous or '')
          redis.call('EXPIRE', KEYS[1], tonumber(ARGV[6]))
          redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '|' .. ARGV[4] .. '|' .. attempt .. '|' .. ARGV[5])
          return attempt
        end

        """;

    // A retry's attempt (see CheckOwner; ARGV[7] unused). Returns {state, attempt}: "run" with the attempt number about to start.
    public const string BeginAttempt = CheckOwner + "\n" + """
        local again = claimedBefore()
        if again then return {'run', again} end
        local refused = refusal()
        if refused then return refused end
        return {'run', start()}
        """;

    // A delivery's first attempt (see CheckOwner; ARGV[7] "1" skips the in-flight check), plus KEYS[3] task hash. The
    // run must not be in flight already ({'running'}: Hangfire handed the same job to two workers) and the task must
    // still exist and not be cancelled ({'deleted'} / {'cancelled'}); the ledger is then left untouched. Otherwise
    // counts the attempt, marks a scheduled task running and returns {'run', attempt, status before, task fields...}:
    // claim, read and status change in one call.
    public const string BeginRun = CheckOwner + "\n" + """
        local again = claimedBefore()
        if again then return {'run', again, redis.call('HGET', KEYS[1], 'prev'), redis.call('HGETALL', KEYS[3])} end
        local refused = refusal()
        if refused then return refused end
        if ARGV[7] ~= '1' and redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return {'running', 0} end
        local status = redis.call('HGET', KEYS[3], 'status')
        if not status then return {'deleted', 0} end
        if status == 'cancelled' then return {'cancelled', 0} end
        local attempt = start(status)
        if status == 'scheduled' then redis.call('HSET', KEYS[3], 'status', 'running') end
        return {'run', attempt, status, redis.call('HGETALL', KEYS[3])}
        """;
}
