namespace Scheduler.Contracts.Runs;

/// <summary>Why an occurrence ran outside its schedule's own firing.</summary>
public enum RunRequestKind
{
    /// <summary>An operator retried a failed or timed-out occurrence: a new attempt of the same occurrence.</summary>
    Retry,
    /// <summary>An operator backfilled the schedule: an occurrence it would have had between two instants.</summary>
    Backfill,
}
