using Hangfire.States;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Events;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Beat.Recovery;

/// <summary>
/// A fired run whose Hangfire job is "Enqueued" but sits in no queue: nothing will ever fetch it, yet Hangfire still
/// shows it waiting. Hangfire writes a job's state and its queue entry in one transaction, so this is not a step on
/// anyone's way; it is a write Redis lost (e.g. the queue push inside the AOF fsync window of a kill -9) or a hand edit.
/// Such a job is pushed back onto its queue once it has been fired for <see cref="Hosting.BeatOptions.ReconcileAfter"/>.
/// </summary>
internal sealed partial class FiredRunReconciler
{
    // KEYS: job hash, its queue list, then every fetched list (or any lists to search). ARGV: job id, fetch channel, "push"
    // to repair or "check" to ask, the job's state expected ("Enqueued"; "Processing" is only asked about). 1 when the job
    // is in that state and in none of the lists (pushed back onto the queue's fetching end, and the workers woken, when
    // pushing), else 0. One script, so a worker moving the job from its queue to a fetched list
    // (RPOPLPUSH) is never seen in neither, and of two racing beats only the first pushes. The lists are searched from
    // their fetching end (RANK -1): Hangfire pushes on the left and workers take from the right, so a job fired long ago
    // and still waiting sits near the right end of what may be a long backlog.
    private const string PushUnqueued = """
        if redis.call('HGET', KEYS[1], 'State') ~= ARGV[4] then return 0 end
        for i = 2, #KEYS do
          if redis.call('LPOS', KEYS[i], ARGV[1], 'RANK', -1) then return 0 end
        end
        if ARGV[3] ~= 'push' then return 1 end
        redis.call('RPUSH', KEYS[2], ARGV[1])
        redis.call('PUBLISH', ARGV[2], ARGV[1])
        return 1
        """;

    /// <summary>The queue Enqueued job <paramref name="jobId"/> belongs to when it is in no queue nor fetched list; null when it is on its way.</summary>
    private async Task<string?> UnqueuedAsync(IDatabase db, string jobId)
    {
        var queue = (string?)await db.HashGetAsync(_keys.JobState(jobId), "Queue") ?? EnqueuedState.DefaultQueue;
        return (int)await db.ScriptEvaluateAsync(PushUnqueued, await ListsAsync(db, jobId, queue), [jobId, _keys.FetchChannel, "check", EnqueuedState.StateName]) == 1 ? queue : null;
    }

    /// <summary>Pushes the run's job back onto <paramref name="queue"/> if it is still in no list (a beat that won <c>TakeFired</c> calls this).</summary>
    private async Task PushBackAsync(FiredRun ledger, string queue, string reason)
    {
        var db = redis.GetDatabase();
        var jobId = ledger.OwnerJobId!;
        var pushed = (int)await db.ScriptEvaluateAsync(PushUnqueued, await ListsAsync(db, jobId, queue), [jobId, _keys.FetchChannel, "push", EnqueuedState.StateName]) == 1;
        if (!pushed) return;
        await events.PublishAsync(SchedulerEvents.Retry, ledger.TaskId, [new("runId", ledger.RunId), new("error", reason)]);
        LogPushedBack(ledger.TaskId, ledger.RunId, jobId, queue);
    }

    private async Task<RedisKey[]> ListsAsync(IDatabase db, string jobId, string queue)
    {
        var queues = (await db.SetMembersAsync(_keys.Queues)).Select(q => q.ToString()).Append(queue).Distinct(StringComparer.Ordinal);
        return [_keys.Job(jobId), _keys.Queue(queue), .. queues.Select(q => (RedisKey)_keys.Fetched(q))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId}: job {JobId} was Enqueued but missing from queue {Queue} and every fetched list; pushed back")]
    private partial void LogPushedBack(string taskId, string runId, string jobId, string queue);
}
