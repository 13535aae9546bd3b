using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Worker.Tasks;

/// <summary>Delivers a notification to the event stream and the log.</summary>
internal sealed partial class NotificationHandler(EventLog events, ILogger<NotificationHandler> logger) : ITaskHandler<NotificationTask>
{
    public const string EventType = "scheduler.notification";

    public async Task<string?> HandleAsync(NotificationTask task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        var level = task.Level switch
        {
            NotificationLevel.Error => LogLevel.Error,
            NotificationLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        LogNotification(level, context.TaskId, task.Title ?? "", task.Message);
        await events.PublishAsync(EventType, context.TaskId,
        [
            new("runId", context.RunId), new("level", task.Level.ToString().ToLowerInvariant()),
            new("title", task.Title ?? ""), new("message", task.Message),
        ]);
        return $"delivered to: events, log";
    }

    [LoggerMessage(Message = "Notification from task {TaskId}: {Title} {Message}")]
    private partial void LogNotification(LogLevel level, string taskId, string title, string message);
}
