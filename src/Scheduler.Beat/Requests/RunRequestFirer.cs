using System.Globalization;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Scheduler.Beat.Firing;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Runs;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Storage;

namespace Scheduler.Beat.Requests;

/// <summary>
/// Enqueues the runs operators asked for by hand, found in the trigger index: a retry ("!r:dueMs:runId", claimed by
/// the client's script) and a backfill ("!b:taskId", its occurrences queued by the client). Each goes through the same
/// Hangfire job and worker pipeline as a fired occurrence, under a run id the run ledger runs once.
/// </summary>
internal sealed partial class RunRequestFirer(ScheduleStore store, EventStream events, OccurrenceFirer firer, IBackgroundJobClient jobs, TimeProvider time,
    ILogger<RunRequestFirer> logger)
{
    // A one-at-a-time backfill checks this often whether its last run is done; an all-at-once one enqueues this many a round.
    private static readonly TimeSpan BackfillPoll = TimeSpan.FromMilliseconds(250);
    private const int BackfillBatch = 100;

    public static bool IsRequest(string member) =>
        member.StartsWith(RunScripts.RetryMember, StringComparison.Ordinal) || member.StartsWith(RunScripts.BackfillMember, StringComparison.Ordinal);

    public Task FireAsync(string member) =>
        member.StartsWith(RunScripts.RetryMember, StringComparison.Ordinal) ? RetryAsync(member) : BackfillAsync(member);

    private async Task RetryAsync(string member)
    {
        var rest = member[RunScripts.RetryMember.Length..];
        var colon = rest.IndexOf(':');
        if (colon <= 0 || !long.TryParse(rest[..colon], NumberStyles.Integer, CultureInfo.InvariantCulture, out var dueMs))
        {
            await store.CompleteTriggerAsync(member);
            return;
        }
        var runId = rest[(colon + 1)..];
        var taskId = RunRequestStore.TaskOf(runId);
        // A task deleted or cancelled since the claim: its worker would refuse the run anyway. One cancelled and scheduled
        // anew since: its cancel put the run back on the failed list, and the new schedule does not run it.
        if (await store.GetAsync(taskId) is { Status: not ScheduleStatus.Cancelled } task && await store.RetryStillAskedAsync(runId))
        {
            var failedJob = await store.RetiredJobAsync(runId);
            // Enqueued again if this beat dies before completing the member: the run ledger runs the occurrence once.
            if (await firer.EnqueueRecordedAsync(task, runId, dueMs) is { } jobId)
            {
                await events.PublishAsync(SchedulerEvents.Fired, taskId, [new("runId", runId), new("trigger", "retry")]);
                LogRetry(taskId, runId, jobId);
                if (failedJob is not null && failedJob != jobId) RetireFailedJob(failedJob, jobId, runId);
            }
        }
        await store.CompleteTriggerAsync(member);
    }

    /// <summary>
    /// The run's failed Hangfire job leaves Hangfire's Failed list for Deleted, through its state machine (filters run),
    /// naming the job that retries it: the Failed list keeps only failures nobody has dealt with. Only from Failed, so a
    /// job requeued meanwhile on Hangfire's dashboard is left as it is.
    /// </summary>
    private void RetireFailedJob(string failedJob, string retryJob, string runId)
    {
        try
        {
            jobs.ChangeState(failedJob, new DeletedState { Reason = $"Retried: run {runId} runs again as job {retryJob}" }, FailedState.StateName);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The retry is enqueued; a failed job left in the Failed list is untidy, not lost work.
            LogFailedJobKept(failedJob, runId, e.Message);
        }
    }

    private async Task BackfillAsync(string member)
    {
        var taskId = member[RunScripts.BackfillMember.Length..];
        if (await store.GetAsync(taskId) is not { Status: not ScheduleStatus.Cancelled } task)
        {
            await store.DropBackfillAsync(taskId, member);
            LogBackfillDropped(taskId);
            return;
        }
        var oneAtATime = task.Options.Overlap != OverlapPolicy.Allow;
        var nextLook = time.GetUtcNow() + (oneAtATime ? BackfillPoll : TimeSpan.Zero);
        var runIds = await store.TakeBackfillAsync(taskId, member, oneAtATime, BackfillBatch, nextLook);
        if (runIds is null) return;
        var enqueued = 0;
        foreach (var runId in runIds)
        {
            var dueMs = long.Parse(runId[(runId.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            // The task was deleted since it was read: the rest of its backfill goes with it.
            if (await firer.EnqueueRecordedAsync(task, runId, dueMs) is null) break;
            await events.PublishAsync(SchedulerEvents.Fired, taskId, [new("runId", runId), new("dueAt", dueMs.ToString(CultureInfo.InvariantCulture)), new("trigger", "backfill")]);
            enqueued++;
        }
        if (enqueued > 0) LogBackfill(taskId, enqueued);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} run {RunId} retried by hand as job {JobId}")]
    private partial void LogRetry(string taskId, string runId, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} is retried, but its failed Hangfire job {JobId} could not leave the Failed list: {Reason}")]
    private partial void LogFailedJobKept(string jobId, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: {Count} backfilled occurrence(s) enqueued")]
    private partial void LogBackfill(string taskId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} was deleted or cancelled; its backfill is dropped")]
    private partial void LogBackfillDropped(string taskId);
}
