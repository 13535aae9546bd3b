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
    // the cancel and recorded cancelled, as any run in progress; the claim of one after this finds it done.
    internal const string AskedRetries = """
        local function askedRetryPending(runKey, inFlight, runId)
          local f = redis.call('HMGET', runKey, 'retry', 'done')
          return f[1] and not f[2] and redis.call('HEXISTS', inFlight, runId) == 0
        end
        local function restoreAskedRetries(taskKey, failedIndex, failedData, runKeyPrefix, inFlight)
          local list = redis.call('HGET', taskKey, 'retriesAsked')
          if not list then return end
          for runId in string.gmatch(list, '%S+') do
            local runKey = runKeyPrefix .. runId
            if askedRetryPending(runKey, inFlight, runId) then
              local kept = redis.call('HMGET', runKey, 'failedScore', 'failedRun', 'failedDone')
              if kept[1] and kept[2] and kept[2] ~= '' then
                redis.call('ZADD', failedIndex, kept[1], runId)
                redis.call('HSET', failedData, runId, kept[2])
              end
              redis.call('HSET', runKey, 'done', kept[3] or 'failed')
              redis.call('HDEL', runKey, 'retry', 'req')
            end
          end
          redis.call('HDEL', taskKey, 'retriesAsked')
        end
        """;
}
