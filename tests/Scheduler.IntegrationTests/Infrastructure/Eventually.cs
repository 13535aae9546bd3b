namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>Polls a condition on real processes until it holds or a generous deadline passes.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> until, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        while (true)
        {
            last = await probe();
            if (until(last)) return last;
            if (DateTime.UtcNow > deadline) break;
            await Task.Delay(100);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}; last value: {Describe(last)}");
    }

    public static Task WaitAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        WaitAsync(probe, ok => ok, timeout, what);

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.ICollection c => $"{c.Count} item(s)",
        null => "null",
        _ => value.ToString() ?? "",
    };
}
