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

    /// <summary>
    /// Run due cleanup registrations on their interval (<c>Scheduler:Housekeeping:RunRegistrations</c>, default true).
    /// Only a worker with allowed roots runs them; each due run is claimed by exactly one worker.
    /// </summary>
    public bool RunRegistrations { get; set; } = true;

    /// <summary>How often this worker looks for due registrations (<c>Scheduler:Housekeeping:CheckInterval</c>, default 15 s; 100 ms to 1 h).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The first problem with the configured roots, or null when they are usable.</summary>
    internal string? Problem() =>
        AllowedRoots.FirstOrDefault(r => string.IsNullOrWhiteSpace(r) || !Path.IsPathFullyQualified(r)) is { } bad
            ? $"{HousekeepingSettings.AllowedRootsKey} has \"{bad}\", which is not an absolute path; expected absolute paths only"
            : CheckInterval < TimeSpan.FromMilliseconds(100) || CheckInterval > TimeSpan.FromHours(1)
                ? $"{HousekeepingSettings.Section}:CheckInterval is {CheckInterval}; expected 00:00:00.1 to 01:00:00"
                : null;
}
