namespace Scheduler.Contracts.Runs;

/// <summary>
/// What a backfill runs (or, for a dry run, would run): the occurrences the schedule had between
/// <see cref="From"/> and <see cref="To"/> (both inclusive, within its startAfter/endAt bounds).
/// </summary>
public sealed record BackfillPlan
{
    /// <summary>Most occurrences one backfill may hold; a wider range is refused, not cut.</summary>
    public const int MaxOccurrences = 1000;

    /// <summary>How many instants <see cref="First"/> lists at most.</summary>
    public const int PreviewCount = 10;

    /// <summary>The task.</summary>
    public required string TaskId { get; init; }
    /// <summary>Start of the range (inclusive).</summary>
    public required DateTimeOffset From { get; init; }
    /// <summary>End of the range (inclusive), never after now.</summary>
    public required DateTimeOffset To { get; init; }
    /// <summary>Occurrences the schedule had in the range.</summary>
    public required int Occurrences { get; init; }
    /// <summary>Of those, how many run (or would run): the others already ran or are already queued by a backfill.</summary>
    public required int ToRun { get; init; }
    /// <summary>Occurrences skipped because the run ledger (kept a week) shows they already ran or were fired.</summary>
    public int AlreadyRun => Occurrences - ToRun;
    /// <summary>The first instants to run (up to <see cref="PreviewCount"/>), in the schedule's time zone.</summary>
    public required IReadOnlyList<DateTimeOffset> First { get; init; }
    /// <summary>
    /// True when the occurrences run one after another (overlap skip, queue or cancelPrevious: never two runs of the task
    /// at once); false when they are all enqueued at once (overlap allow).
    /// </summary>
    public required bool OneAtATime { get; init; }
    /// <summary>True when nothing was enqueued (a preview).</summary>
    public required bool DryRun { get; init; }
}
