using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>How many times a Redis server ran each command (<c>INFO commandstats</c>; calls made inside scripts included).</summary>
public static class RedisCommandStats
{
    /// <summary>The calls of <paramref name="command"/> (lower case, e.g. <c>evalsha</c>) <paramref name="server"/> counted so far; 0 for none.</summary>
    public static long Calls(IServer server, string command) =>
        server.Info("commandstats").SelectMany(group => group)
            // "calls=3,usec=...".
            .Where(p => p.Key == $"cmdstat_{command}").Select(p => long.Parse(p.Value.Split(',')[0]["calls=".Length..])).SingleOrDefault();
}
