namespace Scheduler.Contracts.Housekeeping;

/// <summary>The outcome of a cleanup run over one or every registration; the result of a <c>cleanup</c> task as JSON.</summary>
/// <param name="DryRun">True when nothing was deleted and the counts say what would have been.</param>
/// <param name="RanAt">The instant the policies were evaluated against (the retention cut-off is measured from it).</param>
/// <param name="Results">One entry per registration, in the order they ran: higher <see cref="CleanupRegistration.Priority"/> first, then registration order.</param>
public sealed record CleanupReport(bool DryRun, DateTimeOffset RanAt, IReadOnlyList<CleanupResult> Results)
{
    /// <summary>Files deleted (or, in a dry run, that would be) over all registrations.</summary>
    public int FilesDeleted => Results.Sum(r => r.FilesDeleted);

    /// <summary>Bytes freed (or, in a dry run, that would be) over all registrations.</summary>
    public long BytesFreed => Results.Sum(r => r.BytesFreed);

    /// <summary>Errors over all registrations.</summary>
    public int ErrorCount => Results.Sum(r => r.Errors.Count);
}
