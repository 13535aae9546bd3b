namespace Scheduler.Contracts.Client;

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

/// <summary>What happens when a recurring occurrence falls due while the previous run is still going.</summary>
public enum OverlapPolicy
{
    /// <summary>Do not start it (the default).</summary>
    Skip,
    /// <summary>Start it anyway.</summary>
    Allow,
    /// <summary>Keep at most one waiting run, started when the current one ends.</summary>
    Queue,
    /// <summary>Cancel the running one and start the new one.</summary>
    CancelPrevious,
}
