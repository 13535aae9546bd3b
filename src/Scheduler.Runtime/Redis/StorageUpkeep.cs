using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// The upkeep a Hangfire storage does on shared keys with every job, done here only when it is due. A counter with an
/// expiry of an hour or more (Hangfire's statistics: the per-day and per-hour counters, each increment with an EXPIRE)
/// has it refreshed at most once per <see cref="ExpiryRefreshInterval"/> by this process; a capped list (the succeeded
/// and deleted lists, trimmed to 500 after each push) is trimmed on every <see cref="TrimEvery"/>th push. Two calls and a
/// trim per job become one per minute and one per sixteen jobs; a counter expires at most that minute early, and a list
/// holds at most <see cref="TrimEvery"/> entries per process over its cap between trims. One instance per storage.
/// </summary>
internal sealed class StorageUpkeep(TimeProvider time)
{
    public static readonly TimeSpan ExpiryRefreshInterval = TimeSpan.FromMinutes(1);
    public const int TrimEvery = 16;
    private static readonly TimeSpan MinimumThrottledExpiry = TimeSpan.FromHours(1);

    private const int PruneAbove = 1_000;

    private readonly ConcurrentDictionary<string, long> _expiryRefreshedAt = new(StringComparer.Ordinal);

    // Pushes counted per capped list: Hangfire.Redis.StackExchange's succeeded and deleted state handlers' lists, and no
    // other (a user filter's trim runs every time). Fixed at construction, so read without a lock.
    private readonly Dictionary<string, StrongBox<int>> _cappedListPushes = new(StringComparer.Ordinal)
    {
        ["succeeded"] = new(),
        ["deleted"] = new(),
    };

    public StorageUpkeep() : this(TimeProvider.System) { }

    /// <summary>
    /// Whether a transaction incrementing <paramref name="key"/> should also refresh its expiry. A short expiry is always
    /// refreshed: such a key could expire inside the interval and come back from the next increment without one.
    /// </summary>
    public bool ExpiryDue(string key, TimeSpan expireIn) =>
        expireIn < MinimumThrottledExpiry || !_expiryRefreshedAt.TryGetValue(key, out var at) ||
        time.GetElapsedTime(at) >= ExpiryRefreshInterval;

    /// <summary>Called once a transaction that refreshed these keys' expiry has committed.</summary>
    public void ExpiryRefreshed(IEnumerable<string> keys)
    {
        var now = time.GetTimestamp();
        foreach (var key in keys) _expiryRefreshedAt[key] = now;
        // Hangfire's counter keys carry the day or hour: the stale ones are dropped rather than kept for ever.
        if (_expiryRefreshedAt.Count <= PruneAbove) return;
        foreach (var (key, at) in _expiryRefreshedAt)
        {
            if (time.GetElapsedTime(at, now) >= ExpiryRefreshInterval) _expiryRefreshedAt.TryRemove(key, out _);
        }
    }

    /// <summary>Whether this trim of <paramref name="key"/> should run: for a capped list the first and then every <see cref="TrimEvery"/>th.</summary>
    public bool TrimDue(string key)
    {
        if (!_cappedListPushes.TryGetValue(key, out var pushes)) return true;
        return (uint)Interlocked.Increment(ref pushes.Value) % TrimEvery == 1;
    }
}
