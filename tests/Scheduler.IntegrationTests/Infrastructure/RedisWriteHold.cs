using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// Redis holding every write (and script) for 3 s with CLIENT PAUSE, then running them in the order they came: a client
/// with a 300 ms time-out stops waiting for an answer (an async wait is timed out on the client's 1 s heartbeat, still
/// well inside the hold) while Redis runs the command after all. CLIENT PAUSE holds every client of the server: a
/// private Redis only.
/// </summary>
internal static class RedisWriteHold
{
    /// <summary>The connection string suffix of the client that stops waiting.</summary>
    public const string Impatient = ",syncTimeout=300,asyncTimeout=300";

    public static Task StartAsync(IConnectionMultiplexer admin) => admin.GetServers().Single().ExecuteAsync("CLIENT", "PAUSE", "3000", "WRITE");

    /// <summary>
    /// Returns once the hold is over and <paramref name="impatient"/>'s connection answers again: a write of another
    /// connection waits out the hold, and a ping on that connection answers only after what was sent before it ran.
    /// </summary>
    public static async Task OverAsync(IConnectionMultiplexer admin, IConnectionMultiplexer impatient)
    {
        await admin.GetDatabase().StringSetAsync("hold-over", "1");
        await Eventually.WaitAsync(async () =>
        {
            try { await impatient.GetDatabase().PingAsync(); return true; }
            catch (RedisTimeoutException) { return false; }
        }, TimeSpan.FromSeconds(10), "the impatient connection answering again");
    }
}
