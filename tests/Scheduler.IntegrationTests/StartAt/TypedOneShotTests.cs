using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.StartAt;

/// <summary>
/// One-shots given as a <see cref="DateTimeOffset"/> or a delay, as Hangfire's <c>BackgroundJob.Schedule</c> takes them:
/// the instant kept to the millisecond, a delay counted from the call, and "now" (or a moment ago) run at once.
/// </summary>
public sealed class TypedOneShotTests
{
    [Fact]
    public async Task An_instant_a_delay_and_a_moment_ago_schedule_one_shots_at_that_instant_from_now_and_at_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("typed-once");
        var client = redis.CreateClient(verifyWorkers: false);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeMilliseconds()).ToOffset(TimeSpan.FromHours(2));

        var exact = await client.ScheduleAsync(new NotificationTask("at"), at);
        var before = DateTimeOffset.UtcNow;
        var delayed = await client.ScheduleAsync(new NotificationTask("in"), TimeSpan.FromMinutes(5));
        var after = DateTimeOffset.UtcNow;
        var atOnce = await client.ScheduleAsync(new NotificationTask("now"), DateTimeOffset.UtcNow.AddMilliseconds(-50));
        var zero = await client.ScheduleAsync(new NotificationTask("zero"), TimeSpan.Zero);

        Assert.Equal((ScheduleStatus.Scheduled, at), (exact.Status, exact.NextRunAt));
        Assert.InRange(delayed.NextRunAt!.Value, before.AddMinutes(5).AddMilliseconds(-1), after.AddMinutes(5));
        foreach (var once in new[] { atOnce, zero })
        {
            Assert.Equal(ScheduleStatus.Scheduled, once.Status);
            // Kept to the millisecond, as every instant is: "now" may read up to a millisecond before the clock was read.
            Assert.InRange(once.NextRunAt!.Value, before.AddMilliseconds(-1), DateTimeOffset.UtcNow);
        }
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ScheduleAsync(new NotificationTask("past"), TimeSpan.FromSeconds(-1)));
    }
}
