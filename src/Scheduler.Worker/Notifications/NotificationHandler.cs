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
/// so a user is not notified twice on one channel; the log line too is written once per run. A lone notification's
/// first attempt hands its event to the attempt's outcome write (<see cref="Execution.OutcomeEventSlot"/>), which
/// publishes it in the same step, at no call of its own; a retry, a re-delivery of the run (its worker died before the
/// outcome was written), a sequence step or a notification with webhooks reads the notes first.
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
        KeyValuePair<string, string>[] data =
        [
            new("runId", context.RunId), new("level", task.Level.ToString().ToLowerInvariant()),
            new("title", task.Title ?? ""), new("message", task.Message),
        ];
        var eventMember = NotificationDeliveries.Member(context.StepPath, EventsChannel);
        var logMember = NotificationDeliveries.Member(context.StepPath, LogChannel);
        IReadOnlySet<string> delivered;
        if (context.Attempt == 1 && context.StepPath is null && targets.Count == 0 && context.WithOutcome is { } withOutcome)
        {
            // A lone notification's first attempt: nothing was delivered before it, so nothing is read or waited for.
            // Its event is published by the attempt's outcome write, in the same step: once per run, also when the run
            // is delivered again after its worker died (that worker's attempt wrote no outcome, so published nothing).
            // A sequence step may run again within one attempt (its own retries, or its parent's), and a webhook's
            // failure would follow the event, so those read the run's deliveries first.
            LogNotification(level, context.TaskId, OneLine(task.Title ?? ""), OneLine(task.Message));
            withOutcome.Set(EventType, data, [NotificationDeliveries.Note(eventMember), NotificationDeliveries.Note(logMember)]);
            delivered = new HashSet<string>();
        }
        else
        {
            delivered = await PublishEventAsync(context, eventMember, logMember, data, cancellationToken);
            if (delivered.Contains(logMember)) LogDeliveredEarlier(context.RunId, LogChannel);
            else LogNotification(level, context.TaskId, OneLine(task.Title ?? ""), OneLine(task.Message));
        }
        var now = new List<string>();
        var earlier = new List<string>();
        (delivered.Contains(eventMember) ? earlier : now).Add(EventsChannel);
        (delivered.Contains(logMember) ? earlier : now).Add(LogChannel);
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
        var again = $"delivered earlier in this run: {string.Join(", ", earlier)}";
        if (now.Count == 0) return again;
        var result = $"delivered to: {string.Join(", ", now)}";
        return earlier.Count == 0 ? result : $"{result}; {again}";
    }

    private static readonly TimeSpan RememberBound = TimeSpan.FromSeconds(5);

    // A retry, re-delivery or sequence step: publishes the notification event unless the run did, noting it and the log
    // line in the same step; returns the run's deliveries made before.
    private async Task<IReadOnlySet<string>> PublishEventAsync(TaskExecutionContext context, string eventMember, string logMember,
        KeyValuePair<string, string>[] data, CancellationToken cancellationToken)
    {
        try
        {
            return await bookkeeping.WriteAsync($"run {context.RunId}: notification event published once",
                () => deliveries.PublishOnceAsync(context.RunId, eventMember, logMember, EventType, context.TaskId, data), cancellationToken, RememberBound);
        }
        catch (Exception e) when (e is BookkeepingUnavailableException or RedisException)
        {
            // Redis refusing writes (memory full, no replicas) must not fail the notification: its run, a sequence's
            // other steps included, would go round again. What the run delivered before is read (a read is still
            // served), and the event goes out unnoted unless it was among them; unread (Redis away), it goes out.
            IReadOnlySet<string> delivered;
            try
            {
                delivered = await bookkeeping.WriteAsync(
                    $"run {context.RunId}: read of the deliveries already made", () => deliveries.ReadAsync(context.RunId), cancellationToken, RememberBound);
            }
            catch (Exception read) when (read is BookkeepingUnavailableException or RedisException)
            {
                delivered = new HashSet<string>();
            }
            if (!delivered.Contains(eventMember))
            {
                LogEventNotNoted(context.RunId, e.Message);
                try { await events.PublishAsync(EventType, context.TaskId, data); }
                catch (Exception publish) when (Bookkeeping.IsTransient(publish)) { LogEventNotNoted(context.RunId, publish.Message); }
            }
            return delivered;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the notification event could not be noted ({Reason}); it is published unnoted, and a retry of the run would publish it again")]
    private partial void LogEventNotNoted(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the delivery to \"{Channel}\" was made but not noted ({Reason}); a retry of the run would send it again")]
    private partial void LogNotNoted(string runId, string channel, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId}: the notification's \"{Channel}\" delivery was made earlier in this run; not made again")]
    private partial void LogDeliveredEarlier(string runId, string channel);

    // A line break in the message would start what reads as another log record.
    private static string OneLine(string text) =>
        text.AsSpan().IndexOfAnyInRange('\0', '\x1f') < 0 ? text
            : string.Concat(text.Select(c => c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", < ' ' => $"\\u{(int)c:x4}", _ => c.ToString() }));

    [LoggerMessage(Message = "Notification from task {TaskId}: {Title} {Message}")]
    private partial void LogNotification(LogLevel level, string taskId, string title, string message);
}
