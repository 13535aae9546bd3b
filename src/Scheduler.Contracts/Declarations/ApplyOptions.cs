using Scheduler.Contracts.Client;

namespace Scheduler.Contracts.Declarations;

/// <summary>How <see cref="SchedulerClient.ApplyAsync"/> applies declarations.</summary>
public sealed record ApplyOptions
{
    /// <summary>Say what would change, and write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// The tasks the declarations own: live ones it matches that no declaration holds are cancelled. It must name
    /// something (a tag, module, type, name or query): an empty filter would cancel every other task. Null: none.
    /// </summary>
    public ScheduleFilter? Prune { get; init; }
}
