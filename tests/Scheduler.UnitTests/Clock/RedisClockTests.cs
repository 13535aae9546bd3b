using Microsoft.Extensions.Time.Testing;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Clock;
using StackExchange.Redis;

namespace Scheduler.UnitTests.Clock;

/// <summary>
/// Measuring a host clock against Redis's TIME and following it, on a fake host clock: the round trip is "spent" by
/// advancing the fake clock inside the fake TIME call, so nothing here waits on real time.
/// </summary>
public sealed class RedisClockTests
{
    private static readonly DateTimeOffset HostStart = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    // TIME's reply for instant `at`: seconds and microseconds since the epoch, as strings.
    private static RedisResult TimeReply(DateTimeOffset at)
    {
        var micros = (at - DateTimeOffset.UnixEpoch).Ticks / 10;
        return RedisResult.Create([(RedisValue)(micros / 1_000_000).ToString(), (RedisValue)(micros % 1_000_000).ToString()]);
    }

    // A Redis whose clock runs `redisAhead` ahead of the fake host's, reading it `readAfter` into a `roundTrip`.
    private static Func<Task<RedisResult>> Redis(FakeTimeProvider host, TimeSpan redisAhead, TimeSpan roundTrip, TimeSpan readAfter) => () =>
    {
        host.Advance(readAfter);
        var reply = TimeReply(host.GetUtcNow() + redisAhead);
        host.Advance(roundTrip - readAfter);
        return Task.FromResult(reply);
    };

    [Fact]
    public async Task The_offset_reads_redis_time_as_at_the_reply_so_the_clock_is_never_ahead_of_redis()
    {
        // Redis 5 s ahead, reading its clock 20 ms into a 40 ms round trip: the reading counts as made at the reply, so
        // the offset is 20 ms short of the true 5 s (late by at most a round trip), never over it (which would fire early).
        var host = new FakeTimeProvider(HostStart);
        var sample = await ClockSample.TakeAsync(Redis(host, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(20)), host);

        Assert.Equal(TimeSpan.FromMilliseconds(40), sample.RoundTrip);
        Assert.Equal(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(20), sample.Offset);

        // Read at the very end of the round trip (the latest Redis can), the offset is exact; at its start, a round trip short.
        var atReply = await ClockSample.TakeAsync(Redis(host, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(40)), host);
        Assert.Equal(TimeSpan.FromSeconds(5), atReply.Offset);
        var atSend = await ClockSample.TakeAsync(Redis(host, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(40), TimeSpan.Zero), host);
        Assert.Equal(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(40), atSend.Offset);
    }

    [Fact]
    public async Task Of_several_samples_the_one_with_the_shortest_round_trip_is_kept()
    {
        var host = new FakeTimeProvider(HostStart);
        var ahead = TimeSpan.FromSeconds(-3);
        // A slow round trip read at its very start errs by all of it (200 ms); the short one errs by 2 ms at most.
        var slow = await ClockSample.TakeAsync(Redis(host, ahead, TimeSpan.FromMilliseconds(200), TimeSpan.Zero), host);
        var quick = await ClockSample.TakeAsync(Redis(host, ahead, TimeSpan.FromMilliseconds(2), TimeSpan.Zero), host);
        var middling = await ClockSample.TakeAsync(Redis(host, ahead, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50)), host);

        var best = ClockSample.Best([slow, quick, middling]);

        Assert.Equal(quick, best);
        Assert.True((best!.Value.Offset - ahead).Duration() <= TimeSpan.FromMilliseconds(2), $"measured {best.Value.Offset}");
        Assert.Null(ClockSample.Best([]));
    }

    [Fact]
    public async Task The_clock_tells_redis_time_but_its_timers_and_timestamps_are_the_hosts()
    {
        var host = new FakeTimeProvider(HostStart);
        var clock = new RedisClock(host);
        Assert.Equal(HostStart, clock.GetUtcNow());
        Assert.False(clock.Measured);

        // Redis reads its clock as the reply leaves (10 ms into a 10 ms round trip): the offset measured is exact.
        clock.Follow(await ClockSample.TakeAsync(Redis(host, TimeSpan.FromSeconds(-4.1), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)), host));

        Assert.True(clock.Measured);
        Assert.Equal(host.GetUtcNow() - TimeSpan.FromSeconds(4.1), clock.GetUtcNow());
        Assert.Equal(host.GetTimestamp(), clock.GetTimestamp());
        // A delay on the clock lasts what it says on the host's: durations are not skewed.
        var delay = Task.Delay(TimeSpan.FromSeconds(1), clock);
        host.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(delay.IsCompleted);
        host.Advance(TimeSpan.FromMilliseconds(1));
        await delay;
    }

    [Fact]
    public void A_skew_is_reported_once_again_when_it_changes_and_once_when_it_is_gone()
    {
        var report = new ClockSkewReport(TimeSpan.FromSeconds(1));
        var verdicts = new[] { 0.2, -4.1, -4.1, -4.3, -6.0, -6.2, 0.1, 0.1, 3.0 }
            .Select(seconds => report.Judge(TimeSpan.FromSeconds(seconds))).ToList();

        Assert.Equal([
            ClockSkewReport.Verdict.Quiet, ClockSkewReport.Verdict.Off, ClockSkewReport.Verdict.Quiet, ClockSkewReport.Verdict.Quiet,
            ClockSkewReport.Verdict.Off, ClockSkewReport.Verdict.Quiet, ClockSkewReport.Verdict.BackInStep, ClockSkewReport.Verdict.Quiet,
            ClockSkewReport.Verdict.Off,
        ], verdicts);
    }

    [Theory]
    [InlineData(4100, "4.1 s ahead of Redis's")]
    [InlineData(-250, "250 ms behind Redis's")]
    public void A_skew_reads_as_an_operator_would_say_it(double aheadMs, string said) =>
        Assert.Equal(said, ClockOffsets.Describe(TimeSpan.FromMilliseconds(aheadMs)));
}
