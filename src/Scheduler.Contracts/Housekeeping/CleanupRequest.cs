namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// What a cleanup registration removes: the regular files directly in <see cref="Directory"/> whose names match
/// <see cref="Pattern"/>, whenever any of its policies is violated. At least one policy must be set.
/// </summary>
/// <param name="Directory">Absolute path of the directory to clean; it must exist, must not be a symbolic link, must not be the filesystem root and must lie at or below an allowed root.</param>
/// <param name="Pattern">File name pattern with <c>*</c> and <c>?</c> wildcards (e.g. <c>*.log</c>); no path separators.</param>
/// <param name="RetentionDays">Files last written more than this many days ago are deleted (0 or more).</param>
/// <param name="MaxFiles">Only the newest this many matching files are kept (1 or more).</param>
/// <param name="MaxSizeMb">The matching files may take at most this many megabytes (MiB) together; the oldest go first (greater than 0).</param>
/// <param name="Description">Free text for people.</param>
/// <param name="ModuleId">Owning module, for grouping and filtering.</param>
/// <param name="Interval">How often the registration runs by itself on a worker that has allowed roots
/// (<see cref="CleanupInterval.Default"/>, one hour, when null; <see cref="CleanupInterval.Min"/> to <see cref="CleanupInterval.Max"/>).
/// The first run is one interval after it is registered; an update keeps the next run unless it changes the interval
/// (then one new interval from the update, or the next run if sooner). <c>cleanup run</c> runs it at once besides.</param>
/// <param name="Priority">Where it runs among registrations run together (every registration at once, or several due in
/// one look of a worker): higher first, equal priorities in registration order; <see cref="CleanupPriority.Min"/> to
/// <see cref="CleanupPriority.Max"/>, <see cref="CleanupPriority.Default"/> (0) when not given.</param>
public sealed record CleanupRequest(
    string Directory,
    string Pattern,
    int? RetentionDays = null,
    int? MaxFiles = null,
    double? MaxSizeMb = null,
    string? Description = null,
    string? ModuleId = null,
    TimeSpan? Interval = null,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(CleanupPriorityJsonConverter))] int Priority = CleanupPriority.Default);
