using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Runtime.Hosting;

/// <summary>Identity of this process as seen by others (health checks, run history).</summary>
public sealed class ProcessIdentity(string role)
{
    public string Role { get; } = role;
    public string Id { get; } = $"{role}:{Environment.MachineName.ToLowerInvariant()}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// The <see cref="Id"/> of the process running Hangfire server <paramref name="serverId"/>, or null when that server
    /// is not one of ours. Our servers are named after <see cref="Id"/>, and Hangfire 1.8 makes the server id
    /// "{name}:{pid}:{guid}" in lower case, so one of ours repeats its pid: "role:machine:pid:xxxxxx:pid:guid".
    /// </summary>
    public static string? OfHangfireServer(string? serverId)
    {
        var parts = serverId?.Split(':');
        return parts is [var role, var machine, var pid, var tag, var serverPid, var guid]
            && role.Length > 0 && machine.Length > 0 && tag.Length == 6 && pid == serverPid
            && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _) && Guid.TryParse(guid, out _)
            ? $"{role}:{machine}:{pid}:{tag}"
            : null;
    }
}

/// <summary>Writes this process's heartbeat every few seconds so /health can tell which beats and workers are alive.</summary>
internal sealed partial class Heartbeat(
    IConnectionMultiplexer redis, RedisKeys keys, ProcessIdentity identity, RedisHealth health, TimeProvider time, ILogger<Heartbeat> logger,
    IEnumerable<IHeartbeatPayload> payloads)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Payloads first: a process seen alive has already published them (a worker's capabilities).
                foreach (var payload in payloads) await payload.WriteAsync(CancellationToken.None);
                await redis.GetDatabase().SortedSetAddAsync(keys.Heartbeats, identity.Id, time.GetUtcNow().ToUnixTimeMilliseconds());
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                health.ReportTrouble();
                LogHeartbeatFailed(e.Message);
            }
            try { await Task.Delay(Interval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        try
        {
            await redis.GetDatabase().SortedSetRemoveAsync(keys.Heartbeats, identity.Id);
            foreach (var payload in payloads) await payload.RemoveAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException) { LogHeartbeatFailed(e.Message); }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat not written: {Reason}")]
    private partial void LogHeartbeatFailed(string reason);
}
