namespace Scheduler.Runtime.Storage;

/// <summary>Beat's Lua for runs asked for by hand: take a backfill's next occurrences to enqueue.</summary>
internal static class RunRequestScripts
{
    // KEYS: backfill set, its current-run key, fired index, task hash, trigger index. ARGV: taskId, run key prefix, now
    // ms, ledger ttl s, one at a time ("1"/"0"), most to take, the backfill's trigger member, next look ms. One at a
    // time: nothing is taken while the run fired last is not done or the task is running (another run goes on). Each
    // occurrence taken enters the run ledger as a backfill (unless a ledger entry exists: it ran or was fired) and the
    // fired index in the same call, so one that Beat dies before enqueueing is found by the fired-run reconciler. The
    // backfill leaves the trigger index only when nothing is left, else it is looked at again at "next look" (a
    // backfill added meanwhile finds its member there). Returns {'busy'} or {'ok', left, runId...}.
    public const string TakeBackfill = """
        local function again()
          if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('ZREM', KEYS[5], ARGV[7])
          else redis.call('ZADD', KEYS[5], ARGV[8], ARGV[7]) end
        end
        if ARGV[5] == '1' then
          local current = redis.call('GET', KEYS[2])
          if (current and redis.call('EXISTS', ARGV[2] .. current) == 1 and redis.call('HEXISTS', ARGV[2] .. current, 'done') == 0)
             or redis.call('HGET', KEYS[4], 'status') == 'running' then
            again()
            return {'busy'}
          end
        end
        local taken = {}
        while #taken < tonumber(ARGV[6]) do
          local first = redis.call('ZPOPMIN', KEYS[1])
          if #first == 0 then break end
          local _, _, due, requested, actor = string.find(first[1], '^([^|]*)|([^|]*)|(.*)$')
          if due then
            local runId = ARGV[1] .. ':' .. due
            local key = ARGV[2] .. runId
            if redis.call('EXISTS', key) == 0 then
              redis.call('HSET', key, 'req', 'backfill|' .. requested .. '|' .. actor)
              redis.call('EXPIRE', key, tonumber(ARGV[4]))
              redis.call('ZADD', KEYS[3], 'NX', ARGV[3], runId)
              taken[#taken + 1] = runId
              if ARGV[5] == '1' then
                redis.call('SET', KEYS[2], runId, 'EX', tonumber(ARGV[4]))
                break
              end
            end
          end
        end
        again()
        local answer = {'ok', redis.call('ZCARD', KEYS[1])}
        for _, runId in ipairs(taken) do answer[#answer + 1] = runId end
        return answer
        """;
}
