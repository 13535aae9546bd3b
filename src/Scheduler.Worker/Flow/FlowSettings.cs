namespace Scheduler.Worker.Flow;

/// <summary>The flow gate's timings.</summary>
internal static class FlowSettings
{
    /// <summary>A slot's lease: renewed every third of it while its run goes on; a dead worker's slot frees when it ends.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>A waiter not seen this long (its job was deleted, its worker died) no longer holds its place.</summary>
    public static readonly TimeSpan StaleWaiter = TimeSpan.FromMinutes(3);

    /// <summary>A rate wait this short is waited out on the thread rather than parked (Hangfire's delays have whole seconds).</summary>
    public static readonly TimeSpan ShortWait = TimeSpan.FromSeconds(2);

    /// <summary>Added to a rate wait: Redis and this process may disagree by a few milliseconds about "now".</summary>
    public static readonly TimeSpan RateSlack = TimeSpan.FromMilliseconds(5);

    /// <summary>Without a Hangfire job to park (a direct call), how often a run waiting for a slot looks again.</summary>
    public static readonly TimeSpan LocalPoll = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan ReleaseBound = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a parked run waiting for a slot sleeps if nobody wakes it (a lease ran out): 10 s, longer far back in
    /// the line (whose turn cannot come soon), at most 60 s, well within <see cref="StaleWaiter"/>.
    /// </summary>
    public static TimeSpan BackStop(int ahead) => TimeSpan.FromSeconds(Math.Min(60, 10 + ahead / 2));
}
