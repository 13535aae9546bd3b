using System.Text.Json;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;

namespace Scheduler.Dashboard.Events;

/// <summary>Maps internal event types to the seed's public names: schedule_update, schedule_removed, task_started, task_finished, task_error.</summary>
internal static class PublicEvents
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new WireTimestampJsonConverter() } };

    public static string NameOf(string type) => StreamEventNames.NameOf(type);

    public static string Json(SchedulerEvent e) => JsonSerializer.Serialize(Shape(e), Options);

    /// <summary>What the streams send of an event, for the JSON lists that show the same events.</summary>
    public static object Shape(SchedulerEvent e) => new
    {
        id = e.Id, @event = NameOf(e.Type), type = e.Type, taskId = e.TaskId, at = e.At, data = e.Data,
    };
}
