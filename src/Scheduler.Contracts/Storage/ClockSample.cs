using System.Globalization;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// One reading of Redis's clock (<c>TIME</c>) against this host's: Redis read its clock somewhere between the send and
/// the reply. The reading is taken as made at the reply, the latest it can have been, so the clock that follows it
/// (<see cref="RedisClock"/>) may run behind Redis's by up to the round trip, never ahead: an occurrence is never fired
/// before its instant on Redis's clock, only up to a round trip (well under a millisecond on a LAN) after it. The
/// shorter the round trip, the smaller that error.
/// </summary>
/// <param name="RedisTime">What <c>TIME</c> answered.</param>
/// <param name="SentAt">The host's clock when the command was sent.</param>
/// <param name="RoundTrip">From send to reply, on the host's monotonic clock.</param>
internal readonly record struct ClockSample(DateTimeOffset RedisTime, DateTimeOffset SentAt, TimeSpan RoundTrip)
{
    /// <summary>Redis's clock minus the host's (positive when the host's clock is behind Redis's), read as at the reply.</summary>
    public TimeSpan Offset => RedisTime - (SentAt + RoundTrip);

    /// <summary>The sample with the shortest round trip (the most precise), or null when there is none.</summary>
    public static ClockSample? Best(IEnumerable<ClockSample> samples) =>
        samples.Select(s => (ClockSample?)s).MinBy(s => s!.Value.RoundTrip);

    /// <summary>Asks Redis for its time once, timing the round trip on <paramref name="host"/>.</summary>
    public static Task<ClockSample> TakeAsync(IDatabaseAsync redis, TimeProvider host) => TakeAsync(() => redis.ExecuteAsync("TIME"), host);

    /// <summary>Times one call of <paramref name="askTime"/> (a <c>TIME</c> command) on <paramref name="host"/>.</summary>
    public static async Task<ClockSample> TakeAsync(Func<Task<RedisResult>> askTime, TimeProvider host)
    {
        var sentAt = host.GetUtcNow();
        var started = host.GetTimestamp();
        var reply = await askTime();
        var roundTrip = host.GetElapsedTime(started);
        return new ClockSample(Parse(reply), sentAt, roundTrip);
    }

    /// <summary>Reads <c>TIME</c>'s reply: seconds and microseconds since the epoch, as two strings.</summary>
    public static DateTimeOffset Parse(RedisResult reply)
    {
        var parts = (RedisResult[])reply!;
        var seconds = long.Parse((string)parts[0]!, CultureInfo.InvariantCulture);
        var micros = long.Parse((string)parts[1]!, CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10);
    }
}
