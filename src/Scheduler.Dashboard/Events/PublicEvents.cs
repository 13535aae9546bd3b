using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;

namespace Scheduler.Dashboard.Events;

/// <summary>Maps internal event types to the seed's public names: schedule_update, schedule_removed, task_started, task_finished, task_error.</summary>
internal static class PublicEvents
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new WireTimestampJsonConverter() } };

    public static string NameOf(string type) => type switch
    {
        SchedulerEvents.Scheduled or SchedulerEvents.Updated or SchedulerEvents.Paused or SchedulerEvents.Resumed or SchedulerEvents.Fired => "schedule_update",
        SchedulerEvents.Cancelled or SchedulerEvents.Deleted => "schedule_removed",
        SchedulerEvents.Started => "task_started",
        SchedulerEvents.Success or SchedulerEvents.Skipped or SchedulerEvents.Stopped or SchedulerEvents.Completed => "task_finished",
        SchedulerEvents.Failure or SchedulerEvents.Retry => "task_error",
        _ => type.StartsWith("scheduler.", StringComparison.Ordinal) ? type["scheduler.".Length..] : type,
    };

    public static string Json(SchedulerEvent e) => JsonSerializer.Serialize(Shape(e), Options);

    /// <summary>What the streams send of an event, for the JSON lists that show the same events.</summary>
    public static object Shape(SchedulerEvent e) => new
    {
        id = e.Id, @event = NameOf(e.Type), type = e.Type, taskId = e.TaskId, at = e.At, data = e.Data,
    };
}
