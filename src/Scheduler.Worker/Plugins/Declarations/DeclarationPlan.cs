using Scheduler.Contracts.Plugins;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Worker.Plugins.Declarations;

/// <summary>
/// Decides, from what is stored, what registering one plugin's declarations does: pure, so every case is unit-tested.
/// Writing stays with the client's create script (schedule by id, replace when changed), which decides again
/// atomically, so two workers applying the same plan store each schedule once.
/// </summary>
internal static class DeclarationPlan
{
    /// <param name="set">The plugin's checked declarations.</param>
    /// <param name="stored">The tasks stored under the declared task ids (absent ids: none stored).</param>
    /// <param name="tagged">The tasks carrying the plugin's tag, to find the ones it no longer declares.</param>
    public static IReadOnlyList<DeclarationStep> Decide(DeclarationSet set, IReadOnlyDictionary<string, ScheduledTask> stored, IEnumerable<ScheduledTask> tagged)
    {
        var steps = new List<DeclarationStep>();
        foreach (var declared in set.Valid)
        {
            var existing = stored.GetValueOrDefault(declared.TaskId);
            var kind = existing switch
            {
                null => DeclarationStepKind.Register,
                _ when !DeclaredSchedules.IsDeclaredBy(existing, set.PluginName) => DeclarationStepKind.Foreign,
                _ when !declared.IsStoredAs(existing) => DeclarationStepKind.Register,
                _ when IsLive(existing.Status) => DeclarationStepKind.Unchanged,
                _ => DeclarationStepKind.KeepEnded,
            };
            steps.Add(new(kind, declared.TaskId, declared, existing));
        }
        foreach (var task in tagged.DistinctBy(t => t.Id))
        {
            if (!DeclaredSchedules.IsDeclaredBy(task, set.PluginName) || set.DeclaredTaskIds.Contains(task.Id) || !IsLive(task.Status)) continue;
            steps.Add(new(DeclaredSchedules.IsOrphaned(task) ? DeclarationStepKind.StillOrphaned : DeclarationStepKind.Orphan, task.Id, null, task));
        }
        return steps;
    }

    private static bool IsLive(ScheduleStatus status) => status is ScheduleStatus.Scheduled or ScheduleStatus.Paused or ScheduleStatus.Running;
}
