using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Dashboard.Security;

/// <summary>
/// The login lockout (<see cref="LockoutOptions"/>) counted in Redis, so that every dashboard process on the same Redis
/// shares one count and one lock per address (behind a load balancer an attacker gets no more tries per dashboard) and
/// a restart forgets neither. While Redis cannot answer, failures are counted by this process alone
/// (<see cref="LoginLockout"/>), with a warning: a Redis outage must not turn the login into unlimited guessing. A Redis
/// that stalls costs a login at most <see cref="LockoutOptions.RedisTimeout"/>, not the client's timeout.
/// </summary>
internal sealed partial class SharedLoginLockout(IConnectionMultiplexer redis, RedisKeys keys, LoginLockout local, TimeProvider time,
    ILogger<SharedLoginLockout> logger)
{
    private const string LockedUntilField = "lockedUntil";

    // 1 while Redis could not answer the last lockout call, so an outage is logged once when it starts, not per request.
    private int _degraded;

    // The last call that outlived LockoutOptions.RedisTimeout. While it is unanswered Redis is stalled: later calls are
    // not sent (each would wait the bound again, and a login makes two), and it answering is what ends the stall.
    private Task? _unanswered;

    /// <summary>How long <paramref name="address"/> stays locked out; null when it is not (or lockout is off).</summary>
    public async Task<TimeSpan?> LockedForAsync(IPAddress? address, LockoutOptions settings)
    {
        if (!settings.Enabled) return null;
        // A lock this process counted while Redis was away still holds after Redis is back.
        var here = local.LockedFor(address, settings);
        RedisValue until;
        try { until = await BoundedAsync(() => redis.GetDatabase().HashGetAsync(keys.Lockout(AddressHash(address)), LockedUntilField), settings); }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unanswered(e);
            return here;
        }
        Answered();
        var left = long.TryParse(until.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) - time.GetUtcNow()
            : TimeSpan.Zero;
        if (left <= TimeSpan.Zero) return here;
        return here > left ? here : left;
    }

    /// <summary>Counts one wrong credential from <paramref name="address"/>; true when this one locked it out.</summary>
    public async Task<bool> FailedAsync(IPAddress? address, LockoutOptions settings)
    {
        if (!settings.Enabled) return false;
        RedisResult started;
        try
        {
            started = await BoundedAsync(() => redis.GetDatabase().ScriptEvaluateAsync(LockoutScripts.Fail, [keys.Lockout(AddressHash(address))],
                [time.GetUtcNow().ToUnixTimeMilliseconds(), settings.MaxFailures, (long)settings.Window.TotalMilliseconds,
                    (long)settings.Duration.TotalMilliseconds]), settings);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unanswered(e);
            return local.Failed(address, settings);
        }
        Answered();
        return (int)started == 1;
    }

    /// <summary>
    /// <paramref name="call"/>'s answer within <see cref="LockoutOptions.RedisTimeout"/>, or a <see cref="TimeoutException"/>
    /// (then the caller counts in memory): at once, without sending it, while an earlier call that outlived the bound
    /// is still unanswered.
    /// </summary>
    private async Task<T> BoundedAsync<T>(Func<Task<T>> call, LockoutOptions settings)
    {
        if (Volatile.Read(ref _unanswered) is { IsCompleted: false })
            throw new TimeoutException($"an earlier lockout call has had no answer for over {settings.RedisTimeout.TotalMilliseconds:0} ms");
        var pending = call();
        try
        {
            return await pending.WaitAsync(settings.RedisTimeout, time);
        }
        catch (TimeoutException) when (!pending.IsCompleted)
        {
            // Its late failure (the client's own timeout) is the outage already logged: observed here, not reported again.
            Scheduler.Runtime.Redis.TaskFaults.Observe(pending);
            Volatile.Write(ref _unanswered, pending);
            throw new TimeoutException($"no answer within {settings.RedisTimeout.TotalMilliseconds:0} ms");
        }
    }

    /// <summary>
    /// What an address is counted under in Redis: a hash of its <see cref="LoginLockout.Key"/> (IPv4, or IPv6 by its /64),
    /// so the keys do not list the addresses that tried.
    /// </summary>
    internal static string AddressHash(IPAddress? address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(LoginLockout.Key(address).ToString())).AsSpan(0, 16));

    private void Unanswered(Exception e)
    {
        if (Interlocked.Exchange(ref _degraded, 1) == 0) LogRedisUnavailable(logger, e.Message.Split('\n')[0]);
    }

    private void Answered()
    {
        if (Interlocked.Exchange(ref _degraded, 0) == 1) LogRedisBack(logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The login lockout cannot reach Redis ({Error}): wrong credentials are counted by this dashboard "
        + "process alone until it can, so each dashboard allows its own MaxFailures tries per address meanwhile")]
    private static partial void LogRedisUnavailable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The login lockout reaches Redis again: wrong credentials are counted across every dashboard")]
    private static partial void LogRedisBack(ILogger logger);
}
