using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Hosting;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Refuses to start when Redis cannot be reached, with one line saying where it looked (password masked) and, for the
/// mistakes with misleading symptoms (wrong credentials, Sentinel addresses without serviceName, and what
/// <see cref="RedisReadiness"/> checks, as the CLI does before each command), what to fix. A Redis that would store
/// task records as hash tables gets a recommendation in the log (<see cref="HashEncodingAdvice"/>), not a refusal.
/// </summary>
internal sealed partial class RedisStartupCheck(IConnectionMultiplexer redis, IOptions<SchedulerRedisOptions> options, TimeProvider time,
    IEnumerable<ReplicaWaitingComponent> waitingComponents, ILogger<RedisStartupCheck> logger) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var config = RedisConnection.Parse(options.Value.ConnectionString);
        var where = RedisConnection.Describe(options.Value.ConnectionString);
        // WAIT is required only of a process that sends it: Beat alone never does (README, Paying for durability).
        var acknowledgement = waitingComponents.Any() ? options.Value.ReplicaAcknowledgement : null;
        var deadline = time.GetUtcNow() + Patience;
        Exception? last = null;
        while (time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (RedisConnection.IsBareSentinel(redis, config)) break;
                await redis.GetDatabase().PingAsync();
                if (await RedisReadiness.CheckAsync(redis, config, where, options.Value.KeyPrefix, writes: true, acknowledgement) is { } policy)
                    LogEvictingPolicy(RedisReadiness.EvictionWarning(where, policy));
                if (HashEncodingAdvice.For(await HashEncodingAdvice.ProbeAsync(redis.GetDatabase(), $"{options.Value.KeyPrefix}startup-probe-hash")) is { } advice)
                    LogHashEncodingAdvice(advice);
                await redis.GetDatabase().StringSetAsync(new RedisKeys(options.Value.KeyPrefix).HangfireStorage, options.Value.HangfirePrefix);
                return;
            }
            catch (Exception e) when (RedisConnection.LooksLikeBareSentinel(e))
            {
                throw new StartupException(RedisConnection.SentinelWithoutServiceName(config));
            }
            catch (RedisUnusableException e)
            {
                throw new StartupException(e.Message);
            }
            catch (RedisServerException e) when (RedisReadiness.IsPermissionRefusal(e))
            {
                // Waiting does not grant a permission either.
                throw new StartupException(RedisReadiness.PermissionRefused(where, e));
            }
            catch (Exception e) when (RedisConnection.TlsFailure(e) is { } tls)
            {
                throw new StartupException(RedisConnection.TlsRefused(where, tls, PrivateCaTrust.LastRefusal));
            }
            catch (Exception e) when (RedisConnection.IsAuthFailure(e))
            {
                // Waiting does not fix a wrong password.
                throw new StartupException(RedisConnection.CredentialsRefused(where));
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or RedisServerException)
            {
                last = e;
                await Task.Delay(RetryInterval, time, cancellationToken);
            }
        }
        if (RedisConnection.IsBareSentinel(redis, config)) throw new StartupException(RedisConnection.SentinelWithoutServiceName(config));
        if (!RedisConnection.IsAuthFailure(last)) last = await ProbeAsync() ?? last;
        if (RedisConnection.TlsFailure(last) is { } handshake) throw new StartupException(RedisConnection.TlsRefused(where, handshake, PrivateCaTrust.LastRefusal));
        throw new StartupException(RedisConnection.IsAuthFailure(last)
            ? RedisConnection.CredentialsRefused(where)
            : $"cannot reach Redis at {where} ({last?.GetType().Name ?? "timeout"}); start redis-server or set {SchedulerRedisOptions.EnvironmentVariable} / {SchedulerRedisOptions.Section}:ConnectionString");
    }

    // The shared connection retries in the background and its errors need not name the cause (on a busy machine a
    // refused AUTH can surface only as a timeout); one connection that gives up at its first failure does name it.
    private async Task<Exception?> ProbeAsync()
    {
        var probe = RedisConnection.Parse(options.Value.ConnectionString, options.Value.TlsCaCertificate);
        probe.AbortOnConnectFail = true;
        probe.ConnectRetry = 1;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(probe);
            await connection.GetDatabase().PingAsync();
            return null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return e;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private partial void LogEvictingPolicy(string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Advice}")]
    private partial void LogHashEncodingAdvice(string advice);
}
