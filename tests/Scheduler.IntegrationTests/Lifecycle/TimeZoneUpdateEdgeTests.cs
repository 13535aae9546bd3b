using Scheduler.Contracts.Client;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>
/// The edges of reading a spec again for a new time zone or startAfter (<see cref="TimeZoneUpdateTests"/>): a zone id
/// with spaces, a zone this host does not know, an end that the options set, not the spec, and a debounced one-shot
/// whose run waits past its instant. The clock is set by hand; no Beat runs.
/// </summary>
public sealed class TimeZoneUpdateEdgeTests
{
    private static DateTimeOffset Dec(int day, int hour, int minute = 0) => new(2027, 12, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_spec_read_in_a_zone_whose_id_has_spaces_keeps_its_reading()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-spaces");
        var time = new ManualTime(Dec(1, 10));
        var client = redis.CreateClient(time);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "tomorrow at 9am", new ScheduleOptions { TimeZone = "Pacific Standard Time" });
        // A pause stamps a change: without its stored reading the update would count from now.
        await client.PauseAsync(task.Id);
        await client.ResumeAsync(task.Id);

        time.Advance(TimeSpan.FromHours(21)); // Dec 2, 07:00 UTC: Dec 2, 02:00 in New York
        var moved = await client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "America/New_York" });

        Assert.Equal(Dec(2, 14), moved!.NextRunAt); // Dec 2 (tomorrow on Dec 1 in Pacific time), 9am in New York
    }

    [Fact]
    public async Task A_reading_in_a_zone_this_host_does_not_know_counts_in_the_zone_asked_for()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-unknown-stored");
        var time = new ManualTime(Dec(1, 10));
        var client = redis.CreateClient(time);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "tomorrow at 9am", new ScheduleOptions { TimeZone = "UTC" });
        var (db, key) = (redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix).Task(task.Id));
        var reading = ((string?)await db.HashGetAsync(key, ScheduleRecord.SpecRead))!.Split(' ', 3);
        await db.HashSetAsync(key, ScheduleRecord.SpecRead, $"{reading[0]} {reading[1]} Mars/Olympus_Mons");

        time.Advance(TimeSpan.FromHours(21));
        var moved = await client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "America/New_York" });

        Assert.Equal(Dec(2, 14), moved!.NextRunAt);
    }

    [Fact]
    public async Task A_start_bound_past_the_end_bound_is_refused_naming_the_bounds_not_the_spec()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-bounds");
        var time = new ManualTime(Dec(1, 10));
        var client = redis.CreateClient(time);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "every day at 9am",
            new ScheduleOptions { TimeZone = "UTC", EndAt = Dec(10, 10) });
        time.Advance(TimeSpan.FromHours(1));

        var refused = await Assert.ThrowsAsync<InvalidTaskException>(() => client.UpdateAsync(task.Id, new TaskUpdate { StartAfter = Dec(10, 9, 30) }));

        Assert.Contains("has no occurrence between startAfter 2027-12-10T09:30:00Z and endAt 2027-12-10T10:00:00Z", refused.Message);
        Assert.DoesNotContain("read again", refused.Message);
    }

    [Fact]
    public async Task A_debounced_one_shot_waiting_past_its_instant_takes_a_new_zone_and_keeps_its_due_time()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-debounced");
        var time = new ManualTime(Dec(1, 10));
        var client = redis.CreateClient(time);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "in 1 second",
            new ScheduleOptions { TimeZone = "UTC", Debounce = new Debounce("digest", TimeSpan.FromMinutes(5)) });
        var due = (await client.GetAsync(task.Id))!.NextRunAt;
        Assert.True(due > Dec(1, 10, 1), $"debounced to {due}");

        time.Advance(TimeSpan.FromMinutes(1)); // past "in 1 second", before the debounce lets it run
        var moved = await client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "America/New_York" });

        Assert.Equal(due, moved!.NextRunAt);
        Assert.Equal("America/New_York", moved.Schedule.TimeZone);
    }

    [Fact]
    public async Task A_task_planned_in_one_clients_default_zone_keeps_it_when_another_client_reschedules_or_updates_it()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-other-client");
        var time = new ManualTime(Dec(1, 10));
        var berlin = new SchedulerClient(redis.Redis, new SchedulerClientOptions { KeyPrefix = redis.KeyPrefix, DefaultTimeZone = "Europe/Berlin", VerifyWorkers = false }, time);
        var utc = redis.CreateClient(time);
        var task = await berlin.ScheduleAsync(new NotificationTask("hi"), "every day at 9am");
        Assert.Equal(("Europe/Berlin", (string?)null), (task.Schedule.TimeZone, task.Options.TimeZone));

        var moved = await utc.RescheduleAsync(task.Id, "every day at 10am");
        Assert.Equal(("Europe/Berlin", Dec(2, 9)), (moved!.Schedule.TimeZone, moved.NextRunAt)); // 10am in Berlin (UTC+1)
        var later = await utc.UpdateAsync(task.Id, new TaskUpdate { StartAfter = Dec(3, 0) });
        Assert.Equal(("Europe/Berlin", Dec(3, 9)), (later!.Schedule.TimeZone, later.NextRunAt));
        // Named, a zone still moves it.
        var named = await utc.RescheduleAsync(task.Id, "every day at 10am", "UTC");
        Assert.Equal("UTC", named!.Schedule.TimeZone);
    }
}
