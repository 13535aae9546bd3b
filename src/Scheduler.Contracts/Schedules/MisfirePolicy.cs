namespace Scheduler.Contracts.Schedules;

/// <summary>What Beat does with occurrences that fell due while it was down or the schedule was paused.</summary>
public enum MisfirePolicy
{
    /// <summary>One catch-up run now, then the next future occurrence (the default).</summary>
    RunOnce,
    /// <summary>Drop missed occurrences; wait for the next future one.</summary>
    Skip,
    /// <summary>Run every missed occurrence within the catch-up window.</summary>
    RunAll,
}
