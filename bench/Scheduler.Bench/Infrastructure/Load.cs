using StackExchange.Redis;

namespace Scheduler.Bench.Infrastructure;

/// <summary>Drives a number of operations from a number of parallel callers, and waits for counters cheaply.</summary>
internal static class Load
{
    /// <summary>Runs <paramref name="operation"/> for indexes 0..count-1 from <paramref name="callers"/> concurrent loops.</summary>
    public static Task RunAsync(int count, int callers, Func<int, Task> operation, CancellationToken cancellation)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                cancellation.ThrowIfCancellationRequested();
                await operation(i);
            }
        }, cancellation)));
    }

    /// <summary>
    /// Polls an integer key (one GET every <paramref name="interval"/>) until it reaches <paramref name="target"/>.
    /// Returns the number of GETs issued, so they can be left out of the command count.
    /// </summary>
    public static async Task<long> WaitForCounterAsync(IDatabase db, string key, long target, TimeSpan timeout,
        Func<string> diagnostics, CancellationToken cancellation, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        long polls = 0;
        while (true)
        {
            polls++;
            var value = (long?)await db.StringGetAsync(key) ?? 0;
            if (value >= target) return polls;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{key} reached {value} of {target} within {timeout.TotalSeconds:0} s\n{diagnostics()}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(10), cancellation);
        }
    }

    /// <summary>Generous completion timeout: a minute plus 20 ms a task (50 tasks/s).</summary>
    public static TimeSpan TimeoutFor(int tasks) => TimeSpan.FromSeconds(60 + tasks / 50.0);
}
