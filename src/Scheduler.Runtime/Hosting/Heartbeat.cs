using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Runtime.Hosting;

/// <summary>Writes this process's heartbeat every few seconds so /health can tell which beats and workers are alive.</summary>
internal sealed partial class Heartbeat(
    IConnectionMultiplexer redis, RedisKeys keys, ProcessIdentity identity, RedisHealth health, TimeProvider time, ILogger<Heartbeat> logger,
    IEnumerable<IHeartbeatPayload> payloads, HeartbeatClock clock)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A heartbeat older than this is removed by any live process: a process that died without stopping (kill -9, a lost
    /// host) never removes its own, and every reader asks only for recent ones.
    /// </summary>
    public static readonly TimeSpan Forgotten = TimeSpan.FromHours(1);

    // About once a minute at the usual interval.
    private const int PruneEvery = 12;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var beat = 0; !stoppingToken.IsCancellationRequested; beat++)
        {
            try
            {
                // Payloads first: a process seen alive has already published them (a worker's capabilities).
                // A stop does not wait out a write Redis does not answer (the client's time-out, 5 s, per step).
                foreach (var payload in payloads) await payload.WriteAsync(CancellationToken.None).WaitAsync(stoppingToken);
                var now = await WriteAsync(redis.GetDatabase(), keys, identity, clock, time).WaitAsync(stoppingToken);
                if (beat % PruneEvery == 0)
                    await redis.GetDatabase().SortedSetRemoveRangeByScoreAsync(keys.Heartbeats, double.NegativeInfinity, (now - Forgotten).ToUnixTimeMilliseconds());
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                health.ReportTrouble();
                LogHeartbeatFailed(e.Message);
            }
            // A stop while Redis does not answer: the write is left to time out, or the host disposes the connection under it.
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && stoppingToken.IsCancellationRequested)
            {
                break;
            }
            try { await Task.Delay(clock.Interval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        // Not while Redis is away (the heartbeat lapses by itself), nor after a start that failed (a port in use) disposed
        // the connection while this loop wound down.
        await StopSteps.TryAsync(redis, async () =>
        {
            await redis.GetDatabase().SortedSetRemoveAsync(keys.Heartbeats, identity.Id);
            foreach (var payload in payloads) await payload.RemoveAsync();
        });
    }

    /// <summary>Writes this process's heartbeat now, stamped before the write, and notes it in <paramref name="clock"/>; returns the stamp.</summary>
    internal static async Task<DateTimeOffset> WriteAsync(IDatabase db, RedisKeys keys, ProcessIdentity identity, HeartbeatClock clock, TimeProvider time)
    {
        var stamp = time.GetTimestamp();
        var now = time.GetUtcNow();
        await db.SortedSetAddAsync(keys.Heartbeats, identity.Id, now.ToUnixTimeMilliseconds());
        clock.Written(stamp);
        return now;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat not written: {Reason}")]
    private partial void LogHeartbeatFailed(string reason);
}
