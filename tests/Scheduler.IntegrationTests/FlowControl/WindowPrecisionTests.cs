using Scheduler.Contracts.Client;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.FlowControl;

/// <summary>Windows given with sub-millisecond ticks are stored as the whole milliseconds they apply in.</summary>
public sealed class WindowPrecisionTests
{
    // 1 s and half a millisecond: what "00:00:01.0005" reads as. Windows apply in whole milliseconds (TTLs, Unix ms).
    private static readonly TimeSpan Fine = TimeSpan.FromTicks(10_005_000);

    [Fact]
    public async Task Idempotency_jitter_and_rate_windows_with_sub_millisecond_ticks_are_stored_cut_to_the_milliseconds_they_apply_in()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-window-ticks");
        var client = redis.CreateClient();
        var options = new ScheduleOptions
        {
            IdempotencyKey = "nightly-digest", IdempotencyWindow = Fine, Jitter = Fine, RateLimit = new RateLimit("digest", 2, Fine),
        };

        var created = await client.ScheduleWithResultAsync(new NotificationTask("digest"), "every 10s", options);
        var again = await client.ScheduleWithResultAsync(new NotificationTask("digest"), "every 10s", options);
        var stored = await client.GetAsync(created.Task.Id);

        Assert.Equal(ScheduleOutcome.AlreadyScheduled, again.Outcome);
        foreach (var task in new[] { created.Task, again.Task, stored! })
            Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
                (task.Options.IdempotencyWindow, task.Options.Jitter, task.Options.RateLimit!.Per));
    }

    [Fact]
    public async Task A_jitter_or_rate_window_with_sub_millisecond_ticks_given_in_an_update_is_stored_cut_to_whole_milliseconds()
    {
        await using var redis = await RedisTestContext.CreateAsync("flow-window-ticks-update");
        var client = redis.CreateClient();
        var task = await client.ScheduleAsync(new NotificationTask("digest"), "every 10s");

        var updated = await client.UpdateAsync(task.Id, new TaskUpdate { Jitter = Fine, RateLimit = new RateLimit("digest", 2, Fine) });
        var stored = await client.GetAsync(task.Id);

        foreach (var t in new[] { updated!, stored! })
            Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), (t.Options.Jitter, t.Options.RateLimit!.Per));
    }
}
