namespace Scheduler.Contracts.Runs;

/// <summary>A backfill that cannot be made as asked (range, schedule kind, too many occurrences, task cancelled). Nothing was written.</summary>
public sealed class InvalidBackfillException(string message) : ArgumentException(message);
