namespace Scheduler.Runtime.Redis;

/// <summary>A job's state lock whose release a script of the job's next step carries (<see cref="StateLocksAhead.TakeRelease"/>).</summary>
/// <param name="Key">The lock's key.</param>
/// <param name="Owner">The owner value it was taken under: the script deletes it only while it is still that.</param>
internal sealed record RidingLockRelease(string Key, string Owner)
{
    /// <summary>The hold a lock found taken by another holder is put back with, as <see cref="HangfireRedisLock"/>'s release does.</summary>
    public static StackExchange.Redis.RedisValue HoldMilliseconds => HangfireRedisLock.HoldMilliseconds;

    /// <summary>
    /// Lua that releases the lock named by the script's <paramref name="key"/> (e.g. <c>KEYS[7]</c>) while it is still
    /// <paramref name="owner"/>'s, and puts one another holder has back with a full <paramref name="hold"/>, as
    /// <see cref="HangfireRedisLock"/>'s own release script does; nothing when the key is absent (no release carried).
    /// </summary>
    public static string Lua(string key, string owner, string hold) =>
        $"if {key} then\n  local holder = redis.call('GETDEL', {key})\n"
        + $"  if holder and holder ~= {owner} then redis.call('SET', {key}, holder, 'PX', {hold}) end\nend\n";
}
