using Microsoft.Extensions.Logging;
using Scheduler.Beat.Firing;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Triggers;
using Scheduler.Runtime.Storage;

namespace Scheduler.Beat.Triggers;

/// <summary>
/// Turns one claimed trigger ("#triggerId:taskId" in the trigger index) into one occurrence, run id
/// "taskId:triggerId". Reserve (count, announce, and under overlap cancelPrevious replace the runs before) → enqueue →
/// remove: a beat that dies between the steps leaves the member claimed; when its lease ends another beat finds the
/// reservation and enqueues again under the same run id, which the worker's run ledger runs once. So each trigger runs
/// once per subscribed task, whatever the number of beats, and replaces the runs before it once.
/// </summary>
internal sealed partial class TriggerFirer(
    ScheduleStore store,
    OccurrenceFirer firer,
    Microsoft.Extensions.Options.IOptions<Hosting.BeatOptions> options,
    TimeProvider time,
    ILogger<TriggerFirer> logger)
{
    private static readonly TimeSpan LedgerTtl = TimeSpan.FromDays(7);

    // A reservation refused as stale (the task changed between read and reserve) is decided again; a few rounds suffice.
    private const int MaxRounds = 5;

    public static bool IsTrigger(string member) => TriggerRunIds.TryParseMember(member, out _, out _);

    public async Task FireAsync(string member)
    {
        if (!TriggerRunIds.TryParseMember(member, out var triggerId, out var taskId)) return;
        var trigger = await store.Triggers.ReadHeaderAsync(triggerId);
        var limit = options.Value.TriggerChainLimit;
        var chainTooLong = trigger is { Kind: "after" } && trigger.Depth > limit;
        for (var round = 0; round < MaxRounds; round++)
        {
            var task = await store.GetAsync(taskId);
            if (task is null)
            {
                await store.Triggers.CompleteAsync(member);
                return;
            }
            // Rescheduled or replaced with another spec while the trigger waited (Beat was down or behind): it no
            // longer subscribes, so the trigger does not run it. (A trigger whose context expired is fired as it stands.)
            if (trigger is not null && !trigger.IsFor(task.Spec))
            {
                LogNotFired(taskId, triggerId, $"it no longer runs {(trigger.Kind == "on" ? "on event" : "after task")} {trigger.Source}");
                await store.Triggers.CompleteAsync(member);
                return;
            }
            var fields = await store.Redis.GetDatabase().HashGetAsync(store.Keys.Task(taskId), [ScheduleRecord.FireCount, ScheduleRecord.QueuedRuns]);
            long fireCount = long.TryParse((string?)fields[0], out var f) ? f : 0, queued = long.TryParse((string?)fields[1], out var q) ? q : 0;
            var plan = TriggerPlanner.Plan(task.Status, task.Options, fireCount, queued, time.GetUtcNow());
            if (chainTooLong)
                plan = new TriggerPlan(false, false, false, null,
                    $"the chain of after: triggers that reached it is {trigger!.Depth} links long, past its limit of {limit} (Scheduler:Beat:TriggerChainLimit): a cycle of after: triggers?")
                    { Skipped = true };
            var decision = !plan.Fire ? "drop" : plan.Queued ? "queue" : "fire";
            var answer = await store.Triggers.ReserveAsync(member, taskId, triggerId, decision, fireCount,
                plan.DropStatus is { } status ? ScheduleRecord.StatusText(status) : null, LedgerTtl, SchedulerEvents.Fired,
                plan.Skipped ? plan.Reason : null, replaceable: task.Options.Overlap == Contracts.Schedules.OverlapPolicy.CancelPrevious,
                cancelsPrevious: plan.CancelsPrevious);
            switch (answer)
            {
                case "stale":
                    continue;
                case "gone":
                    return;
                case "dropped":
                    // A skip was announced by the drop itself (scheduler.task.skipped), where people look, not only here.
                    LogNotFired(taskId, triggerId, plan.Reason);
                    return;
                case "fire" or "refire":
                    // The run is "due" when its trigger happened: its lateness is how long the trigger waited.
                    var at = trigger?.At ?? time.GetUtcNow();
                    var runId = TriggerRunIds.RunId(taskId, triggerId);
                    // In the fired index like every fired run, so a job lost before a worker claims it is re-queued.
                    await firer.EnqueueRecordedAsync(task, runId, at.ToUnixTimeMilliseconds());
                    await store.Triggers.CompleteAsync(member);
                    return;
            }
        }
        // Still changing under us: leave it claimed; its lease ends and it is decided again.
        LogUnsettled(taskId, triggerId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} not run for trigger {TriggerId}: {Reason}")]
    private partial void LogNotFired(string taskId, string triggerId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} kept changing while trigger {TriggerId} was fired; retried when its claim lapses")]
    private partial void LogUnsettled(string taskId, string triggerId);
}
