using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Hosting;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Refuses to start when Redis cannot be reached, with one line saying where it looked (password masked) and, for the
/// mistakes with misleading symptoms (wrong credentials, Sentinel addresses without serviceName, a Redis older than
/// 6.2 whose first missing command would only fail a job later), what to fix. A Redis that would store task records
/// as hash tables gets a recommendation in the log (<see cref="HashEncodingAdvice"/>), not a refusal.
/// </summary>
internal sealed partial class RedisStartupCheck(IConnectionMultiplexer redis, IOptions<SchedulerRedisOptions> options, TimeProvider time,
    ILogger<RedisStartupCheck> logger) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var config = RedisConnection.Parse(options.Value.ConnectionString);
        var where = RedisConnection.Describe(options.Value.ConnectionString);
        var deadline = time.GetUtcNow() + Patience;
        Exception? last = null;
        while (time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (RedisConnection.IsBareSentinel(redis, config)) break;
                RefuseCluster(where);
                await redis.GetDatabase().PingAsync();
                await RequireCommandsAsync(where);
                await RequireOwnUserAsync(where, config);
                await AdviseOnEvictionAsync(where);
                if (HashEncodingAdvice.For(await HashEncodingAdvice.ProbeAsync(redis.GetDatabase(), $"{options.Value.KeyPrefix}startup-probe-hash")) is { } advice)
                    LogHashEncodingAdvice(advice);
                return;
            }
            catch (Exception e) when (RedisConnection.LooksLikeBareSentinel(e))
            {
                throw new StartupException(RedisConnection.SentinelWithoutServiceName(config));
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOPERM", StringComparison.Ordinal)
                                                 || e.Message.Contains("The user executing the script can't", StringComparison.Ordinal))
            {
                // Waiting does not grant a permission either.
                throw new StartupException($"Redis at {where} refused a command Scheduler needs ({e.Message.Trim()}): its ACL user needs "
                    + "every command on every key and channel, e.g. ACL SETUSER <user> on >password ~* &* +@all");
            }
            catch (Exception e) when (RedisConnection.TlsFailure(e) is { } tls)
            {
                throw new StartupException(RedisConnection.TlsRefused(where, tls));
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
        if (RedisConnection.TlsFailure(last) is { } handshake) throw new StartupException(RedisConnection.TlsRefused(where, handshake));
        throw new StartupException(RedisConnection.IsAuthFailure(last)
            ? RedisConnection.CredentialsRefused(where)
            : $"cannot reach Redis at {where} ({last?.GetType().Name ?? "timeout"}); start redis-server or set {SchedulerRedisOptions.EnvironmentVariable} / {SchedulerRedisOptions.Section}:ConnectionString");
    }

    // GETDEL (locks) and XTRIM MINID (the audit trail) came with Redis 6.2; an older server, or one with the command
    // renamed away, would accept the connection and fail the first lock of the first job. Probing the command itself
    // also works where an ACL hides INFO (and the version StackExchange.Redis guesses from it).
    private async Task RequireCommandsAsync(string where)
    {
        try
        {
            await redis.GetDatabase().ExecuteAsync("GETDEL", $"{options.Value.KeyPrefix}startup-probe");
            // Channels too, as the scripts publish them: Redis 7 gives a new ACL user none (acl-pubsub-default resetchannels),
            // and a script refused its PUBLISH half-way keeps what it wrote before (a task stored, its caller told it failed).
            await redis.GetDatabase().PublishAsync(RedisChannel.Literal($"{options.Value.KeyPrefix}startup-probe"), "");
        }
        catch (RedisServerException e) when (e.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase))
        {
            var version = redis.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica)?.Version;
            throw new StartupException(
                $"Redis at {where}{(version is null ? "" : $" (reports version {version})")} does not know GETDEL: Scheduler needs Redis 6.2 or " +
                "later with GETDEL and XTRIM enabled (not renamed by rename-command); upgrade redis-server or point " +
                $"{SchedulerRedisOptions.EnvironmentVariable} at one");
        }
    }

    // With the default user on and without a password, Redis lets a wrong password in as "default" (../shared/NOTES.md):
    // the component would run under other rights than the ones set for its user, or stop at the first refusal.
    private async Task RequireOwnUserAsync(string where, ConfigurationOptions config)
    {
        if (string.IsNullOrEmpty(config.User)) return;
        string? me;
        try { me = (string?)await redis.GetDatabase().ExecuteAsync("ACL", "WHOAMI"); }
        catch (Exception e) when (e is RedisServerException or RedisCommandException) { return; } // WHOAMI refused: nothing to compare
        if (me is not null && me != config.User)
            throw new StartupException($"Redis at {where} took the connection as user \"{me}\", not \"{config.User}\": its password was refused and Redis let "
                + $"the connection in as \"{me}\" (on with no password). Check password=, and turn that user off (ACL SETUSER {me} off)");
    }

    // Scheduler's scripts name keys built inside them, across hash slots: on a Cluster each would fail with CROSSSLOT
    // at its first use, long after a start that looked fine.
    private void RefuseCluster(string where)
    {
        if (redis.GetServers().Any(s => s.IsConnected && s.ServerType == ServerType.Cluster))
            throw new StartupException($"Redis at {where} is a Redis Cluster node: Scheduler needs one primary (alone, or with replicas behind "
                + "Sentinel: add serviceName=<master name>), as its scripts touch keys of several hash slots together");
    }

    // A Redis that evicts keys under memory pressure drops what a job system may not lose: locks and run ledgers (they
    // have an expiry, so volatile-* policies take them first), or with allkeys-* the due index itself. Said loudly at
    // start rather than refused: a development Redis may not care, and INFO may be closed to the ACL user.
    private async Task AdviseOnEvictionAsync(string where)
    {
        try
        {
            // Through a script: StackExchange.Redis keeps INFO for connections in admin mode, which Scheduler's are not.
            var memory = (string?)await redis.GetDatabase().ScriptEvaluateAsync("return redis.call('INFO', 'memory')") ?? "";
            var policy = memory.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("maxmemory_policy:", StringComparison.Ordinal));
            if (policy is not null && policy["maxmemory_policy:".Length..] is var name && name != "noeviction") LogEvictingPolicy(where, name);
        }
        catch (RedisServerException) { } // INFO refused (an ACL): nothing to say
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {Where} has maxmemory-policy {Policy}: under memory pressure it evicts keys Scheduler "
        + "needs (locks, run ledgers, the due index), and runs may be lost or run twice. Set maxmemory-policy noeviction (Redis then refuses "
        + "writes when full, which Scheduler retries) and give it the memory it needs")]
    private partial void LogEvictingPolicy(string where, string policy);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Advice}")]
    private partial void LogHashEncodingAdvice(string advice);
}
