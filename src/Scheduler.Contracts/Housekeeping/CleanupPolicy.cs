namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// The pure policy engine: which files violate a registration's policies. No I/O, so it is unit-tested directly.
/// A file is deleted when any policy is violated: older than the retention, beyond the newest <c>maxFiles</c>, or
/// needed to bring the total size under <c>maxSizeMb</c> (oldest first). Each policy looks at the full listing;
/// because every policy removes from the oldest end, their union equals applying them one after another.
/// </summary>
internal static class CleanupPolicy
{
    public const long BytesPerMb = 1024 * 1024;

    /// <summary>The files to delete, oldest first. Ties in write time are ordered by name so results are stable.</summary>
    public static IReadOnlyList<CleanupFile> Violating(IReadOnlyCollection<CleanupFile> files, int? retentionDays, int? maxFiles,
        double? maxSizeMb, DateTimeOffset now)
    {
        var oldestFirst = files.OrderBy(f => f.LastWriteUtc).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        var doomed = new bool[oldestFirst.Count];

        if (retentionDays is { } days)
        {
            var cutoff = now - TimeSpan.FromDays(days);
            for (var i = 0; i < oldestFirst.Count; i++) doomed[i] |= oldestFirst[i].LastWriteUtc < cutoff;
        }

        if (maxFiles is { } keep)
        {
            for (var i = 0; i < oldestFirst.Count - keep; i++) doomed[i] = true;
        }

        if (maxSizeMb is { } mb)
        {
            var limit = (long)(mb * BytesPerMb);
            var total = oldestFirst.Sum(f => f.Size);
            for (var i = 0; i < oldestFirst.Count && total > limit; i++)
            {
                doomed[i] = true;
                total -= oldestFirst[i].Size;
            }
        }

        return [.. oldestFirst.Where((_, i) => doomed[i])];
    }
}
