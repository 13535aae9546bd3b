namespace Scheduler.Contracts.Audit;

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    /// <summary>A task was scheduled (created, or scheduled anew under an id whose schedule had ended).</summary>
    public const string Schedule = "schedule";
    /// <summary>A live task was replaced in place with another definition.</summary>
    public const string Replace = "replace";
    /// <summary>A task's definition or options changed.</summary>
    public const string Update = "update";
    /// <summary>A task moved to a new spec.</summary>
    public const string Reschedule = "reschedule";
    /// <summary>A task was paused (with a note and an end, when given).</summary>
    public const string Pause = "pause";
    /// <summary>A paused task was resumed, by someone or by its pause's end.</summary>
    public const string Resume = "resume";
    /// <summary>A task was cancelled.</summary>
    public const string Cancel = "cancel";
    /// <summary>A task was deleted with its history.</summary>
    public const string Delete = "delete";
    /// <summary>A task was asked to run once now.</summary>
    public const string Trigger = "trigger";
    /// <summary>A failed occurrence was run again on purpose.</summary>
    public const string Retry = "retry";
    /// <summary>A failed occurrence was taken off the failed list without running it again.</summary>
    public const string Dismiss = "dismiss";
    /// <summary>Past occurrences of a schedule were run.</summary>
    public const string Backfill = "backfill";
    /// <summary>A task's runs in progress were stopped by hand, its schedule kept (the run ids are recorded).</summary>
    public const string StopRuns = "stop-runs";
    /// <summary>An event was published: every task scheduled <c>on:</c> its name runs once (no task id; the event's name and the tasks it started are recorded).</summary>
    public const string Publish = "publish";
    /// <summary>A cleanup registration was added.</summary>
    public const string CleanupRegister = "cleanup.register";
    /// <summary>A cleanup registration changed.</summary>
    public const string CleanupUpdate = "cleanup.update";
    /// <summary>A cleanup registration was removed.</summary>
    public const string CleanupRemove = "cleanup.remove";
    /// <summary>Hangfire jobs were deleted on Hangfire's dashboard pages (no task id; the job ids are recorded).</summary>
    public const string JobDelete = "job.delete";
    /// <summary>Hangfire jobs were requeued (or enqueued now, from scheduled or awaiting) on Hangfire's dashboard pages.</summary>
    public const string JobRequeue = "job.requeue";
    /// <summary>Hangfire recurring jobs were triggered on Hangfire's dashboard pages.</summary>
    public const string RecurringTrigger = "recurring.trigger";
    /// <summary>Hangfire recurring jobs were removed on Hangfire's dashboard pages.</summary>
    public const string RecurringRemove = "recurring.remove";
    /// <summary>Any other action posted to Hangfire's dashboard (its route is recorded as the note).</summary>
    public const string HangfireAction = "hangfire.action";

    /// <summary>Every action, in the order above.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Schedule, Replace, Update, Reschedule, Pause, Resume, Cancel, Delete, Trigger, Retry, Dismiss, Backfill, StopRuns, Publish, CleanupRegister, CleanupUpdate, CleanupRemove,
        JobDelete, JobRequeue, RecurringTrigger, RecurringRemove, HangfireAction,
    ];

    /// <summary>The actor Beat records when a pause lifts itself at its end.</summary>
    public const string SchedulerActor = "scheduler";
}
