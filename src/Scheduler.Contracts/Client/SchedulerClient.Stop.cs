using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using StackExchange.Redis;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Stops the runs of task <paramref name="id"/> in progress now (running, waiting for a retry or for the run before
    /// it, or waiting at a flow gate for a concurrency slot or a rate limit: recorded when its turn comes, not run), or
    /// only run <paramref name="runId"/>, and keeps the task: each is recorded <c>Cancelled</c>, "stopped by" this
    /// client's actor, is not retried, and the schedule's next occurrences fire as planned (what Celery's revoke with
    /// terminate and a delete of a processing job on Hangfire's dashboard do). A shell command is ended as at a cancel:
    /// SIGTERM to its process group, SIGKILL after the grace. The worker running a run hears of it at once, or reads it
    /// within seconds when the message is lost. Returns the run ids stopped (empty when none was in progress), or null
    /// when no such task exists.
    /// </summary>
    /// <exception cref="RunStopRefusedException">The task runs once and has not ended (cancel it instead: that stops its run), it is
    /// cancelled, or <paramref name="runId"/> is not a run of it in progress.</exception>
    public async Task<IReadOnlyList<string>?> StopRunsAsync(string id, string? runId = null, CancellationToken cancellationToken = default)
    {
        if (runId is not null && RunRequestStore.WellFormedTaskOf(runId) != id)
            throw new RunStopRefusedException(id, $"\"{runId}\" is not a run id of it; expected \"{id}:<instant>\" as its runs list them");
        if (await _store.GetAsync(id).WaitAsync(cancellationToken) is not { } task) return null;
        // A one-shot that has ended (its run done) may still have a run asked for by hand (run now) going: that one stops
        // as any, the task staying as it ended.
        if (task.Schedule.Kind == ScheduleKind.Once && task.Status is ScheduleStatus.Scheduled or ScheduleStatus.Running or ScheduleStatus.Paused)
            throw new RunStopRefusedException(id, "it runs once, so stopping its run would end it: cancel the task instead, which stops its run");
        cancellationToken.ThrowIfCancellationRequested();
        var by = _options.Actor ?? "anonymous";
        var reply = (RedisResult[])(await _store.Db.ScriptEvaluateAsync(RunScripts.StopRuns, [_store.Keys.Task(id), _store.Keys.InFlight, _store.Keys.FlowWaiting],
            [id, runId ?? "", by, _store.Keys.Run("")]))!;
        switch ((string)reply[0]!)
        {
            case "deleted": return null;
            case "cancelled": throw new RunStopRefusedException(id, "it is cancelled, and the cancel stopped its runs");
        }
        var stopped = reply.Skip(1).Select(r => (string)r!).ToList();
        if (runId is not null && stopped.Count == 0) throw new RunStopRefusedException(id, $"run {runId} is not in progress (it ended, or never started)");
        await PublishStopsAsync(stopped, by);
        if (stopped.Count > 0) await RecordAuditAsync(AuditActions.StopRuns, id, null, new { runIds = stopped });
        return stopped;
    }

    /// <summary>
    /// The runs of task <paramref name="id"/> executing now (running, waiting for a retry or behind the run before them),
    /// oldest first, with the run ids <see cref="StopRunsAsync"/> takes; empty when none is, or when no such task exists.
    /// </summary>
    public async Task<IReadOnlyList<RunInProgress>> GetRunsInProgressAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!Tasks.TaskIds.IsValid(id)) return [];
        var reply = (RedisResult[])(await _store.Db.ScriptEvaluateAsync(RunScripts.RunsInProgress, [_store.Keys.Task(id), _store.Keys.InFlight],
            [id, _store.Keys.Run("")]).WaitAsync(cancellationToken))!;
        var runs = new List<RunInProgress>(reply.Length / 4);
        for (var i = 0; i + 3 < reply.Length; i += 4)
            if (InProgress((string)reply[i]!, (string)reply[i + 1]!, (string?)reply[i + 2] is { Length: > 0 } by ? by : null, (string?)reply[i + 3]) is { } run)
                runs.Add(run.Run);
        return [.. runs.OrderBy(r => r.StartedAt)];
    }

    /// <summary>
    /// The runs of Hangfire jobs deleted on Hangfire's dashboard (<paramref name="stop"/>) are stopped as
    /// <see cref="StopRunsAsync"/> stops them, running or not yet started, so the reconciler records them cancelled
    /// rather than re-queueing jobs an operator deleted; requeued again there (not <paramref name="stop"/>), they may
    /// run. Returns the runs marked (those not done).
    /// </summary>
    internal async Task<IReadOnlyList<string>> MarkJobRunsAsync(IReadOnlyList<string> runIds, bool stop)
    {
        if (runIds.Count == 0) return [];
        var by = stop ? _options.Actor ?? "anonymous" : "";
        var marked = ((RedisResult[])(await _store.Db.ScriptEvaluateAsync(RunScripts.MarkRuns, [],
            [by, _store.Keys.Run(""), .. runIds.Select(r => (RedisValue)r)]))!).Select(r => (string)r!).ToList();
        if (stop) await PublishStopsAsync(marked, by);
        return marked;
    }

    // "runId\nwho" (a run id never holds a line break) tells the worker running it at once; its sweep reads the ledger.
    private async Task PublishStopsAsync(IEnumerable<string> runIds, string by)
    {
        var subscriber = _store.Redis.GetSubscriber();
        foreach (var run in runIds) await subscriber.PublishAsync(RedisChannel.Literal(_store.Keys.RunStopped), $"{run}\n{by}");
    }
}
