namespace Scheduler.Contracts.Client;

/// <summary>What the task list can be ordered by.</summary>
internal enum ScheduleSortKey
{
    Created,
    Name,
    Type,
    Status,
    NextRun,
    LastRun,
    LastOutcome,
    RunCount,
}
