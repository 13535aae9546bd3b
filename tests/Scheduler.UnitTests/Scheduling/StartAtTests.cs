using Scheduler.Beat.Firing;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Scheduling.Intervals;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// A first run at a chosen instant (issue 21 §3): the English "starting …" clause and the startAt option anchor an
/// interval there, so every later run is start + k × interval; Beat's misfire and bound handling keep that grid.
/// </summary>
public sealed class StartAtTests
{
    private static readonly BeatOptions Beat = new() { MisfireThreshold = TimeSpan.FromSeconds(10), CatchUpWindow = TimeSpan.FromHours(1) };

    [Fact]
    public void Every_15_minutes_starting_now_runs_first_now_then_every_15_minutes()
    {
        var parsed = ScheduleParser.Parse("every 15 minutes starting now", Options());
        Assert.Equal(Now, parsed.Anchor);
        Assert.Equal(Now, parsed.NextFrom(Now));
        Occurrences(parsed, ["2026-03-07T12:15:00", "2026-03-07T12:30:00"]);
    }

    [Fact]
    public void Starting_an_ISO_date_time_reads_it_in_the_zone_and_keeps_the_grid_from_a_past_start()
    {
        var parsed = ScheduleParser.Parse("every 10 minutes starting 2026-03-01T09:05", Options("Europe/Berlin"));
        Assert.Equal(Instant("2026-03-01T08:05:00"), parsed.Anchor);
        Occurrences(parsed, ["2026-03-07T12:05:00", "2026-03-07T12:15:00"]);
    }

    [Fact]
    public void Starting_at_a_time_of_day_is_today_s_time_or_the_next_step_counted_from_it()
    {
        Assert.Equal(Instant("2026-03-07T15:00:00"), ScheduleParser.Parse("every 5 hours starting at 3pm", Options()).Anchor);
        Assert.Equal(Instant("2026-03-07T14:00:00"), ScheduleParser.Parse("every 5 hours starting at 9am", Options()).Anchor);
    }

