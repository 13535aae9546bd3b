namespace Scheduler.Contracts.Audit;

/// <summary>One page of the audit log, newest first.</summary>
/// <param name="Entries">The matching entries.</param>
/// <param name="Next">
/// Pass as <see cref="AuditFilter.After"/> to read on (older entries); null when the log was read to its oldest entry
/// (or the filter's start). A page may hold fewer than the limit and still have a next: one read scans a bounded
/// number of entries.
/// </param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? Next);
