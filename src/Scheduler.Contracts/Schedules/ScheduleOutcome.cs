namespace Scheduler.Contracts.Schedules;

/// <summary>What scheduling under an id did; see <see cref="ScheduleResult"/>.</summary>
public enum ScheduleOutcome
{
    /// <summary>No task had the id: a new task was stored.</summary>
    Created,

    /// <summary>
    /// A live task (scheduled, paused or running) already had the id with the same task, spec, time zone and options, or
    /// its idempotency key already named a task: nothing was written and the stored task is returned.
    /// </summary>
    AlreadyScheduled,

    /// <summary>
    /// The id's schedule had ended (cancelled, completed, expired or failed): it was scheduled anew under the same id,
    /// with its run history kept and its counters (runs, fired occurrences) restarted.
    /// </summary>
    Rescheduled,

    /// <summary>
    /// <see cref="ScheduleOptions.Replace"/> was set and a live task had the id with a different definition: the
    /// definition was replaced in place (same id, history kept, counters restarted, a paused task stays paused).
    /// </summary>
    Replaced,
}
