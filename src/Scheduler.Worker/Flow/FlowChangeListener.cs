using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Worker.Flow;

/// <summary>
/// Hears that a task's concurrency or rate limit changed (the client publishes its id when an update changes them) and
/// wakes the runs that may go now: a limit raised from 1 to 3 lets two more waiters start at once, rather than at the
/// next release or their back-stop (10–60 s). Every worker hears it; a waiter's job moves from Scheduled to Enqueued
/// once, so the others' wakes do nothing. Pub/sub is at most once: a lost message leaves the waiters to their back-stop.
/// </summary>
internal sealed partial class FlowChangeListener(IConnectionMultiplexer redis, RedisKeys keys, FlowGate gate, ILogger<FlowChangeListener> logger)
    : BackgroundService
{
    // Off the subscriber's thread, which delivers every channel's messages: a wake reads Redis and changes job states.
    private readonly Channel<string> _changed = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private ChannelMessageQueue? _queue;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.FlowChanged));
        _queue.OnMessage(message =>
        {
            if ((string?)message.Message is { Length: > 0 } taskId) _changed.Writer.TryWrite(taskId);
        });
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var taskId in _changed.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (await gate.WakeAfterChangeAsync(taskId) is var woken and > 0) LogWoken(taskId, woken);
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    LogWakeFailed(taskId, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_queue is { } queue) await Runtime.Hosting.StopSteps.TryAsync(redis, () => queue.UnsubscribeAsync());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: its flow limits changed; woke {Count} waiting run(s)")]
    private partial void LogWoken(string taskId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: its flow limits changed, and its waiting runs could not be woken ({Reason}); their back-stop wakes them")]
    private partial void LogWakeFailed(string taskId, string reason);
}
