namespace Scheduler.Contracts.Storage;

internal static partial class StoreScripts
{
    // The task hash's list of runs a retry by hand was asked for (run ids separated by spaces), kept by RunScripts.ClaimRetry.
    internal const string AskedRetriesField = "retriesAsked";

    // Prepended to Transition. askedRetryPending(runKey, inFlight, runId): the run's retry was asked and has neither
    // ended ("done") nor started (no in-flight entry). restoreAskedRetries(taskKey, failedIndex, failedData, runKeyPrefix,
    // inFlight) puts each such run of the task back as it was before its retry was asked (ClaimRetry kept its listing in
    // the run hash): on the failed list with its final attempt, its ledger done again and no longer a retry. Called as the
    // task is cancelled: nothing would ever run or end those retries (Beat drops the request, a worker's claim refuses it),
    // and a task scheduled anew under the id must not pick up an old run's retry. A retry that has started is stopped by
    // the cancel and recorded cancelled, as any run in progress; the claim of one after this finds it done. A list that
    // filled up meanwhile is trimmed to its cap as a final failure's record trims it (the oldest leave, RecordAttempt):
    // else each restore could take it one past. A property, not a field: a script built from it in another part of this
    // class (Transition) never reads it before it is set.
    internal static string AskedRetries => $$"""
        local function askedRetryPending(runKey, inFlight, runId)
          local f = redis.call('HMGET', runKey, 'retry', 'done')
          return f[1] and not f[2] and redis.call('HEXISTS', inFlight, runId) == 0
        end
        local function restoreAskedRetries(taskKey, failedIndex, failedData, runKeyPrefix, inFlight)
          local list = redis.call('HGET', taskKey, 'retriesAsked')
          if not list then return end
          local restored = false
          for runId in string.gmatch(list, '%S+') do
            local runKey = runKeyPrefix .. runId
            if askedRetryPending(runKey, inFlight, runId) then
              local kept = redis.call('HMGET', runKey, 'failedScore', 'failedRun', 'failedDone')
              if kept[1] and kept[2] and kept[2] ~= '' then
                redis.call('ZADD', failedIndex, kept[1], runId)
                redis.call('HSET', failedData, runId, kept[2])
                restored = true
              end
              redis.call('HSET', runKey, 'done', kept[3] or 'failed')
              redis.call('HDEL', runKey, 'retry', 'req')
            end
          end
          redis.call('HDEL', taskKey, 'retriesAsked')
          local over = restored and redis.call('ZCARD', failedIndex) - {{Runs.RunScripts.FailedRunsCap}} or 0
          if over > 0 then
            local oldest = redis.call('ZRANGE', failedIndex, 0, over - 1)
            redis.call('ZREMRANGEBYRANK', failedIndex, 0, over - 1)
            redis.call('HDEL', failedData, unpack(oldest))
          end
        end
        """;
}
