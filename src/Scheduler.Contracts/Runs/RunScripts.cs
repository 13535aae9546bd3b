namespace Scheduler.Contracts.Runs;

/// <summary>
/// The client's Lua for runs asked for by hand: claim a failed run for one retry, queue a backfill's occurrences. Each
/// check-and-change is one call, so two operators pressing at once get one retry and one refusal.
/// </summary>
internal static partial class RunScripts
{
    /// <summary>Failed occurrences kept in the index; the oldest leave as new ones arrive.</summary>
    public const int FailedRunsCap = 10_000;

    /// <summary>Prefix of a retry request in the trigger index: "!r:&lt;dueMs&gt;:&lt;runId&gt;" (a task id never starts with '!').</summary>
    public const string RetryMember = "!r:";

    /// <summary>Prefix of a backfill's entry in the trigger index: "!b:&lt;taskId&gt;".</summary>
    public const string BackfillMember = "!b:";

    // KEYS: failed-runs index, its data hash, run hash, task hash, trigger index, in-flight hash. ARGV: runId, taskId, now ms, request
    // ("retry|ms|actor"), ledger ttl s, attempts so far (from the recorded final attempt, for a ledger that expired), due
    // ms, change channel. Only a run in the failed index can be retried, and taking it out is the claim: the second of
    // two concurrent retries finds it gone ('pending' while the first is on its way). The ledger is reopened (not done,
    // no owner, losses and re-fires forgotten; the attempt count goes on) and marked as a retry, with the failed job it
    // retires (for Beat to move out of Hangfire's Failed list), and Beat is asked to enqueue it under the same run id. Answers 'ok', 'pending', 'notfailed', 'deleted' or 'cancelled'.
    // The run's listing (score, final attempt, done) is kept in its ledger and the run named in its task's list of asked
    // retries (pruned of those that ended or started), so a cancel before the retry starts puts it back on the failed
    // list (StoreScripts.AskedRetries) instead of leaving it off for good.
    public static readonly string ClaimRetry = Storage.StoreScripts.AskedRetries + "\n" + """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score then
          if redis.call('HEXISTS', KEYS[3], 'retry') == 1 and redis.call('HEXISTS', KEYS[3], 'done') == 0 then return 'pending' end
          return 'notfailed'
        end
        local status = redis.call('HGET', KEYS[4], 'status')
        if not status then return 'deleted' end
        if status == 'cancelled' then return 'cancelled' end
        local done = redis.call('HGET', KEYS[3], 'done')
        if done and done ~= 'failed' and done ~= 'timedout' then
          redis.call('ZREM', KEYS[1], ARGV[1])
          redis.call('HDEL', KEYS[2], ARGV[1])
          return 'notfailed'
        end
        if redis.call('EXISTS', KEYS[3]) == 0 then redis.call('HSET', KEYS[3], 'attempts', ARGV[6]) end
        local failedJob = redis.call('HGET', KEYS[3], 'owner')
        redis.call('HDEL', KEYS[3], 'done', 'owner', 'claim', 'refires', 'losses', 'replaced', 'queued')
        redis.call('HSET', KEYS[3], 'req', ARGV[4], 'retry', '1', 'failedScore', score, 'failedRun', redis.call('HGET', KEYS[2], ARGV[1]) or '',
          'failedDone', done or 'failed')
        local asked = {}
        local runKeyPrefix = string.sub(KEYS[3], 1, #KEYS[3] - #ARGV[1])
        for other in string.gmatch(redis.call('HGET', KEYS[4], 'retriesAsked') or '', '%S+') do
          if other ~= ARGV[1] and askedRetryPending(runKeyPrefix .. other, KEYS[6], other) then asked[#asked + 1] = other end
        end
        asked[#asked + 1] = ARGV[1]
        redis.call('HSET', KEYS[4], 'retriesAsked', table.concat(asked, ' '))
        if failedJob then redis.call('HSET', KEYS[3], 'retires', failedJob) end
        redis.call('EXPIRE', KEYS[3], tonumber(ARGV[5]))
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('ZADD', KEYS[5], ARGV[3], '!r:' .. ARGV[7] .. ':' .. ARGV[1])
        redis.call('PUBLISH', ARGV[8], ARGV[2])
        return 'ok'
        """;

    // KEYS: failed-runs index, its data hash. ARGV: runId. Takes the run off the list, its data with it, in one step so a
    // retry claimed meanwhile (which takes it off too) and this never leave the one without the other. Answers 1 or 0.
    public const string DismissFailed = """
        local removed = redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        return removed
        """;

    // KEYS: task hash, backfill set, trigger index. ARGV: taskId, now ms, actor, run key prefix, change channel, the
    // paused task's held next run (ms) that the range covers and the occurrence after the range to hold instead (both
    // '' when the range does not cover it), then the occurrences' instants (ms). Queues each instant that has no run
    // ledger entry (it ran or was fired within the ledger's week) and is not queued already, as
    // "dueMs|requestedMs|actor", and puts the backfill in Beat's trigger index. A paused task still holding that next run
    // holds the one after the range instead: resumed, it would fire the held one as its catch-up, which the backfill ran
    // (a duplicate, not run), and the occurrences missed after the range would get no catch-up at all.
    // Answers {'ok', queued, skipped}, or {'deleted'} / {'cancelled'}.
    public const string StartBackfill = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then return {'deleted', 0, 0} end
        if status == 'cancelled' then return {'cancelled', 0, 0} end
        if ARGV[6] ~= '' and status == 'paused' and redis.call('HGET', KEYS[1], 'nextRunAt') == ARGV[6] then
          redis.call('HSET', KEYS[1], 'nextRunAt', ARGV[7])
        end
        local queued, skipped = 0, 0
        for i = 8, #ARGV do
          local ms = ARGV[i]
          if redis.call('EXISTS', ARGV[4] .. ARGV[1] .. ':' .. ms) == 1 or #redis.call('ZRANGEBYSCORE', KEYS[2], ms, ms, 'LIMIT', 0, 1) > 0 then
            skipped = skipped + 1
          else
            redis.call('ZADD', KEYS[2], ms, ms .. '|' .. ARGV[2] .. '|' .. ARGV[3])
            queued = queued + 1
          end
        end
        if queued > 0 then
          redis.call('ZADD', KEYS[3], 'NX', ARGV[2], '!b:' .. ARGV[1])
          redis.call('PUBLISH', ARGV[5], ARGV[1])
        end
        return {'ok', queued, skipped}
        """;
}
