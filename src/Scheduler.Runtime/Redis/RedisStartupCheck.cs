using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scheduler.Runtime.Hosting;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>Refuses to start when Redis cannot be reached, with one line saying where it looked.</summary>
internal sealed class RedisStartupCheck(IConnectionMultiplexer redis, IOptions<SchedulerRedisOptions> options) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        Exception? last = null;
        while (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return;
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                last = e;
                await Task.Delay(250, cancellationToken);
            }
        }
        throw new StartupException(
            $"cannot reach Redis at \"{options.Value.ConnectionString}\" ({last?.GetType().Name ?? "timeout"}); start redis-server or set {SchedulerRedisOptions.EnvironmentVariable} / {SchedulerRedisOptions.Section}:ConnectionString");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
