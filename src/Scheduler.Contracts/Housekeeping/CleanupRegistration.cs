namespace Scheduler.Contracts.Housekeeping;

/// <summary>A stored cleanup registration: a <see cref="CleanupRequest"/> with its id and timestamps.</summary>
public sealed record CleanupRegistration
{
    /// <summary>The registration's id ("c" followed by hex digits).</summary>
    public required string Id { get; init; }

    /// <summary>Absolute path of the directory cleaned.</summary>
    public required string Directory { get; init; }

    /// <summary>File name pattern (<c>*</c> and <c>?</c> wildcards) the files must match.</summary>
    public required string Pattern { get; init; }

    /// <summary>Files older than this many days are deleted; no age limit when null.</summary>
    public int? RetentionDays { get; init; }

    /// <summary>Only the newest this many files are kept; no count limit when null.</summary>
    public int? MaxFiles { get; init; }

    /// <summary>Largest total size in MiB, oldest files deleted first; no size limit when null.</summary>
    public double? MaxSizeMb { get; init; }

    /// <summary>Free text for people.</summary>
    public string? Description { get; init; }

    /// <summary>Owning module, for grouping and filtering.</summary>
    public string? ModuleId { get; init; }

    /// <summary>How often it runs by itself (one hour unless registered with another interval).</summary>
    public TimeSpan Interval { get; init; } = CleanupInterval.Default;

    /// <summary>
    /// Where it runs among registrations run together: higher first, equal priorities in registration order
    /// (<see cref="CleanupPriority"/>). 0 for a registration stored before priorities existed.
    /// </summary>
    public int Priority { get; init; } = CleanupPriority.Default;

    /// <summary>When it was registered.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last changed (equal to <see cref="CreatedAt"/> until updated).</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// Its last real run, by whoever ran it, with its counts and errors; null until it first runs. Stored apart from
    /// the registration, so an update keeps it.
    /// </summary>
    public CleanupLastRun? LastRun { get; init; }

    /// <summary>The caller-supplied part of this registration, e.g. to change one field and update.</summary>
    public CleanupRequest ToRequest() => new(Directory, Pattern, RetentionDays, MaxFiles, MaxSizeMb, Description, ModuleId, Interval, Priority);

    internal static CleanupRegistration From(string id, CleanupRequest request, DateTimeOffset createdAt, DateTimeOffset updatedAt) => new()
    {
        Id = id,
        Directory = request.Directory,
        Pattern = request.Pattern,
        RetentionDays = request.RetentionDays,
        MaxFiles = request.MaxFiles,
        MaxSizeMb = request.MaxSizeMb,
        Description = request.Description,
        ModuleId = request.ModuleId,
        Interval = request.Interval ?? CleanupInterval.Default,
        Priority = request.Priority,
        CreatedAt = createdAt,
        UpdatedAt = updatedAt,
    };
}
