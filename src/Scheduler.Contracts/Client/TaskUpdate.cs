using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

/// <summary>Changes to a scheduled task for <see cref="SchedulerClient.UpdateAsync"/>; unset members stay as they are.</summary>
public sealed record TaskUpdate
{
    /// <summary>A new definition (it may change the task's parameters, not its type's meaning).</summary>
    public TaskDefinition? Task { get; init; }
    /// <summary>A new spec; the next run is computed from now, so a changed spec never fires at once unless it is due.</summary>
    public string? Spec { get; init; }
    /// <summary>New display name.</summary>
    public string? Name { get; init; }
    /// <summary>New description.</summary>
    public string? Description { get; init; }
    /// <summary>New time zone (re-evaluates the spec).</summary>
    public string? TimeZone { get; init; }
    /// <summary>New start bound.</summary>
    public DateTimeOffset? StartAfter { get; init; }
    /// <summary>New end bound.</summary>
    public DateTimeOffset? EndAt { get; init; }
    /// <summary>New max runs.</summary>
    public int? MaxRuns { get; init; }
    /// <summary>New misfire policy.</summary>
    public MisfirePolicy? Misfire { get; init; }
    /// <summary>New overlap policy.</summary>
    public OverlapPolicy? Overlap { get; init; }
    /// <summary>New jitter bound.</summary>
    public TimeSpan? Jitter { get; init; }
    /// <summary>New tags (replacing the old ones).</summary>
    public IReadOnlyList<string>? Tags { get; init; }
    /// <summary>New Hangfire queue for the runs that start after the change.</summary>
    public string? Queue { get; init; }
    /// <summary>New owning module.</summary>
    public string? ModuleId { get; init; }
    /// <summary>New concurrency limit for the runs that start after the change (see <see cref="ScheduleOptions.Concurrency"/>).</summary>
    public Flow.ConcurrencyLimit? Concurrency { get; init; }
    /// <summary>New rate limit for the runs that start after the change (see <see cref="ScheduleOptions.RateLimit"/>).</summary>
    public Flow.RateLimit? RateLimit { get; init; }
    /// <summary>New priority for the occurrences fired after the change.</summary>
    public Flow.TaskPriority? Priority { get; init; }

    internal ScheduleOptions ApplyTo(ScheduleOptions options) => options with
    {
        Name = Name ?? options.Name,
        Description = Description ?? options.Description,
        TimeZone = TimeZone ?? options.TimeZone,
        StartAfter = StartAfter ?? options.StartAfter,
        EndAt = EndAt ?? options.EndAt,
        MaxRuns = MaxRuns ?? options.MaxRuns,
        Misfire = Misfire ?? options.Misfire,
        Overlap = Overlap ?? options.Overlap,
        Jitter = Jitter ?? options.Jitter,
        Tags = Tags ?? options.Tags,
        Queue = Queue ?? options.Queue,
        ModuleId = ModuleId ?? options.ModuleId,
        Concurrency = Concurrency ?? options.Concurrency,
        RateLimit = RateLimit ?? options.RateLimit,
        Priority = Priority ?? options.Priority,
    };
}
