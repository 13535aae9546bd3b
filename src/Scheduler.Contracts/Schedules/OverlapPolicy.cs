namespace Scheduler.Contracts.Schedules;

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
