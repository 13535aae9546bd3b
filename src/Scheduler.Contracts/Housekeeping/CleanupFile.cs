namespace Scheduler.Contracts.Housekeeping;

/// <summary>A regular file a cleanup considers: its name in the directory, its size and its last write.</summary>
internal sealed record CleanupFile(string Name, long Size, DateTimeOffset LastWriteUtc);
