using Scheduler.Contracts.Plugins;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Worker.Plugins.Declarations;

/// <summary>One step of a <see cref="DeclarationPlan"/>.</summary>
internal sealed record DeclarationStep(DeclarationStepKind Kind, string TaskId, DeclaredTask? Declared, ScheduledTask? Existing)
{
    /// <summary>
    /// The declaration is back for a task the worker paused when it was no longer declared: registering it resumes it
    /// (a task someone paused by hand carries no such mark and stays paused).
    /// </summary>
    public bool ResumesOrphan =>
        Kind == DeclarationStepKind.Register && Existing is { Status: ScheduleStatus.Paused } existing && DeclaredSchedules.IsOrphaned(existing);
}
