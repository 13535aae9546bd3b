using StackExchange.Redis;

namespace Scheduler.Runtime.Hosting;

/// <summary>
/// The Redis steps of a process's stop that nothing depends on (unsubscribing, taking back what it advertised): Beat and
/// the other processes judge a process gone by its heartbeat either way. None is tried while the connection is down, and
/// each waits at most <see cref="Bound"/>: a worker stopped during a Redis outage took 44 s to exit, one client time-out
/// after another, and ended "with an error" when an unsubscribe timed out.
/// </summary>
internal static class StopSteps
{
    /// <summary>How long one step may wait for Redis.</summary>
    internal static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    /// <summary>Runs <paramref name="step"/> unless Redis is away; false when it was not run or did not finish in time.</summary>
    public static async Task<bool> TryAsync(IConnectionMultiplexer redis, Func<Task> step)
    {
        if (!redis.IsConnected) return false;
        try
        {
            await step().WaitAsync(Bound);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException) { return false; }
    }
}
