using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling.Intervals;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Tasks;

/// <summary>
/// A task scheduled without a name is called after its type and spec, in words that stay true: a relative one-shot keeps
/// the instant it meant beside its words, and a rule given as RFC 5545 text (a structured schedule's) is named as it reads.
/// </summary>
public sealed class DefaultNameTests
{
    [Fact]
    public async Task A_relative_one_shot_is_named_with_the_instant_it_meant()
    {
        await using var redis = await RedisTestContext.CreateAsync("default-name-once");
        var client = redis.CreateClient(verifyWorkers: false);

        var task = await client.ScheduleAsync(new NotificationTask("x"), "in 5 minutes");
        var exact = await client.ScheduleAsync(new NotificationTask("x"), "2030-01-15T09:00:00Z");
        var recurring = await client.ScheduleAsync(new NotificationTask("x"), "every day at 9am");

        Assert.Equal($"notification: in 5 minutes, {task.Schedule.Description}", task.Name);
        Assert.StartsWith("notification: in 5 minutes, once at ", task.Name);
        Assert.Equal("notification: 2030-01-15T09:00:00Z", exact.Name);
        Assert.Equal("notification: every day at 9am", recurring.Name);
    }

    [Fact]
    public async Task A_rule_given_as_rfc_5545_text_is_named_as_it_reads()
    {
        await using var redis = await RedisTestContext.CreateAsync("default-name-rule");
        var client = redis.CreateClient(verifyWorkers: false);

        var rule = await client.ScheduleAsync(new NotificationTask("x"), "DTSTART:20301208T030000Z RRULE:FREQ=WEEKLY;INTERVAL=2");
        var structured = await client.ScheduleAsync(new NotificationTask("x"),
            new IntervalSchedule { IntervalType = IntervalType.Weeks, IntervalValue = 2, NextExecution = DateTimeOffset.Parse("2030-12-08T03:00:00Z") });

        Assert.Equal("notification: every other week at 03:00, from 2030-12-08 03:00 (UTC)", rule.Name);
        Assert.StartsWith("notification: every other week", structured.Name);
        Assert.DoesNotContain("RRULE", structured.Name);
    }
}
