using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Plugins;

/// <summary>
/// A schedule a plugin declares for one of its own commands (<see cref="ISchedulerPlugin.Schedules"/>): every worker
/// that loads the plugin makes sure it exists, under the task id <see cref="DeclaredSchedules.TaskId"/>, so the plugin
/// needs no code of its own to schedule its work.
/// </summary>
/// <param name="Id">
/// The schedule's name within the plugin (1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit),
/// stable across versions: a changed declaration with the same id replaces the schedule and keeps its history.
/// </param>
/// <param name="Spec">When it runs, in the schedule language ("0 2 * * *", "daily at 2am", "every 15 minutes").</param>
/// <param name="Command">One of the plugin's <see cref="ISchedulerPlugin.Commands"/>.</param>
/// <param name="Arguments">The command's named arguments; none when null.</param>
/// <param name="Options">
/// Name, description, time zone (UTC when unset, whatever the worker's configuration), max runs, start and end bounds,
/// misfire and overlap policies, queue, jitter and tags.
/// The worker sets the id, module (the plugin's name) and the plugin's tag itself: <see cref="ScheduleOptions.Id"/>,
/// <see cref="ScheduleOptions.IdempotencyKey"/>, <see cref="ScheduleOptions.ModuleId"/> and
/// <see cref="ScheduleOptions.Replace"/> must stay unset; <see cref="ScheduleOptions.Verify"/> is not used.
/// </param>
public sealed record PluginSchedule(
    string Id,
    string Spec,
    string Command,
    IReadOnlyDictionary<string, string>? Arguments = null,
    ScheduleOptions? Options = null)
{
    /// <summary>Retries and timeouts of each run; the worker's defaults when null.</summary>
    public ExecutionPolicy? Execution { get; init; }
}
