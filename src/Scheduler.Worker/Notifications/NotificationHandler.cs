using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Execution;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Notifications;

/// <summary>
/// Delivers a notification to the event stream and the log, then to each extra channel the task names: "events" and
/// "log" are built in (and always delivered), any other name is a webhook configured under <c>Scheduler:Webhooks</c>.
/// A failed webhook delivery fails the attempt, so it is retried like any task; the retry posts only to the webhooks
/// the run has not reached yet (<see cref="NotificationDeliveries"/>), so a user is not notified twice on one channel.
/// </summary>
internal sealed partial class NotificationHandler(
    EventStream events, WebhookSender webhooks, NotificationDeliveries deliveries, Bookkeeping bookkeeping, ILogger<NotificationHandler> logger)
    : ITaskHandler<NotificationTask>
{
    public const string EventType = "scheduler.notification";
    private static readonly string[] BuiltInChannels = ["events", "log"];

    public async Task<string?> HandleAsync(NotificationTask task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        // Resolve every channel before delivering anything: an unknown name is a definition error, not a partial send.
        var targets = new List<(string Name, WebhookOptions Webhook)>();
        foreach (var channel in (task.Channels ?? []).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (BuiltInChannels.Contains(channel, StringComparer.OrdinalIgnoreCase)) continue;
            var webhook = webhooks.Find(channel) ?? throw new NonRetryableTaskException(
                $"notification channel \"{channel}\" is not configured on this worker; channels: {string.Join(", ", BuiltInChannels.Concat(webhooks.Names))}");
            targets.Add((channel, webhook));
        }

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
        var body = new
        {
            taskId = context.TaskId, runId = context.RunId, attempt = context.Attempt,
            level = task.Level.ToString().ToLowerInvariant(), title = task.Title, message = task.Message,
        };
        var delivered = targets.Count == 0 ? new HashSet<string>() : await bookkeeping.WriteAsync(
            $"run {context.RunId}: read of the deliveries already made", () => deliveries.ReadAsync(context.RunId), cancellationToken);
        var now = new List<string>();
        var earlier = new List<string>();
        foreach (var (name, webhook) in targets)
        {
            var member = NotificationDeliveries.Member(context.StepPath, name);
            if (delivered.Contains(member))
            {
                earlier.Add(name);
                continue;
            }
            await webhooks.SendAsync(name, webhook, body, NotificationDeliveries.IdempotencyKey(context.RunId, member), cancellationToken);
            now.Add(name);
            // Not noted (Redis away past the bound, or refusing the write): the delivery stands, and a retry posts here
            // again under the same idempotency key. It must not fail the attempt: that would send the run round again.
            try
            {
                await bookkeeping.TryWriteAsync($"run {context.RunId}: delivery to \"{name}\" noted",
                    () => deliveries.RememberAsync(context.RunId, member), RememberBound, cancellationToken);
            }
            catch (RedisException e)
            {
                LogNotNoted(context.RunId, name, e.Message);
            }
        }
        var result = $"delivered to: {string.Join(", ", BuiltInChannels.Concat(now))}";
        return earlier.Count == 0 ? result : $"{result}; delivered earlier in this run: {string.Join(", ", earlier)}";
    }

    private static readonly TimeSpan RememberBound = TimeSpan.FromSeconds(5);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the delivery to \"{Channel}\" was made but not noted ({Reason}); a retry of the run would send it again")]
    private partial void LogNotNoted(string runId, string channel, string reason);

    [LoggerMessage(Message = "Notification from task {TaskId}: {Title} {Message}")]
    private partial void LogNotification(LogLevel level, string taskId, string title, string message);
}