    [Theory]
    [InlineData("every 2 hours starting today at 9am", "2026-03-07T09:00:00", "2026-03-07T13:00:00")]
    [InlineData("every 2 hours starting tomorrow at 8:30", "2026-03-08T08:30:00", "2026-03-08T08:30:00")]
    [InlineData("every 10 minutes starting dec 1 at 9:00", "2026-12-01T09:00:00", "2026-12-01T09:00:00")]
    [InlineData("every 12 hours starting 2026-02-01", "2026-02-01T00:00:00", "2026-03-08T00:00:00")]
    public void Starting_a_day_anchors_the_interval_at_that_instant(string spec, string anchor, string nextAfterNow)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        Assert.Equal(Instant(anchor), parsed.Anchor);
        Assert.Equal(Instant(nextAfterNow), parsed.NextAfter(Now));
    }

    [Theory]
    [InlineData("every day at 9am starting now", "sets where an exact interval starts")]
    [InlineData("every 10 minutes starting now starting now", "has two starts")]
    [InlineData("every 10 minutes starting whenever", "\"starting now\"")]
    public void A_start_that_cannot_apply_is_refused_saying_what_is_accepted(string spec, string expected)
    {
        Assert.Contains(expected, Rejects(spec).Message);
    }

    [Fact]
    public void StartAt_option_reanchors_an_interval_so_runs_are_start_plus_k_intervals()
    {
        var start = Now.AddMinutes(-25);
        var parsed = StartAnchor.Apply(ScheduleParser.Parse("every 10 minutes", Options()), start, "every 10 minutes");
        Assert.Equal(start, parsed.Anchor);
        Assert.Equal(Now.AddMinutes(5), parsed.NextAfter(Now));
        Assert.Contains("starting 2026-03-07 11:35", parsed.Description);
    }

    [Fact]
    public void A_past_startAt_is_the_first_due_when_scheduling_but_not_when_changing_a_schedule()
    {
        var start = Now.AddMinutes(-25);
        var parsed = StartAnchor.Apply(ScheduleParser.Parse("every 10 minutes", Options()), start, "every 10 minutes");
        Assert.Equal(start, StartAnchor.FirstRun(parsed, start, Now, Now, catchUp: true));
        Assert.Null(StartAnchor.FirstRun(parsed, start, Now, Now, catchUp: false));
        Assert.Equal(Now.AddHours(1), StartAnchor.FirstRun(parsed, Now.AddHours(1), Now, Now, catchUp: false));
    }

    [Fact]
    public void A_default_interval_fixes_no_first_run_but_a_past_starting_clause_does()
    {
        Assert.Null(StartAnchor.FirstRun(ScheduleParser.Parse("every 10 minutes", Options()), null, Now, Now, catchUp: true));
        var past = ScheduleParser.Parse("every 10 minutes starting today at 11:00", Options());
        Assert.Equal(Instant("2026-03-07T11:00:00"), StartAnchor.FirstRun(past, null, Now, Now, catchUp: true));
        Assert.Null(StartAnchor.FirstRun(past, null, Now, Now.AddHours(1), catchUp: true));
    }

    [Fact]
    public void StartAt_with_a_one_shot_spec_is_refused()
    {
        var error = Assert.Throws<ScheduleSpecException>(() =>
            StartAnchor.Apply(ScheduleParser.Parse("in 5 minutes", Options()), Now, "in 5 minutes"));
        Assert.StartsWith("startAt applies to recurring schedules; \"in 5 minutes\" runs once", error.Message);
    }

    [Fact]
    public void A_cron_schedule_keeps_its_occurrences_after_a_startAt()
    {
        var cron = ScheduleParser.Parse("cron:0 * * * *", Options());
        Assert.Same(cron, StartAnchor.Apply(cron, Now.AddMinutes(7), "cron:0 * * * *"));
        Assert.Equal(Now.AddMinutes(7), StartAnchor.FirstRun(cron, Now.AddMinutes(7), Now, Now, catchUp: true));
    }

    [Fact]
    public void Beat_runs_a_start_missed_by_more_than_the_threshold_once_then_returns_to_the_anchor_grid()
    {
        var start = Now.AddSeconds(-20);
        var schedule = StartAnchor.Apply(ScheduleParser.Parse("every 4s", Options()), start, "every 4s");
        var plan = FirePlanner.Plan(new FireInput(schedule, new ScheduleOptions { StartAt = start }, ScheduleStatus.Scheduled, start, Now.AddMilliseconds(3), 0), Beat, () => 0);
        Assert.True(plan.Fire);
        Assert.Equal(Now.AddSeconds(4), plan.Next);
        Assert.Equal(0, (plan.Next!.Value - start).Ticks % TimeSpan.FromSeconds(4).Ticks);
    }

    [Fact]
    public void Beat_with_misfire_skip_drops_a_missed_start_and_goes_on_with_the_anchored_run_still_on_time()
    {
        // start and start+10 s were missed; start+20 s, 1 s ago, is late within the threshold: it fires, as on time.
        var start = Now.AddSeconds(-21);
        var schedule = StartAnchor.Apply(ScheduleParser.Parse("every 10s", Options()), start, "every 10s");
        var options = new ScheduleOptions { StartAt = start, Misfire = MisfirePolicy.Skip };
        var plan = FirePlanner.Plan(new FireInput(schedule, options, ScheduleStatus.Scheduled, start, Now, 0), Beat, () => 0);
        Assert.False(plan.Fire);
        Assert.Equal(start.AddSeconds(20), plan.Next);
        var onTime = FirePlanner.Plan(new FireInput(schedule, options, ScheduleStatus.Scheduled, plan.Next!.Value, Now, 0), Beat, () => 0);
        Assert.True(onTime.Fire, onTime.Reason);
        Assert.Equal(start.AddSeconds(30), onTime.Next);
    }

    [Fact]
    public void Beat_stops_after_max_runs_counting_the_start_run_and_expires_past_endAt()
    {
        var start = Now;
        var schedule = StartAnchor.Apply(ScheduleParser.Parse("every 1m", Options()), start, "every 1m");
        var once = FirePlanner.Plan(new FireInput(schedule, new ScheduleOptions { StartAt = start, MaxRuns = 1 }, ScheduleStatus.Scheduled, start, Now, 0), Beat, () => 0);
        Assert.True(once.Fire);
        Assert.Null(once.Next);
        var bounded = FirePlanner.Plan(new FireInput(schedule, new ScheduleOptions { StartAt = start, EndAt = start.AddSeconds(90) }, ScheduleStatus.Scheduled, start.AddMinutes(1), start.AddMinutes(1), 1), Beat, () => 0);
        Assert.True(bounded.Fire);
        Assert.Equal(ScheduleStatus.Expired, bounded.FinalStatus);
    }

    [Fact]
    public void Resuming_after_a_pause_continues_on_the_anchor_grid()
    {
        var start = Now.AddMinutes(-1);
        var schedule = StartAnchor.Apply(ScheduleParser.Parse("every 7 minutes", Options()), start, "every 7 minutes");
        // Paused at the occurrence start + 7 min, resumed 50 minutes later: the stored due is long past.
        var resumed = Now.AddMinutes(50);
        var plan = FirePlanner.Plan(new FireInput(schedule, new ScheduleOptions { StartAt = start }, ScheduleStatus.Scheduled, start.AddMinutes(7), resumed, 1), Beat, () => 0);
        Assert.True(plan.Fire);
        Assert.Equal(start.AddMinutes(56), plan.Next);
    }
    [Fact]
    public void Beat_with_misfire_runAll_and_a_start_a_day_ago_jumps_to_the_catch_up_window_instead_of_walking_every_occurrence()
    {
        var start = Now.AddDays(-1);
        var schedule = StartAnchor.Apply(ScheduleParser.Parse("every 1m", Options()), start, "every 1m");
        var options = new ScheduleOptions { StartAt = start, Misfire = MisfirePolicy.RunAll };
        var plan = FirePlanner.Plan(new FireInput(schedule, options, ScheduleStatus.Scheduled, start, Now, 0), Beat, () => 0);
        Assert.False(plan.Fire);
        Assert.Equal(Now.AddHours(-1).AddMinutes(1), plan.Next);
        var inWindow = FirePlanner.Plan(new FireInput(schedule, options, ScheduleStatus.Scheduled, plan.Next!.Value, Now, 0), Beat, () => 0);
        Assert.True(inWindow.Fire);
        Assert.Equal(plan.Next.Value.AddMinutes(1), inWindow.Next);
    }
}
