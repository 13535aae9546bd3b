namespace Scheduler.Contracts.Client;

/// <summary>
/// An option <see cref="TaskUpdate.Clear"/> removes, leaving the task as if it had never been given: no end, no limit
/// of runs, no jitter, no tags, the default queue, no module, no concurrency or rate limit, no start bound, no description.
/// </summary>
public enum ClearableOption
{
    /// <summary>The end bound (<see cref="Schedules.ScheduleOptions.EndAt"/>).</summary>
    EndAt,
    /// <summary>The limit of runs (<see cref="Schedules.ScheduleOptions.MaxRuns"/>); a task it completed runs on.</summary>
    MaxRuns,
    /// <summary>The random delay bound (<see cref="Schedules.ScheduleOptions.Jitter"/>).</summary>
    Jitter,
    /// <summary>Every tag.</summary>
    Tags,
    /// <summary>The queue: runs go to "default" again.</summary>
    Queue,
    /// <summary>The owning module.</summary>
    ModuleId,
    /// <summary>The concurrency limit.</summary>
    Concurrency,
    /// <summary>The rate limit.</summary>
    RateLimit,
    /// <summary>
    /// The start bound (<see cref="Schedules.ScheduleOptions.StartAfter"/>): the spec is read again as for a new
    /// <see cref="TaskUpdate.StartAfter"/> (as of when it was given), with its occurrences no longer held back.
    /// </summary>
    StartAfter,
    /// <summary>The description.</summary>
    Description,
}
