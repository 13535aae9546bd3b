using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Runtime.Storage;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Beat.Hosting;
using Scheduler.Runtime.Hosting;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Beat.Recovery;

/// <summary>
/// Finds occurrences that were fired but that no worker will ever run: their Hangfire job failed before our code ran
/// (e.g. Hangfire's own pipeline failed past the workers' hand-backs), was deleted, expired or vanished, while the run
/// is neither done nor in flight. The run ledger lists every fired run until it is done (<see cref="RedisKeys.Fired"/>),
/// so none is lost silently: each is re-queued (exactly once per finding: the fired entry is taken by compare-and-set),
/// and after <see cref="MaxRequeues"/> re-queues recorded as failed with the reason in its history.
/// </summary>
internal sealed partial class FiredRunReconciler(
    IConnectionMultiplexer redis,
    ScheduleStore store,
    RunRequeuer requeuer,
    EventStream events,
    ProcessIdentity identity,
    IOptions<SchedulerRedisOptions> redisOptions,
    IOptions<BeatOptions> options,
    ILogger<FiredRunReconciler> logger)
{
    /// <summary>Re-queues of one fired run before it is recorded as failed instead.</summary>
    public const int MaxRequeues = 3;

    private const int Batch = 200;

    private readonly HangfireKeys _keys = new(redisOptions.Value.HangfirePrefix);

    private static readonly HashSet<string?> OnTheirWay =
        [EnqueuedState.StateName, ScheduledState.StateName, AwaitingState.StateName, ProcessingState.StateName];

    /// <summary>
    /// Looks at fired runs not looked at for <see cref="BeatOptions.ReconcileAfter"/>; <paramref name="inFlight"/> are
    /// the run ids executing now. Returns how many it re-queued or recorded as failed.
    /// </summary>
    public async Task<int> SweepAsync(IReadOnlySet<string> inFlight, DateTimeOffset now)
    {
        var due = await store.FiredDueAsync(now - options.Value.ReconcileAfter, Batch);
        if (due.Count == 0) return 0;
        var db = redis.GetDatabase();
        var ledgers = await Task.WhenAll(due.Select(d => store.ReadFiredAsync(d.RunId)));
        var states = await Task.WhenAll(ledgers.Select(l => l.OwnerJobId is { } job ? db.HashGetAsync(_keys.Job(job), "State") : Task.FromResult(RedisValue.Null)));
        var repaired = 0;
        for (var i = 0; i < due.Count; i++)
        {
            var (ledger, state) = (ledgers[i], (string?)states[i]);
            if (ledger.Done) await store.ForgetFiredAsync(ledger.RunId);
            else if (inFlight.Contains(ledger.RunId)) await store.PostponeFiredAsync(ledger.RunId, now);
            else if (state == EnqueuedState.StateName && await UnqueuedAsync(db, ledger.OwnerJobId!) is { } queue)
            {
                if (await RepairAsync(ledger, due[i].Score, $"its Hangfire job is Enqueued but missing from queue {queue} and every fetched list", now, queue)) repaired++;
            }
            else if (state == ProcessingState.StateName && await StrandedAsync(db, ledger, now))
            {
                if (await RepairAsync(ledger, due[i].Score, "its Hangfire job is Processing, but no worker holds it and it is in no queue or fetched list", now,
                        expectedState: ProcessingState.StateName)) repaired++;
            }
            else if (OnTheirWay.Contains(state)) await store.PostponeFiredAsync(ledger.RunId, now);
            else if (ledger.StoppedBy is not null || state == DeletedState.StateName)
            {
                if (await RecordStoppedAsync(ledger, due[i].Score, ledger.StoppedBy ?? ScheduleStoreRuns.DeletedJobStopper, state, now)) repaired++;
            }
            else if (await RepairAsync(ledger, due[i].Score, state is null ? "its Hangfire job is gone" : $"its Hangfire job is {state}", now)) repaired++;
        }
        return repaired;
    }

    /// <summary>
    /// Repairs a fired run that no worker will run, once (<c>TakeFired</c> is a compare-and-set). <paramref name="unqueued"/>
    /// names the queue its still-Enqueued job is to be pushed back onto; otherwise its job is re-queued through Hangfire.
    /// </summary>
    private async Task<bool> RepairAsync(FiredRun ledger, long seenScore, string why, DateTimeOffset now, string? unqueued = null, string? expectedState = null)
    {
        var task = await store.GetAsync(ledger.TaskId);
        if (task is null or { Status: ScheduleStatus.Cancelled })
        {
            await store.ForgetFiredAsync(ledger.RunId);
            return false;
        }
        var taken = await store.TakeFiredAsync(ledger.RunId, seenScore, now);
        if (taken == 0) return false;
        if (taken > MaxRequeues)
        {
            var error = $"never ran: fired, but {why} and no worker claimed it (re-queued {taken - 1} times); given up";
            var lost = new TaskRun
            {
                RunId = ledger.RunId, TaskId = ledger.TaskId, Attempt = ledger.Attempts + 1, WorkerId = identity.Id, DueAt = RunRequestStore.DueOf(ledger.RunId),
                StartedAt = now, FinishedAt = now, Outcome = RunOutcome.Failed, IsFinal = true, Error = error,
            };
            await store.RecordAttemptAsync(lost, ledger.OwnerJobId ?? "", task.Schedule.Kind == ScheduleKind.Once, task.Options.MaxRuns, $"never-ran:{ledger.RunId}");
            await events.PublishAsync(SchedulerEvents.Failure, ledger.TaskId, [new("runId", ledger.RunId), new("error", error)]);
            LogGaveUp(ledger.TaskId, ledger.RunId, why, taken - 1);
            return true;
        }
        var reason = $"fired but never ran ({why}); re-queued";
        if (unqueued is not null)
        {
            await PushBackAsync(ledger, unqueued, reason);
            return true;
        }
        var replaced = await requeuer.RequeueAsync(ledger.RunId, ledger.OwnerJobId, ledger.TaskId, task, reason, now, expectedState);
        LogRequeued(ledger.TaskId, ledger.RunId, why, replaced);
        return true;
    }

    // Stopped before it started, or after its worker handed it back: its job was deleted, on Hangfire's dashboard (the
    // usual way there to stop a job, which marks the run stopped by its user) or by anyone's BackgroundJob.Delete.
    // Recorded cancelled, once (TakeFired is the compare-and-set), never re-queued against the deleter's wish.
    private async Task<bool> RecordStoppedAsync(FiredRun ledger, long seenScore, string by, string? state, DateTimeOffset now)
    {
        var task = await store.GetAsync(ledger.TaskId);
        if (task is null or { Status: ScheduleStatus.Cancelled })
        {
            await store.ForgetFiredAsync(ledger.RunId);
            return false;
        }
        if (await store.TakeFiredAsync(ledger.RunId, seenScore, now) == 0) return false;
        var what = ledger.Attempts == 0 ? "not started" : $"ended after attempt {ledger.Attempts}";
        await requeuer.RecordStoppedAsync(task, ledger.RunId, ledger.OwnerJobId, ledger.Attempts + 1, by,
            $"{what} (its Hangfire job is {state ?? "gone"})", $"stopped:{ledger.RunId}");
        LogStopped(ledger.TaskId, ledger.RunId, by);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId} was stopped by {By} (its Hangfire job deleted) before it ran to an end; recorded cancelled")]
    private partial void LogStopped(string taskId, string runId, string by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} run {RunId} was fired but never ran ({Why}); re-queued (new job: {Replaced})")]
    private partial void LogRequeued(string taskId, string runId, string why, bool replaced);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} run {RunId} was fired but never ran ({Why}) after {Requeues} re-queues; recorded as failed")]
    private partial void LogGaveUp(string taskId, string runId, string why, long requeues);
}
