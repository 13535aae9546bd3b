using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

/// <summary>Changes to a scheduled task for <see cref="SchedulerClient.UpdateAsync"/>; unset members stay as they are.</summary>
public sealed record TaskUpdate
{
    /// <summary>A new definition (it may change the task's parameters, not its type's meaning).</summary>
    public TaskDefinition? Task { get; init; }
    /// <summary>
    /// A new spec, read from now (its relative words count from the update); the next run is computed from now, so a
    /// changed spec never fires at once unless it is due.
    /// </summary>
    public string? Spec { get; init; }
    /// <summary>New display name.</summary>
    public string? Name { get; init; }
    /// <summary>New description.</summary>
    public string? Description { get; init; }
    /// <summary>
    /// New time zone. Without a new <see cref="Spec"/>, the spec is read again as of the moment it was given (created,
    /// or last given a new spec), not from now: its relative words keep the day or instant they named and only its
    /// wall-clock times move to the new zone ("tomorrow at 9am" given on Dec 3 stays Dec 4 at 9am, now in the new zone;
    /// "in 2 hours" keeps its instant; "until friday" keeps that Friday). A one-shot whose instant so read has passed
    /// (it ran, or its time went by while paused) is refused with <see cref="InvalidTaskException"/> rather than moved
    /// to another day or run at once, and so is a repeating spec with no occurrence left; give a new spec with the
    /// change instead, which is read from now.
    /// </summary>
    public string? TimeZone { get; init; }
    /// <summary>
    /// New start bound: nothing runs before it. The spec is read again as for a new
    /// <see cref="TimeZone"/> (as of when it was given, not from now), with the same refusals.
    /// </summary>
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

    /// <summary>
    /// Whether a new definition or queue is checked against the live workers, as <see cref="ScheduleOptions.Verify"/>
    /// is when scheduling: false changes it anyway, for workers that start later (an edit while every worker is down);
    /// null follows the client (<see cref="SchedulerClientOptions.VerifyWorkers"/>). It changes nothing by itself.
    /// </summary>
    public bool? Verify { get; init; }

    /// <summary>
    /// Options to remove, as if never given (an end date, a max runs, tags...). Clearing the max runs of a task that
    /// limit completed runs it on. Naming an option here and giving it a new value as well is refused.
    /// </summary>
    public IReadOnlyList<ClearableOption>? Clear { get; init; }

    /// <summary>Whether nothing at all is asked (every member unset, <see cref="Clear"/> empty).</summary>
    internal bool IsEmpty => this with { Clear = null, Verify = null } == new TaskUpdate() && Clear is null or { Count: 0 };

    /// <summary>Options both cleared and given a new value: one sentence each, naming both ways.</summary>
    internal IEnumerable<string> ClearConflicts() =>
        (Clear ?? []).Distinct().Where(Given).Select(option =>
            $"{JsonName(option)} is both given and cleared; expected one of them (a new value, or clear to remove it)");

    private bool Given(ClearableOption option) => option switch
    {
        ClearableOption.EndAt => EndAt is not null,
        ClearableOption.MaxRuns => MaxRuns is not null,
        ClearableOption.Jitter => Jitter is not null,
        ClearableOption.Tags => Tags is not null,
        ClearableOption.Queue => Queue is not null,
        ClearableOption.ModuleId => ModuleId is not null,
        ClearableOption.Concurrency => Concurrency is not null,
        ClearableOption.RateLimit => RateLimit is not null,
        ClearableOption.StartAfter => StartAfter is not null,
        ClearableOption.Description => Description is not null,
        _ => false,
    };

    /// <summary>Whether <paramref name="option"/> is among <see cref="Clear"/>.</summary>
    internal bool Clears(ClearableOption option) => Clear?.Contains(option) == true;

    /// <summary>The option's name as JSON and the REST API write it (endAt, maxRuns, ...).</summary>
    internal static string JsonName(ClearableOption option) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(option.ToString());

    internal ScheduleOptions ApplyTo(ScheduleOptions options) => Cleared(options with
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
    });

    private ScheduleOptions Cleared(ScheduleOptions options)
    {
        foreach (var option in Clear ?? [])
            options = option switch
            {
                ClearableOption.EndAt => options with { EndAt = null },
                ClearableOption.MaxRuns => options with { MaxRuns = null },
                ClearableOption.Jitter => options with { Jitter = null },
                ClearableOption.Tags => options with { Tags = null },
                ClearableOption.Queue => options with { Queue = null },
                ClearableOption.ModuleId => options with { ModuleId = null },
                ClearableOption.Concurrency => options with { Concurrency = null },
                ClearableOption.RateLimit => options with { RateLimit = null },
                ClearableOption.StartAfter => options with { StartAfter = null },
                ClearableOption.Description => options with { Description = null },
                _ => options,
            };
        return options;
    }
}
