namespace Scheduler.Dashboard.Security;

/// <summary>The Lua that counts a wrong login in Redis, so that every dashboard process on the same Redis counts together.</summary>
internal static class LockoutScripts
{
    // KEYS: the address's lockout hash. ARGV: now ms, max failures, window ms, duration ms. The same rules as the
    // in-memory LoginLockout, in one step so that two dashboards counting the same address at once lose no failure.
    // A locked address is not counted (its credentials are not even checked); the failure that reaches the limit
    // starts the lock and a fresh count. The hash expires when its window or its lock ends, whichever is later, so an
    // address that stops trying leaves nothing behind. Returns 1 when this failure started the lock, else 0.
    public const string Fail = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[3])
        local state = redis.call('HMGET', KEYS[1], 'failures', 'windowStart', 'lockedUntil')
        local failures = tonumber(state[1]) or 0
        local windowStart = tonumber(state[2]) or now
        if (tonumber(state[3]) or 0) > now then return 0 end
        if failures == 0 or now - windowStart >= window then
          windowStart = now
          failures = 0
        end
        failures = failures + 1
        if failures < tonumber(ARGV[2]) then
          redis.call('HSET', KEYS[1], 'failures', failures, 'windowStart', string.format('%d', windowStart), 'lockedUntil', '0')
          redis.call('PEXPIRE', KEYS[1], math.max(1, windowStart + window - now))
          return 0
        end
        local duration = tonumber(ARGV[4])
        redis.call('HSET', KEYS[1], 'failures', '0', 'windowStart', ARGV[1], 'lockedUntil', string.format('%d', now + duration))
        redis.call('PEXPIRE', KEYS[1], duration)
        return 1
        """;
}
