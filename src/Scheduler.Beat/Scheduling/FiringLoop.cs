using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Beat.Scheduling;

/// <summary>
/// Sleeps until the earliest due instant in the index (or until a client signals a change), claims what is due and
/// fires it. Claims are atomic in Redis, so any number of beats can run this loop side by side.
/// </summary>
internal sealed partial class FiringLoop(
    ScheduleStore store,
    RedisKeys keys,
    IConnectionMultiplexer redis,
    OccurrenceFirer firer,
    IOptions<BeatOptions> options,
    TimeProvider time,
    ILogger<FiringLoop> logger) : BackgroundService
{
    private CancellationTokenSource? _wake;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await SubscribeAsync();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.FireConcurrency, CancellationToken = stoppingToken };
        while (!stoppingToken.IsCancellationRequested)
        {
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            Volatile.Write(ref _wake, wake);
            try
            {
                var now = time.GetUtcNow();
                var claimed = await store.ClaimDueAsync(now, settings.ClaimBatchSize, settings.ClaimLease);
                var triggers = await store.ClaimTriggersAsync(now, settings.ClaimBatchSize, settings.ClaimLease);
                if (claimed.Count > 0 || triggers.Count > 0)
                {
                    await Parallel.ForEachAsync(claimed, parallel, async (id, _) => await FireSafelyAsync(id, firer.FireAsync));
                    await Parallel.ForEachAsync(triggers, parallel, async (member, _) => await FireSafelyAsync(member, firer.FireTriggerAsync));
                    if (claimed.Count == settings.ClaimBatchSize || triggers.Count == settings.ClaimBatchSize) continue;
                }
                var earliest = Min(await store.EarliestDueAsync(), await store.EarliestTriggerAsync());
                var wait = earliest is { } due ? due - time.GetUtcNow() : settings.MaxIdleWait;
                if (wait > settings.MaxIdleWait) wait = settings.MaxIdleWait;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, wake.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Woken by a schedule change: look at the index again.
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception e)
            {
                // Whatever fails here (Redis down, a timeout) must not end the loop: the process would stop firing.
                LogRoundFailed(e.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private async Task FireSafelyAsync(string id, Func<string, Task> fire)
    {
        try
        {
            await fire(id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The claim lease runs out and the occurrence is retried (by this or another beat).
            LogFireFailed(id, e.InnerException is { } inner ? $"{e.Message} {inner.GetType().Name}: {inner.Message}" : e.Message);
        }
    }

    private async Task SubscribeAsync()
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.ScheduleChanged), (_, _) =>
            {
                try { Volatile.Read(ref _wake)?.Cancel(); }
                catch (ObjectDisposedException) { }
            });
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Without the subscription new schedules are still seen within MaxIdleWait.
            LogRedisUnavailable(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable, retrying: {Reason}")]
    private partial void LogRedisUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Firing round failed (Redis unavailable?), retrying in a second: {Reason}")]
    private partial void LogRoundFailed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Firing task {TaskId} failed; it will be retried when its claim lapses: {Reason}")]
    private partial void LogFireFailed(string taskId, string reason);
}
