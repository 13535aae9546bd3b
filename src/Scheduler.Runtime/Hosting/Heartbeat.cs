using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Hosting;

/// <summary>Identity of this process as seen by others (health checks, run history).</summary>
public sealed class ProcessIdentity(string role)
{
    public string Role { get; } = role;
    public string Id { get; } = $"{role}:{Environment.MachineName.ToLowerInvariant()}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
}

/// <summary>Writes this process's heartbeat every few seconds so /health can tell which beats and workers are alive.</summary>
internal sealed partial class Heartbeat(IConnectionMultiplexer redis, RedisKeys keys, ProcessIdentity identity, TimeProvider time, ILogger<Heartbeat> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetDatabase().SortedSetAddAsync(keys.Heartbeats, identity.Id, time.GetUtcNow().ToUnixTimeMilliseconds());
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogHeartbeatFailed(e.Message);
            }
            try { await Task.Delay(Interval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        try { await redis.GetDatabase().SortedSetRemoveAsync(keys.Heartbeats, identity.Id); }
        catch (Exception e) when (e is RedisException or TimeoutException) { LogHeartbeatFailed(e.Message); }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat not written: {Reason}")]
    private partial void LogHeartbeatFailed(string reason);
}
