using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Worker.Plugins.Declarations;

/// <summary>A valid plugin declaration turned into what the client schedules: task id, task, spec and options.</summary>
internal sealed record DeclaredTask(string ScheduleId, string TaskId, PluginCommandTask Task, string Spec, ScheduleOptions Options)
{
    /// <summary>
    /// True when <paramref name="stored"/> holds this definition: the same task, spec and options as the client's
    /// create script compares them (their stored JSON), so "same" here and "already scheduled" there agree.
    /// </summary>
    public bool IsStoredAs(ScheduledTask stored) =>
        string.Equals(stored.Spec, Spec.Trim(), StringComparison.Ordinal)
        && Json(stored.Task) == Json(Task)
        && JsonSerializer.Serialize(stored.Options, TaskTypes.JsonOptions) == JsonSerializer.Serialize(Options, TaskTypes.JsonOptions);

    private static string Json(TaskDefinition task) => JsonSerializer.Serialize(task, TaskTypes.JsonOptions);
}
