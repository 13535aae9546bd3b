using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Storage;
using StackExchange.Redis;

namespace Scheduler.Worker.Execution;

/// <summary>
/// Subscribes to the cluster-wide cancel channel (the client publishes a task id there when it cancels or deletes a
/// task) and cancels this worker's running attempts of that task. Pub/sub is at most once: a message published while
/// this worker's subscription is down (a network blip, a Sentinel failover, a Redis restart) is lost for good. So every
/// <see cref="SweepInterval"/> the tasks this worker runs are also read, and the attempts of one cancelled or deleted
/// meanwhile are cancelled, and so are those a newer run replaced (overlap cancelPrevious counts its cancels in the
/// task, and its message carries the count and the replacing run's id, so a late one never stops the newer run;
/// a run asked for by hand is never replaced): a cancel always lands, within the interval at worst. A run stopped by hand, its task going on
/// (<c>SchedulerClient.StopRunsAsync</c>), comes on its own channel and is read back from its ledger the same way.
/// A run whose retry is parked runs on no worker: its job is woken instead, so it is recorded cancelled at once.
/// </summary>
internal sealed partial class TaskCancellationListener(
    IConnectionMultiplexer redis, RedisKeys keys, ScheduleStore store, RunningAttempts running, TimeProvider time,
    ILogger<TaskCancellationListener> logger, Hangfire.IBackgroundJobClient jobs) : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);

    private ChannelMessageQueue? _queue;
    private ChannelMessageQueue? _replacedQueue;
    private ChannelMessageQueue? _stoppedQueue;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.TaskCancelled));
        _queue.OnMessage(message =>
        {
            var taskId = (string?)message.Message;
            if (string.IsNullOrEmpty(taskId)) return;
            // A Beat from before the replaced channel carried a count publishes overlap cancelPrevious here too, and that
            // must leave a run asked for by hand alone: such a run is cancelled only once the task's record says it was
            // cancelled or deleted.
            var cancelled = running.Cancel(taskId, sparingByHand: true);
            if (cancelled > 0) LogCancelled(taskId, cancelled);
            if (running.AnyByHand(taskId)) _ = CancelByHandIfTaskStoppedAsync(taskId);
            WakeParked(run => run.TaskId == taskId, $"Task {taskId} was cancelled");
        });
        _replacedQueue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.TaskReplaced));
        _replacedQueue.OnMessage(message =>
        {
            if (ReplaceMessage.TryParse((string?)message.Message) is not var (taskId, replacedRuns, replacingRunId)) return;
            if (running.Replace(taskId, replacedRuns, replacingRunId) is var replaced and > 0) LogReplaced(taskId, replaced);
        });
        _stoppedQueue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.RunStopped));
        _stoppedQueue.OnMessage(message =>
        {
            // "runId\nwho": a run id never holds a line break.
            if ((string?)message.Message is not { } text || text.IndexOf('\n') is not (> 0 and var cut)) return;
            if (running.Stop(text[..cut], text[(cut + 1)..])) LogStopped(text[..cut], text[(cut + 1)..]);
            WakeParked(run => run.RunId == text[..cut], $"Run {text[..cut]} was stopped by {text[(cut + 1)..]}");
        });
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(SweepInterval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
            var taskIds = running.TaskIds;
            if (taskIds.Count == 0) continue;
            try
            {
                foreach (var (runId, by) in await store.StoppedRunsAsync([.. running.RunIds]))
                    if (running.Stop(runId, by)) LogStoppedBySweep(runId, by);
                foreach (var state in await store.CancelStatesAsync([.. taskIds]))
                {
                    if (state.Stopped && running.Cancel(state.TaskId) is var cancelled and > 0) LogCancelledBySweep(state.TaskId, cancelled);
                    else if (!state.Stopped && running.CancelReplaced(state.TaskId, state.ReplacedRuns, state.ReplacingRunId) is var replaced and > 0)
                        LogReplacedBySweep(state.TaskId, replaced);
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Redis away: the next sweep reads again (and so does every retry's claim).
            }
        }
    }

    private async Task CancelByHandIfTaskStoppedAsync(string taskId)
    {
        try
        {
            if (await store.CancelStatesAsync([taskId]) is [{ Stopped: true }] && running.Cancel(taskId) is var cancelled and > 0) LogCancelled(taskId, cancelled);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Redis away: the sweep reads the task again within SweepInterval.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var queue in new[] { _queue, _replacedQueue, _stoppedQueue }.OfType<ChannelMessageQueue>())
            await Runtime.Hosting.StopSteps.TryAsync(redis, () => queue.UnsubscribeAsync());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} was cancelled; stopping {Count} running attempt(s)")]
    private partial void LogCancelled(string taskId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: a newer run replaces it (overlap cancelPrevious); stopping {Count} running attempt(s)")]
    private partial void LogReplaced(string taskId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} was stopped by {By}; its task goes on")]
    private partial void LogStopped(string runId, string by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was stopped by {By} and the stop message did not arrive; stopping it")]
    private partial void LogStoppedBySweep(string runId, string by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} was cancelled or deleted and its cancel message did not arrive; stopping {Count} running attempt(s)")]
    private partial void LogCancelledBySweep(string taskId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: a newer run replaced {Count} running attempt(s) (overlap cancelPrevious) and the cancel message did not arrive; stopping them")]
    private partial void LogReplacedBySweep(string taskId, int count);
}
