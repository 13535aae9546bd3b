using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling.Intervals;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.StartAt;

/// <summary>
/// Issue 21 §3 through real processes on real Redis: a first run at a chosen instant (option, English, CLI, REST
/// structured form), then every interval from that anchor as Beat fires it from its due index.
/// </summary>
public sealed class StartAtFlowTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_start_in_the_past_beyond_the_misfire_threshold_runs_at_once_then_every_interval_from_the_anchor()
    {
        await using var redis = await RedisTestContext.CreateAsync("startat-flow");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();
        var scheduledAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        // 25.3 s ago: past Beat's 10 s misfire threshold, and off the whole-second grid so an anchor at "now + period" would show.
        var startAt = scheduledAt.AddMilliseconds(-25_300);
        var period = TimeSpan.FromSeconds(3);

        var task = await client.ScheduleAsync(new NotificationTask("anchored"), "every 3s",
            new ScheduleOptions { StartAt = startAt, MaxRuns = 3, Overlap = OverlapPolicy.Allow });
        Assert.Equal(startAt, task.NextRunAt);
        Assert.Equal(startAt, task.Schedule.Anchor);

        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, Patience, "three runs, then completed");
        var dues = (await client.GetRunsAsync(task.Id)).Select(r => r.DueAt!.Value).Order().ToList();
        Assert.Equal(3, dues.Count);
        // runOnce: the missed start runs once (not the eight occurrences missed since), then the grid from the anchor.
        Assert.Equal(startAt, dues[0]);
        Assert.All(dues.Skip(1), due =>
        {
            Assert.True(due > scheduledAt, $"{due:O} is a missed occurrence, run although runOnce catches up only once");
            Assert.Equal(0, (due - startAt).Ticks % period.Ticks);
        });
        Assert.Equal(period, dues[2] - dues[1]);
    }

    [Fact]
    public async Task Every_2_seconds_starting_now_fires_its_first_run_at_the_scheduling_instant()
    {
        await using var redis = await RedisTestContext.CreateAsync("startat-now");
        await using var system = await InProcessSystem.StartAsync(redis);
        var client = redis.CreateClient();

        // Overlap allow: the second occurrence is due whether or not the first run has ended (on a loaded machine it had
        // not, and overlap skip, the default, moved the second run to the next occurrence).
        var task = await client.ScheduleAsync(new NotificationTask("now"), "every 2 seconds starting now",
            new ScheduleOptions { MaxRuns = 2, Overlap = OverlapPolicy.Allow });

        Assert.Equal(task.CreatedAt, task.NextRunAt);
        await Eventually.WaitAsync(() => client.GetAsync(task.Id), t => t!.Status == ScheduleStatus.Completed, Patience, "two runs");
        var dues = (await client.GetRunsAsync(task.Id)).Select(r => r.DueAt!.Value).Order().ToList();
        Assert.Equal([task.CreatedAt, task.CreatedAt.AddSeconds(2)], dues);
    }

    [Fact]
    public async Task Rest_takes_a_structured_schedule_and_a_startAt_option_and_refuses_both_spec_and_schedule()
    {
        await using var redis = await RedisTestContext.CreateAsync("startat-rest");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var http = dashboard.Http;
        static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

        var structured = await http.PostAsync("/api/tasks/monthly/schedule", Json("""
            {"task": {"type": "notification", "message": "m"},
             "schedule": {"intervalType": "months", "intervalValue": 1, "nextExecution": "2027-01-31T09:00:00Z"}}
            """));
        Assert.Equal(HttpStatusCode.Created, structured.StatusCode);
        var monthly = await structured.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2027-01-31T09:00:00.000000+00:00", monthly.GetProperty("nextRunAt").GetString());
        Assert.StartsWith("DTSTART:20270131T090000Z RRULE:FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", monthly.GetProperty("spec").GetString());

        var option = await http.PostAsync("/api/tasks/hourly/schedule", Json("""
            {"task": {"type": "notification", "message": "h"}, "spec": "every 2 hours", "options": {"startAt": "2027-03-01T09:00:00Z"}}
            """));
        Assert.Equal(HttpStatusCode.Created, option.StatusCode);
        Assert.Equal("2027-03-01T09:00:00.000000+00:00", (await option.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nextRunAt").GetString());

        var both = await http.PostAsync("/api/tasks/both/schedule", Json("""
            {"task": {"type": "notification", "message": "b"}, "spec": "every 2 hours", "schedule": {"intervalType": "hours"}}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("both \\\"spec\\\" and \\\"schedule\\\" are given", await both.Content.ReadAsStringAsync());

        var once = await http.PostAsync("/api/tasks/once/schedule", Json("""
            {"task": {"type": "notification", "message": "o"}, "spec": "in 1 hour", "options": {"startAt": "2027-03-01T09:00:00Z"}}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, once.StatusCode);
        Assert.Contains("startAt applies to recurring schedules", await once.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cli_start_at_sets_the_first_run_and_a_one_shot_instant_is_required()
    {
        await using var redis = await RedisTestContext.CreateAsync("startat-cli");
        Task<(int Code, string Out, string Err)> Run(params string[] args) => InProcessCli.RunAsync(redis, args);

        var ok = await Run("schedule", "notification", "every 10 minutes", "--message", "m", "--start-at", "2027-12-01T09:00", "--tz", "Europe/Berlin", "--json");
        Assert.True(ok.Code == ExitCodes.Ok, ok.Err);
        Assert.Equal("2027-12-01T08:00:00.000000+00:00", JsonDocument.Parse(ok.Out).RootElement.GetProperty("nextRunAt").GetString());

        var recurring = await Run("schedule", "notification", "every 10 minutes", "--message", "m", "--start-at", "every day");
        Assert.Equal(ExitCodes.BadInput, recurring.Code);
        Assert.Contains("--start-at \"every day\" is a recurring spec", recurring.Err);
    }

    [Fact]
    public async Task The_client_schedules_a_structured_hours_interval_anchored_at_its_next_execution()
    {
        await using var redis = await RedisTestContext.CreateAsync("startat-client");
        var client = redis.CreateClient();
        var next = new DateTimeOffset(2027, 5, 3, 7, 30, 0, TimeSpan.Zero);

        var task = await client.ScheduleAsync(new NotificationTask("s"), new IntervalSchedule { IntervalType = IntervalType.Hours, IntervalValue = 6, NextExecution = next });

        Assert.Equal(next, task.NextRunAt);
        Assert.Equal(next, task.Schedule.Anchor);
        Assert.Equal(next.AddHours(18), task.Schedule.NextAfter(next.AddHours(12)));
        Assert.Equal(next, task.Options.StartAt);
    }

    [Fact]
    public async Task A_new_spec_is_planned_from_now_dropping_a_first_run_chosen_for_the_old_one()
    {
        await using var redis = await RedisTestContext.CreateAsync("startat-reschedule");
        var client = redis.CreateClient();
        var startAt = DateTimeOffset.UtcNow.Date.AddDays(30);
        var task = await client.ScheduleAsync(new NotificationTask("x"), "every 1 hour", new ScheduleOptions { StartAt = startAt });
        Assert.Equal(startAt, task.NextRunAt);

        var rescheduled = await client.RescheduleAsync(task.Id, "every day at 10am");

        var tenAm = DateTimeOffset.UtcNow.Date.AddHours(10);
        Assert.Equal(tenAm > DateTimeOffset.UtcNow ? tenAm : tenAm.AddDays(1), rescheduled!.NextRunAt);
        Assert.Null(rescheduled.Options.StartAt);
        // An update that leaves the spec alone keeps the first run.
        var other = await client.ScheduleAsync(new NotificationTask("y"), "every 1 hour", new ScheduleOptions { StartAt = startAt });
        var kept = await client.UpdateAsync(other.Id, new TaskUpdate { Description = "still starts then" });
        Assert.Equal((startAt, (DateTimeOffset?)startAt), (kept!.NextRunAt!.Value, kept.Options.StartAt));
    }
}
