namespace Scheduler.Contracts.Audit;

/// <summary>
/// How much of the audit log Redis keeps: every write trims the log to at most <see cref="MaxEntries"/> entries, and
/// about one write in 16 drops entries older than <see cref="MaxAge"/> (an entry can outlive it by those few writes).
/// Every component that writes should agree (each trims by its own).
/// </summary>
public sealed record AuditRetention
{
    /// <summary>Most entries kept (100,000 by default; at least 1).</summary>
    public int MaxEntries { get; init; } = 100_000;
    /// <summary>Oldest entry kept (90 days by default; at least a second).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(90);

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        MaxEntries < 1 ? $"MaxEntries {MaxEntries} must be at least 1"
        : MaxAge < TimeSpan.FromSeconds(1) ? $"MaxAge {MaxAge} must be at least one second"
        : null;
}
