namespace Scheduler.Dashboard.Security;

/// <summary>
/// How many wrong credentials (basic auth or API key) a client address may send before it is locked out for a while.
/// Bound from <c>Scheduler:Dashboard:Access:Lockout</c>; on by default, since the dashboard can run shell commands and
/// a script would otherwise try passwords as fast as the network allows.
/// </summary>
public sealed class LockoutOptions
{
    /// <summary>Lock out an address after <see cref="MaxFailures"/> wrong credentials within <see cref="Window"/> (on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Wrong credentials an address may send within <see cref="Window"/>; the one that reaches it starts the lock.</summary>
    public int MaxFailures { get; set; } = 10;

    /// <summary>How long failures count, from an address's first failure after its last reset.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a locked-out address gets 429 (with Retry-After) without its credentials being checked.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a login waits for Redis's count before counting in this process's memory instead: a stalled Redis would
    /// otherwise hold every login for the Redis client's own timeout (5 s). While the call that outlived it has not been
    /// answered, later logins count in memory at once.
    /// </summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(300);
}
