using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Lifecycle;

/// <summary>
/// A new time zone (or startAfter) with the same spec keeps what the spec meant when it was given: its relative words
/// count from then, its times of day are read in the new zone. A new spec is read from now. The clock is set by hand
/// (Wednesday 2027-12-01 onwards) so that "tomorrow" and "friday" are known days; no Beat runs.
/// </summary>
public sealed class TimeZoneUpdateTests
{
    private static DateTimeOffset Dec(int day, int hour, int minute = 0) => new(2027, 12, day, hour, minute, 0, TimeSpan.Zero);

    private static ScheduleOptions Utc => new() { TimeZone = "UTC" };

    [Fact]
    public async Task A_new_zone_keeps_tomorrow_on_the_day_it_named_at_nine_in_the_new_zone()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-tomorrow");
        var time = new ManualTime(Dec(1, 10));
        var client = redis.CreateClient(time);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "tomorrow at 9am", Utc);
        Assert.Equal(Dec(2, 9), task.NextRunAt);

        // The next morning, before 9am: read from now, "tomorrow" would be Dec 3.
        time.Advance(TimeSpan.FromHours(21));
        var moved = await client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "America/New_York" });

        Assert.Equal(Dec(2, 14), moved!.NextRunAt); // Dec 2, 9am in New York (UTC-5)
        Assert.Equal((ScheduleKind.Once, "America/New_York"), (moved.Schedule.Kind, moved.Schedule.TimeZone));
        Assert.Equal(Dec(2, 14), (await client.GetAsync(task.Id))!.NextRunAt);
    }

    [Fact]
    public async Task A_new_zone_a_date_ahead_keeps_the_date_tomorrow_named_in_the_zone_it_was_given_in()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-calendar");
        // 23:30 on Dec 1 in UTC is already 08:30 on Dec 2 in Tokyo: "tomorrow" was said on Dec 1, so it is Dec 2.
        var time = new ManualTime(Dec(1, 23, 30));
        var client = redis.CreateClient(time);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "tomorrow at 9am", Utc);

        time.Advance(TimeSpan.FromMinutes(10));
        var moved = await client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "Asia/Tokyo" });

        Assert.Equal(Dec(2, 0), moved!.NextRunAt); // Dec 2, 9am in Tokyo (UTC+9), not Dec 3
    }

    [Fact]
    public async Task A_new_zone_keeps_the_friday_until_named_and_refuses_once_it_has_passed()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-until");
        var time = new ManualTime(Dec(1, 10)); // Wednesday: "until friday" is Dec 3
        var client = redis.CreateClient(time);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "every day at 9am until friday", Utc);

        // On that Friday before its run: read from now, "until friday" would be the Friday after (Dec 10).
        time.Advance(TimeSpan.FromHours(45)); // Friday Dec 3, 07:00
        var moved = await client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "Europe/Berlin" });
        Assert.Equal(Dec(3, 8), moved!.NextRunAt); // 9am in Berlin (UTC+1)
        Assert.Null(moved.Schedule.NextAfter(moved.NextRunAt!.Value)); // the last run: the end stays Friday Dec 3

        // Saturday: the Friday has passed, so the spec has nothing left; it is refused, not run on to Dec 10.
        time.Advance(TimeSpan.FromDays(1));
        var refused = await Assert.ThrowsAsync<InvalidTaskException>(() => client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "UTC" }));
        Assert.Contains("until friday", refused.Message);
        Assert.Contains("new spec", refused.Message);
        Assert.Equal("Europe/Berlin", (await client.GetAsync(task.Id))!.Schedule.TimeZone);
    }

    [Fact]
    public async Task A_new_zone_keeps_the_instant_of_in_two_hours()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-in-hours");
        var time = new ManualTime(Dec(1, 10));
        var client = redis.CreateClient(time);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "in 2 hours", Utc);

        time.Advance(TimeSpan.FromMinutes(30));
        var moved = await client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "Asia/Kolkata" });

        Assert.Equal(Dec(1, 12), moved!.NextRunAt);
        Assert.Equal("Asia/Kolkata", moved.Schedule.TimeZone);
    }

    [Fact]
    public async Task A_new_zone_or_start_after_on_a_one_shot_whose_time_has_passed_is_refused_not_moved_a_day()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-passed");
        var time = new ManualTime(Dec(1, 10));
        var client = redis.CreateClient(time);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "tomorrow at 9am", Utc);

        // Dec 2, 10:00: 9am in Berlin was 08:00 UTC. Read from now, it would jump to Dec 3.
        time.Advance(TimeSpan.FromDays(1));
        var refused = await Assert.ThrowsAsync<InvalidTaskException>(() => client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "Europe/Berlin" }));
        Assert.Contains("has passed", refused.Message);
        Assert.Contains("new spec", refused.Message);
        await Assert.ThrowsAsync<InvalidTaskException>(() => client.UpdateAsync(task.Id, new TaskUpdate { StartAfter = Dec(2, 12) }));
        var unchanged = await client.GetAsync(task.Id);
        Assert.Equal(("UTC", Dec(2, 9)), (unchanged!.Schedule.TimeZone, unchanged.NextRunAt));

        // A new spec with the zone is read from now, as ever.
        var given = await client.UpdateAsync(task.Id, new TaskUpdate { Spec = "tomorrow at 9am", TimeZone = "Europe/Berlin" });
        Assert.Equal(Dec(3, 8), given!.NextRunAt);
    }

    [Fact]
    public async Task A_new_spec_is_read_from_now_and_a_later_new_zone_counts_from_that_reading()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-new-spec");
        var time = new ManualTime(Dec(1, 10));
        var client = redis.CreateClient(time);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "tomorrow at 9am", Utc);

        time.Advance(TimeSpan.FromHours(21)); // Dec 2, 07:00
        var respecified = await client.UpdateAsync(task.Id, new TaskUpdate { Spec = "tomorrow at 9am" });
        Assert.Equal(Dec(3, 9), respecified!.NextRunAt); // the same text given again: tomorrow from now

        time.Advance(TimeSpan.FromDays(1)); // Dec 3, 07:00
        var moved = await client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "America/New_York" });
        Assert.Equal(Dec(3, 14), moved!.NextRunAt); // still Dec 3, the day the new spec named
    }

    [Fact]
    public async Task A_record_written_before_the_reading_was_stored_still_updates()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-old-record");
        var time = new ManualTime(Dec(1, 10));
        var client = redis.CreateClient(time);
        var untouched = await client.ScheduleAsync(new NotificationTask("hi"), "tomorrow at 9am", Utc);
        var paused = await client.ScheduleAsync(new NotificationTask("hi"), "tomorrow at 9am", Utc);
        await client.PauseAsync(paused.Id);
        await client.ResumeAsync(paused.Id);
        var db = redis.Redis.GetDatabase();
        var keys = new RedisKeys(redis.KeyPrefix);
        foreach (var id in new[] { untouched.Id, paused.Id })
            Assert.True(await db.HashDeleteAsync(keys.Task(id), ScheduleRecord.SpecRead));

        time.Advance(TimeSpan.FromHours(21)); // Dec 2, 07:00
        // Never changed since created: its spec was read at its creation time.
        var moved = await client.UpdateAsync(untouched.Id, new TaskUpdate { TimeZone = "America/New_York" });
        Assert.Equal(Dec(2, 14), moved!.NextRunAt);
        // Changed since (the change might have been a new spec): read from now, as before, and that reading is kept.
        var fallback = await client.UpdateAsync(paused.Id, new TaskUpdate { TimeZone = "America/New_York" });
        Assert.Equal(Dec(3, 14), fallback!.NextRunAt);
        Assert.StartsWith($"{time.GetUtcNow().ToUnixTimeMilliseconds()} ", (string?)await db.HashGetAsync(keys.Task(paused.Id), ScheduleRecord.SpecRead));
    }

    [Fact]
    public async Task A_reading_left_from_before_an_older_client_gave_a_new_spec_is_not_used()
    {
        await using var redis = await RedisTestContext.CreateAsync("tz-stale-reading");
        var time = new ManualTime(Dec(1, 10));
        var client = redis.CreateClient(time);
        var task = await client.ScheduleAsync(new NotificationTask("hi"), "tomorrow at 9am", Utc);
        // An older client's reschedule at 12:00 writes the spec and stamps the change, but not the reading.
        time.Advance(TimeSpan.FromHours(2));
        var (db, key) = (redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix).Task(task.Id));
        await db.HashSetAsync(key, [new(ScheduleRecord.Spec, "tomorrow at 10am"), new(ScheduleRecord.ChangedAt, time.GetUtcNow().ToUnixTimeMilliseconds())]);

        time.Advance(TimeSpan.FromHours(19)); // Dec 2, 07:00
        var moved = await client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "America/New_York" });

        // Read from now (the moment of that spec is unknown), not from the creation the reading was stored for.
        Assert.Equal(Dec(3, 15), moved!.NextRunAt);
        // ... and that reading is stored for this spec: a later change counts from it.
        Assert.StartsWith($"{time.GetUtcNow().ToUnixTimeMilliseconds()} ", (string?)await db.HashGetAsync(key, ScheduleRecord.SpecRead));
        time.Advance(TimeSpan.FromDays(1)); // Dec 3, 07:00
        var again = await client.UpdateAsync(task.Id, new TaskUpdate { TimeZone = "America/Chicago" });
        Assert.Equal(Dec(3, 16), again!.NextRunAt); // still Dec 3, 10am in Chicago (UTC-6)
    }
}
