namespace Scheduler.Contracts.Events;

/// <summary>
/// The names the dashboard's SSE and WebSocket streams give events (the seed's public names): schedule_update,
/// schedule_removed, task_started, task_finished, task_error, each standing for the <see cref="SchedulerEvents"/> types
/// it groups; any other type is named without its "scheduler." prefix ("cleanup.ran", "notification").
/// </summary>
internal static class StreamEventNames
{
    /// <summary>Each stream name and the event types it stands for.</summary>
    public static IReadOnlyDictionary<string, string[]> Groups { get; } = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["schedule_update"] = [SchedulerEvents.Scheduled, SchedulerEvents.Updated, SchedulerEvents.Paused, SchedulerEvents.Resumed, SchedulerEvents.Fired],
        ["schedule_removed"] = [SchedulerEvents.Cancelled, SchedulerEvents.Deleted],
        ["task_started"] = [SchedulerEvents.Started],
        ["task_finished"] = [SchedulerEvents.Success, SchedulerEvents.Skipped, SchedulerEvents.Stopped, SchedulerEvents.Completed],
        ["task_error"] = [SchedulerEvents.Failure, SchedulerEvents.Retry],
    };

    /// <summary>Every event type the stream carries: <see cref="SchedulerEvents"/>' and notifications'.</summary>
    public static IReadOnlyList<string> Types { get; } =
        [.. typeof(SchedulerEvents).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!), "scheduler.notification"];

    /// <summary>The stream's name of an event of <paramref name="type"/>.</summary>
    public static string NameOf(string type) =>
        Groups.FirstOrDefault(g => g.Value.Contains(type, StringComparer.Ordinal)).Key
        ?? (type.StartsWith("scheduler.", StringComparison.Ordinal) ? type["scheduler.".Length..] : type);
}
