using Scheduler.Contracts.Events;
using Scheduler.Contracts.Schedules;
using Scheduler.Runtime.Storage;
using System.Diagnostics;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Telemetry;
using StackExchange.Redis;

namespace Scheduler.Beat.Firing;

/// <summary>
/// Fires one claimed occurrence: plans it, enqueues the Hangfire job, then advances the schedule. The run id is the
/// task id plus the due instant, so if this beat dies after enqueueing and another re-fires the occurrence, the
/// worker still runs it once.
/// </summary>
internal sealed partial class OccurrenceFirer(
    ScheduleStore store,
    EventStream events,
    IBackgroundJobClient jobs,
    QueueJump jump,
    IOptions<BeatOptions> options,
    Contracts.Audit.AuditRetention auditRetention,
    TimeProvider time,
    ILogger<OccurrenceFirer> logger)
{
    /// <summary>Fires the claimed occurrence of schedule <paramref name="id"/>, whose record was read after the claim.</summary>
    public async Task FireAsync(string id, HashEntry[] entries)
    {
        var fields = ScheduleRecord.Fields(entries);
        // A paused task is in the due index only when its pause has an end, scored by that end.
        if (fields.GetValueOrDefault(ScheduleRecord.Status) == ScheduleRecord.StatusText(ScheduleStatus.Paused) && await LiftPauseAsync(id, fields)) return;
        if (fields.Count == 0 || !long.TryParse(fields.GetValueOrDefault(ScheduleRecord.NextRunAt), out var dueMs))
        {
            await store.RemoveDueAsync(id);
            return;
        }
        ScheduledTask task;
        try
        {
            task = ScheduleRecord.FromFields(fields);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException or KeyNotFoundException)
        {
            LogUnreadable(id, e.Message);
            await store.CommitFireAsync(id, dueMs, null, ScheduleRecord.StatusText(ScheduleStatus.Failed), fired: false);
            return;
        }
        var due = DateTimeOffset.FromUnixTimeMilliseconds(dueMs);
        var plan = FirePlanner.Plan(new FireInput(task.Schedule, task.Options, task.Status, due, time.GetUtcNow(),
                Count(fields, ScheduleRecord.FireCount), Count(fields, ScheduleRecord.QueuedRuns)),
            options.Value, Random.Shared.NextDouble);

        if (plan.CancelsPrevious) await store.RequestRunCancellationAsync(id);
        var runId = $"{id}:{dueMs}";
        string? jobId = null;
        if (plan.Fire) jobId = Enqueue(task, runId, dueMs, fields.GetValueOrDefault(ScheduleRecord.TraceParent));
        else LogNotFired(id, plan.Reason);
        await store.CommitFireAsync(id, dueMs, plan.Next,
            plan.FinalStatus is { } final ? ScheduleRecord.StatusText(final) : null, plan.Fire, plan.Queued, runId, jobId);
    }

    /// <summary>Fires a manual "run now" request (member "taskId:requestedMs"); the schedule itself is not touched.</summary>
    public async Task FireTriggerAsync(string member)
    {
        var separator = member.LastIndexOf(':');
        if (separator <= 0 || !long.TryParse(member[(separator + 1)..], out var requestedMs))
        {
            await store.CompleteTriggerAsync(member);
            return;
        }
        var id = member[..separator];
        if (await store.GetAsync(id) is { Status: not ScheduleStatus.Cancelled } task)
        {
            var runId = ScheduleStore.TriggerRunId(id, requestedMs);
            var jobId = Enqueue(task, runId, requestedMs, null);
            await store.RecordFiredAsync(runId, jobId);
            await events.PublishAsync(SchedulerEvents.Fired, id, [new("runId", runId), new("trigger", "manual")]);
        }
        await store.CompleteTriggerAsync(member);
    }

    // True when the claimed entry was a paused task's (its pause's end, lifted now or not yet due); false only for an
    // unreadable record, which the usual path marks failed. A task resumed or cancelled between the read and the lift
    // is left alone: whoever changed it also re-scored (or removed) its due entry.
    private async Task<bool> LiftPauseAsync(string id, Dictionary<string, string> fields)
    {
        ScheduledTask task;
        try { task = ScheduleRecord.FromFields(fields); }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException or KeyNotFoundException) { return false; }
        if (await store.LiftPauseAsync(task, time.GetUtcNow(), auditRetention) == PauseLift.Lifted) LogPauseLifted(id);
        return true;
    }

    private static long Count(Dictionary<string, string> fields, string name) =>
        long.TryParse(fields.GetValueOrDefault(name), out var count) ? count : 0;

    // The fire joins the trace of the call that scheduled the task; the worker's execution joins the fire.
    internal string Enqueue(ScheduledTask task, string runId, long dueMs, string? scheduledTrace)
    {
        using var activity = BeatTelemetry.Source.StartActivity("scheduler.fire", ActivityKind.Producer, ClientTelemetry.ParentOf(scheduledTrace));
        activity?.SetTag(TelemetryNames.TaskIdTag, task.Id);
        activity?.SetTag(TelemetryNames.RunIdTag, runId);
        var (id, name, trace) = (task.Id, task.Name, activity?.Id ?? scheduledTrace);
        var queue = Contracts.Flow.FlowQueues.For(task.Options.Queue ?? EnqueuedState.DefaultQueue, task.Options.Priority);
        var jobId = jobs.Create(OccurrenceJob.Create(id, runId, dueMs, name, trace), new EnqueuedState(queue));
        if (task.Options.Priority == Contracts.Flow.TaskPriority.High) jump.ToFront(queue, jobId);
        var lateness = (time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(dueMs)).TotalMilliseconds;
        var type = new KeyValuePair<string, object?>(TelemetryNames.TaskTypeTag, task.Task.TypeName);
        BeatTelemetry.Fired.Add(1, type);
        BeatTelemetry.Lateness.Record(lateness, type);
        LogFired(id, runId, jobId, lateness);
        return jobId;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} resumed: its pause ended")]
    private partial void LogPauseLifted(string taskId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fired task {TaskId} run {RunId} as job {JobId}, {LatenessMs:0.0} ms after due")]
    private partial void LogFired(string taskId, string runId, string jobId, double latenessMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} occurrence not fired: {Reason}")]
    private partial void LogNotFired(string taskId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} has an unreadable record and is marked failed: {Reason}")]
    private partial void LogUnreadable(string taskId, string reason);
}
