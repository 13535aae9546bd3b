using Scheduler.Contracts.Housekeeping;

namespace Scheduler.Worker.Housekeeping;

/// <summary>Where <c>cleanup</c> tasks may delete files on this worker. Bound from <c>Scheduler:Housekeeping</c>.</summary>
public sealed class HousekeepingOptions
{
    public const string Section = HousekeepingSettings.Section;

    /// <summary>
    /// Absolute paths cleanups may work at or below (<c>Scheduler:Housekeeping:AllowedRoots:0</c>, …). Empty refuses
    /// every cleanup: a worker deletes nothing until an operator grants it a place to do so.
    /// </summary>
    public string[] AllowedRoots { get; set; } = [];

    /// <summary>The first problem with the configured roots, or null when they are usable.</summary>
    internal string? Problem() =>
        AllowedRoots.FirstOrDefault(r => string.IsNullOrWhiteSpace(r) || !Path.IsPathFullyQualified(r)) is { } bad
            ? $"{HousekeepingSettings.AllowedRootsKey} has \"{bad}\", which is not an absolute path; expected absolute paths only"
            : null;
}
