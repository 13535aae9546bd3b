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
/// the run has not reached yet and publishes the event only if the run has not (<see cref="NotificationDeliveries"/>),
/// so a user is not notified twice on one channel. The log line is written on every attempt.
/// </summary>
internal sealed partial class NotificationHandler(
    EventStream events, WebhookSender webhooks, NotificationDeliveries deliveries, Bookkeeping bookkeeping, ILogger<NotificationHandler> logger)
    : ITaskHandler<NotificationTask>
{
    public const string EventType = "scheduler.notification";
    private const string EventsChannel = "events", LogChannel = "log";
    private static readonly string[] BuiltInChannels = [EventsChannel, LogChannel];

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
        KeyValuePair<string, string>[] data =
        [
            new("runId", context.RunId), new("level", task.Level.ToString().ToLowerInvariant()),
            new("title", task.Title ?? ""), new("message", task.Message),
        ];
        var now = new List<string>();
        var earlier = new List<string>();
        var (delivered, eventEarlier) = await PublishEventAsync(context, data, hasWebhooks: targets.Count > 0, cancellationToken);
        (eventEarlier ? earlier : now).Add(EventsChannel);
        now.Add(LogChannel);
        var body = new
        {
            taskId = context.TaskId, runId = context.RunId, attempt = context.Attempt,
            level = task.Level.ToString().ToLowerInvariant(), title = task.Title, message = task.Message,
        };
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
        var result = $"delivered to: {string.Join(", ", now)}";
        return earlier.Count == 0 ? result : $"{result}; delivered earlier in this run: {string.Join(", ", earlier)}";
    }

    private static readonly TimeSpan RememberBound = TimeSpan.FromSeconds(5);

    // Publishes the notification event; returns the run's deliveries made before (read only when there are webhooks to
    // check them against) and whether the event was among them.
    private async Task<(IReadOnlySet<string> Delivered, bool EventEarlier)> PublishEventAsync(TaskExecutionContext context,
        KeyValuePair<string, string>[] data, bool hasWebhooks, CancellationToken cancellationToken)
    {
        // A lone notification without webhooks has nothing after the event to fail, so no retry of it: no note (kept a
        // week) is written. A failing webhook's retry, or a sequence's retry of a step, runs it again: the event is then
        // published once per run, noted with the run's deliveries in one step, which also reads them.
        if (!hasWebhooks && context.StepPath is null)
        {
            await events.PublishAsync(EventType, context.TaskId, data);
            return (new HashSet<string>(), false);
        }
        var member = NotificationDeliveries.Member(context.StepPath, EventsChannel);
        try
        {
            var delivered = await bookkeeping.WriteAsync($"run {context.RunId}: notification event published once",
                () => deliveries.PublishOnceAsync(context.RunId, member, EventType, context.TaskId, data), cancellationToken, RememberBound);
            return (delivered, delivered.Contains(member));
        }
        catch (Exception e) when (e is BookkeepingUnavailableException or RedisException)
        {
            // Redis refusing writes (memory full, no replicas) must not fail the notification: its run, a sequence's
            // other steps included, would go round again. The event goes out unnoted, as a lone one does.
            LogEventNotNoted(context.RunId, e.Message);
            await events.PublishAsync(EventType, context.TaskId, data);
            var delivered = !hasWebhooks ? new HashSet<string>() : await bookkeeping.WriteAsync(
                $"run {context.RunId}: read of the deliveries already made", () => deliveries.ReadAsync(context.RunId), cancellationToken);
            return (delivered, false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the notification event could not be noted ({Reason}); it is published unnoted, and a retry of the run would publish it again")]
    private partial void LogEventNotNoted(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the delivery to \"{Channel}\" was made but not noted ({Reason}); a retry of the run would send it again")]
    private partial void LogNotNoted(string runId, string channel, string reason);

    [LoggerMessage(Message = "Notification from task {TaskId}: {Title} {Message}")]
    private partial void LogNotification(LogLevel level, string taskId, string title, string message);
}
