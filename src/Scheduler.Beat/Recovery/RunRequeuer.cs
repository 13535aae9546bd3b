using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Runtime.Storage;
using System.Globalization;
using Hangfire;
using Hangfire.States;
using Scheduler.Beat.Firing;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Hosting;

namespace Scheduler.Beat.Recovery;

/// <summary>
/// Puts a run taken out of the in-flight ledger (by the one caller whose compare-and-set won) back on its way: records
/// the lost attempt and re-queues its Hangfire job to the queue it was fired to, or fires a job in its place when
/// Hangfire no longer has it. Shared by the orphaned-run watchdog (dead workers) and the reconciler (live ones).
/// </summary>
internal sealed class RunRequeuer(ScheduleStore store, EventStream events, IBackgroundJobClient jobs, ProcessIdentity identity, TimeProvider time)
{
    /// <summary>
    /// Records attempt <see cref="InFlightRun.Attempt"/> as lost with <paramref name="error"/> (final when <paramref name="final"/>).
    /// When its worker had recorded that attempt's outcome already (it died waiting for the next attempt, a retry's backoff),
    /// nothing was lost and nothing is recorded, unless <paramref name="final"/>: then the attempt that would have come next.
    /// </summary>
    public async Task<ScheduledTask?> RecordLostAsync(InFlightRun run, string error, bool final)
    {
        var task = await store.GetAsync(run.TaskId);
        var attempt = run.Attempt;
        if (await store.AttemptRecordedAsync(run.RunId, attempt))
        {
            if (!final) return task;
            attempt++;
        }
        var lost = new TaskRun
        {
            RunId = run.RunId, TaskId = run.TaskId, Attempt = attempt, WorkerId = run.WorkerId, StartedAt = run.StartedAt, DueAt = RunRequestStore.DueOf(run.RunId),
            FinishedAt = time.GetUtcNow(), Outcome = RunOutcome.Failed, IsFinal = final, Error = error,
        };
        // Named after the entry it settles: a recovery repeated after a failure records the attempt once.
        // Owner: the entry this beat took, so only that (never a re-delivery's) is removed.
        await store.RecordAttemptAsync(lost, run.JobId, task?.Schedule.Kind == ScheduleKind.Once, task?.Options.MaxRuns, $"lost:{run.Entry}");
        return task;
    }

    /// <summary>
    /// Records run <paramref name="runId"/> cancelled for good instead of re-queueing it: its Hangfire job was deleted
    /// (on Hangfire's dashboard, or by anyone's <c>BackgroundJob.Delete</c>), which stops a run and keeps its task's
    /// schedule, as <c>SchedulerClient.StopRunsAsync</c> does. The ledger is marked stopped first, by
    /// <paramref name="by"/> unless a stop already named someone, so a delivery still on its way is not run either.
    /// </summary>
    public async Task RecordStoppedAsync(ScheduledTask task, string runId, string? ownerJobId, int attempt, string by, string what, string writeId)
    {
        by = await store.MarkStoppedAsync(runId, by);
        var now = time.GetUtcNow();
        var stopped = new TaskRun
        {
            RunId = runId, TaskId = task.Id, Attempt = attempt, WorkerId = identity.Id, StartedAt = now, FinishedAt = now, DueAt = RunRequestStore.DueOf(runId),
            Outcome = RunOutcome.Cancelled, IsFinal = true, Error = $"stopped by {by}, the task going on: {what}",
        };
        await store.RecordAttemptAsync(stopped, ownerJobId ?? "", task.Schedule.Kind == ScheduleKind.Once, task.Options.MaxRuns, writeId,
            new RunAnnouncement(SchedulerEvents.Stopped));
        // A run that waited at its flow gate gives up its place now, not when the place turns stale (3 min), and the run
        // behind it in its concurrency line is woken in its place: a slot freed meanwhile woke this run's deleted job.
        if (await store.ForgetFlowWaitAsync(runId, task.Id) is not { } next) return;
        try { jobs.ChangeState(next.JobId, new EnqueuedState(next.Queue) { Reason = "A run ahead of it was stopped" }, ScheduledState.StateName); }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Its back-stop wakes it (10 s or more).
        }
    }

    /// <summary>Sends the run's job back to its queue (<paramref name="reason"/> shows in Hangfire); true if a new job had to be fired.</summary>
    public Task<bool> RequeueAsync(InFlightRun run, ScheduledTask? task, string reason) =>
        RequeueAsync(run.RunId, run.JobId, run.TaskId, task, reason, run.StartedAt);

    /// <summary>
    /// Sends Hangfire job <paramref name="jobId"/> of run <paramref name="runId"/> back to its queue, or fires one in its
    /// place when Hangfire no longer has it (or, null, never had one); true if a new job had to be fired.
    /// </summary>
    /// <param name="expectedState">The job's state the re-queue expects (null: any); a job that left it meanwhile (deleted or
    /// re-queued on Hangfire's page) is left as it is, and nothing is fired in its place.</param>
    public async Task<bool> RequeueAsync(string runId, string? jobId, string taskId, ScheduledTask? task, string reason, DateTimeOffset fallbackDue,
        string? expectedState = null)
    {
        // To the queue (and priority lane) it was fired to: Hangfire's Requeue would send it to "default", where no worker
        // may listen, and a low-priority run sent to its queue's normal lane would go before the runs it was to follow.
        var queue = Contracts.Flow.FlowQueues.For(task?.Options.Queue ?? EnqueuedState.DefaultQueue, task?.Options.Priority ?? Contracts.Flow.TaskPriority.Normal);
        if (jobId is not null && jobs.ChangeState(jobId, new EnqueuedState(queue) { Reason = reason }, expectedState))
        {
            await events.PublishAsync(SchedulerEvents.Retry, taskId, [new("runId", runId), new("error", reason)]);
            return false;
        }
        if (expectedState is not null) return false;
        // The job expired or was removed, or there never was one (Beat died before enqueueing): fire one in its place,
        // parked until the run is handed to it (the run ledger refuses any job but its owner), then released to the queue.
        var due = DueOf(runId, fallbackDue);
        var replacement = jobs.Create(OccurrenceJob.Create(taskId, runId, due, task?.Name ?? taskId, null), new ScheduledState(TimeSpan.FromDays(1)) { Reason = reason });
        if (await store.RepointRunAsync(runId, jobId, replacement))
            jobs.ChangeState(replacement, new EnqueuedState(queue) { Reason = reason }, ScheduledState.StateName);
        else
            jobs.Delete(replacement);
        await events.PublishAsync(SchedulerEvents.Retry, taskId, [new("runId", runId), new("error", reason)]);
        return true;
    }

    // Run ids are "taskId:dueMs" (fired) or "taskId:t<requestedMs>" (run now); the worker needs the instant.
    private static long DueOf(string runId, DateTimeOffset fallback)
    {
        var tail = runId[(runId.LastIndexOf(':') + 1)..].TrimStart('t');
        return long.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : fallback.ToUnixTimeMilliseconds();
    }
}
