using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Subscribes to the cluster-wide cancel channel (the client publishes a task id there when it cancels a task) and
/// cancels this worker's running attempts of that task.
/// </summary>
internal sealed partial class TaskCancellationListener(
    IConnectionMultiplexer redis, RedisKeys keys, RunningAttempts running, ILogger<TaskCancellationListener> logger) : IHostedService
{
    private ChannelMessageQueue? _queue;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.TaskCancelled));
        _queue.OnMessage(message =>
        {
            var taskId = (string?)message.Message;
            if (string.IsNullOrEmpty(taskId)) return;
            var cancelled = running.Cancel(taskId);
            if (cancelled > 0) LogCancelled(taskId, cancelled);
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null) await _queue.UnsubscribeAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} was cancelled; stopping {Count} running attempt(s)")]
    private partial void LogCancelled(string taskId, int count);
}
