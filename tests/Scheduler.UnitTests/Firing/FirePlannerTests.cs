using Scheduler.Beat.Firing;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.UnitTests.Firing;

public sealed class FirePlannerTests
{
    private static readonly DateTimeOffset Due = new(2026, 3, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly BeatOptions Beat = new() { MisfireThreshold = TimeSpan.FromSeconds(10), CatchUpWindow = TimeSpan.FromHours(1) };
    private static readonly ParsedSchedule EveryMinute = ScheduleParser.Parse("every 1m", new ScheduleParseOptions { Now = Due.AddMinutes(-1) });
    private static readonly ParsedSchedule Once = ScheduleParser.Parse("at:2026-03-07T12:00:00Z", new ScheduleParseOptions { Now = Due.AddMinutes(-1) });

    private static FirePlan Plan(ParsedSchedule schedule, ScheduleOptions? options = null, DateTimeOffset? now = null,
        ScheduleStatus status = ScheduleStatus.Scheduled, long fired = 0, long queued = 0, double random = 0.5) =>
        FirePlanner.Plan(new FireInput(schedule, options ?? new ScheduleOptions(), status, Due, now ?? Due.AddMilliseconds(5), fired, queued),
            Beat, () => random);

    [Fact]
    public void On_time_recurring_occurrence_fires_and_next_is_one_period_later()
    {
        var plan = Plan(EveryMinute);
        Assert.True(plan.Fire);
        Assert.Equal(Due.AddMinutes(1), plan.Next);
        Assert.Null(plan.FinalStatus);
    }

    [Fact]
    public void On_time_one_shot_fires_with_no_next_and_no_final_status_until_the_worker_reports()
    {
        var plan = Plan(Once);
        Assert.True(plan.Fire);
        Assert.Null(plan.Next);
        Assert.Null(plan.FinalStatus);
    }

    [Fact]
    public void Missed_occurrence_with_run_once_fires_one_catch_up_and_resumes_in_the_future()
    {
        var now = Due.AddMinutes(5).AddSeconds(30);
        var plan = Plan(EveryMinute, now: now);
        Assert.True(plan.Fire);
        Assert.Equal(Due.AddMinutes(6), plan.Next);
    }

    [Theory]
    // Beat back from an outage 50 ms before the next occurrence: that one is runOnce's run, not a second beside it.
    [InlineData(59.95, false)]
    [InlineData(59.6, false)]
    // Half a second or more away, the catch-up runs at once, as runOnce says.
    [InlineData(59.5, true)]
    [InlineData(30, true)]
    public void Missed_with_run_once_leaves_its_run_to_a_next_occurrence_due_within_half_a_second(double secondsAfterDue, bool fires)
    {
        var now = Due.AddMinutes(5).AddSeconds(secondsAfterDue);

        var plan = Plan(EveryMinute, now: now);

        Assert.Equal(fires, plan.Fire);
        Assert.Equal(!fires, plan.Skipped);
        Assert.Equal(Due.AddMinutes(6), plan.Next);
        if (!fires) Assert.Contains("the next occurrence, due in ", plan.Reason);
    }

    [Fact]
    public void Missed_occurrence_with_skip_does_not_fire_and_resumes_in_the_future()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { Misfire = MisfirePolicy.Skip }, Due.AddMinutes(5).AddSeconds(30));
        Assert.False(plan.Fire);
        Assert.Equal(Due.AddMinutes(6), plan.Next);
    }

    // Beat down 25.5 s over an every-6-s task: 12:00:00, :06, :12 and :18 were missed, :24 is 1.5 s late, as any fire may be.
    [Fact]
    public void Missed_occurrences_with_skip_are_dropped_but_the_latest_one_still_on_time_fires_and_the_others_are_counted()
    {
        var everySix = ScheduleParser.Parse("every 6s", new ScheduleParseOptions { Now = Due.AddSeconds(-6) });
        var options = new ScheduleOptions { Misfire = MisfirePolicy.Skip };

        var missed = FirePlanner.Plan(new FireInput(everySix, options, ScheduleStatus.Scheduled, Due, Due.AddSeconds(25.5), 3, 0), Beat, () => 0.5);
        var onTime = FirePlanner.Plan(new FireInput(everySix, options, ScheduleStatus.Scheduled, missed.Next!.Value, Due.AddSeconds(25.6), 3, 0), Beat, () => 0.5);

        Assert.False(missed.Fire);
        Assert.Equal("missed by 25.5 s (Skip); 3 later occurrences missed as well, skipped with it", missed.Reason);
        Assert.Equal(Due.AddSeconds(24), missed.Next);
        Assert.True(onTime.Fire, onTime.Reason);
        Assert.Equal(Due.AddSeconds(30), onTime.Next);
    }

    [Theory]
    [InlineData(90, "; 1 later occurrence missed as well")]
    [InlineData(2000 * 60 + 30, "; many later occurrences missed as well")]
    public void Missed_occurrences_with_skip_and_the_latest_one_late_past_the_threshold_resume_after_now(double lateSeconds, string counted)
    {
        var now = Due.AddSeconds(lateSeconds);

        var plan = Plan(EveryMinute, new ScheduleOptions { Misfire = MisfirePolicy.Skip }, now);

        Assert.False(plan.Fire);
        Assert.Contains(counted, plan.Reason);
        Assert.True(plan.Next > now, $"{plan.Next} is not after {now}");
    }

    [Fact]
    public void Missed_occurrence_with_run_all_fires_and_next_is_the_following_missed_one()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { Misfire = MisfirePolicy.RunAll }, Due.AddMinutes(5).AddSeconds(30));
        Assert.True(plan.Fire);
        Assert.Equal(Due.AddMinutes(1), plan.Next);
    }

    [Fact]
    public void A_run_all_replay_fires_while_the_replay_before_it_runs_under_overlap_skip_and_an_on_time_one_is_skipped()
    {
        var replay = Plan(EveryMinute, new ScheduleOptions { Misfire = MisfirePolicy.RunAll }, Due.AddMinutes(5).AddSeconds(30), ScheduleStatus.Running);
        Assert.True(replay.Fire, replay.Reason);
        Assert.Equal(Due.AddMinutes(1), replay.Next);

        var onTime = Plan(EveryMinute, new ScheduleOptions { Misfire = MisfirePolicy.RunAll }, status: ScheduleStatus.Running);
        Assert.False(onTime.Fire);
        Assert.Equal("previous run still going (overlap skip)", onTime.Reason);
    }

    [Fact]
    public void A_run_all_occurrence_due_while_only_replays_run_follows_them_and_is_no_replay_itself()
    {
        // Beat back from an outage replayed the missed ones; the next came due 0.7 s before it was back: on time, not missed.
        var input = new FireInput(EveryMinute, new ScheduleOptions { Misfire = MisfirePolicy.RunAll }, ScheduleStatus.Running, Due, Due.AddMilliseconds(700), 5,
            BehindReplays: true);
        var behind = FirePlanner.Plan(input, Beat, () => 0.5);
        Assert.True(behind.Fire, behind.Reason);
        Assert.False(behind.Replay);
        Assert.Equal(Due.AddMinutes(1), behind.Next);

        // A replay says so, for its ledger; under another misfire policy nothing was replayed, and a run going on is skipped.
        Assert.True(FirePlanner.Plan(input with { Now = Due.AddMinutes(5).AddSeconds(30), BehindReplays = false }, Beat, () => 0.5).Replay);
        Assert.False(FirePlanner.Plan(input with { Options = new ScheduleOptions { Misfire = MisfirePolicy.RunOnce } }, Beat, () => 0.5).Fire);
    }

    // Paused for 8 s of an every-second task and resumed: the occurrence it claims is late by less than the threshold, as
    // are the seven after it. Before, each fired as "due", one after another, all eight within milliseconds.
    [Theory]
    [InlineData(MisfirePolicy.RunOnce, true, 8.5)]
    [InlineData(MisfirePolicy.Skip, false, 8)]
    [InlineData(MisfirePolicy.RunAll, true, 1)]
    public void Occurrences_held_back_by_a_pause_shorter_than_the_threshold_follow_the_misfire_policy(MisfirePolicy policy, bool fires, double nextAfterDue)
    {
        var everySecond = ScheduleParser.Parse("every 1s", new ScheduleParseOptions { Now = Due.AddSeconds(-1) });
        var plan = FirePlanner.Plan(new FireInput(everySecond, new ScheduleOptions { Misfire = policy }, ScheduleStatus.Scheduled, Due, Due.AddSeconds(8.2), 3, 0),
            Beat, () => 0.5);
        Assert.Equal(fires, plan.Fire);
        Assert.Equal(Due.AddSeconds(Math.Ceiling(nextAfterDue)), plan.Next);
        Assert.Contains("a later occurrence due too", plan.Reason);
    }

    [Fact]
    public void A_jittered_later_occurrence_counts_as_due_only_once_its_longest_delay_has_passed()
    {
        // Due (jittered) at 12:00:55, fired 7 s late: the next nominal occurrence, 12:01, has passed, but its own delay
        // may reach 12:01:50, so this one is not superseded: it fires as due and the next follows on its own.
        var jittered = new ScheduleOptions { Jitter = TimeSpan.FromSeconds(50) };
        var plan = FirePlanner.Plan(new FireInput(EveryMinute, jittered, ScheduleStatus.Scheduled, Due.AddSeconds(55), Due.AddSeconds(62), 0, 0), Beat, () => 0);
        Assert.True(plan.Fire);
        Assert.Equal(("due", Due.AddMinutes(1)), (plan.Reason, plan.Next));
    }

    [Fact]
    public void A_late_occurrence_with_no_later_one_due_yet_fires_as_due()
    {
        var plan = Plan(EveryMinute, now: Due.AddSeconds(9));
        Assert.True(plan.Fire);
        Assert.Equal(("due", Due.AddMinutes(1)), (plan.Reason, plan.Next));
    }

    [Fact]
    public void Run_all_drops_occurrences_older_than_the_catch_up_window()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { Misfire = MisfirePolicy.RunAll }, Due.AddHours(2));
        Assert.False(plan.Fire);
        // The next claim is the first occurrence inside the window (now - 1 h), not the 59 dropped ones before it.
        Assert.Equal(Due.AddHours(1).AddMinutes(1), plan.Next);
    }

    [Fact]
    public void Missed_one_shot_with_skip_expires()
    {
        var plan = Plan(Once, new ScheduleOptions { Misfire = MisfirePolicy.Skip }, Due.AddMinutes(5));
        Assert.False(plan.Fire);
        Assert.Equal(ScheduleStatus.Expired, plan.FinalStatus);
    }

    [Fact]
    public void Lateness_within_the_threshold_is_not_a_misfire()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { Misfire = MisfirePolicy.Skip }, Due.AddSeconds(9));
        Assert.True(plan.Fire);
        Assert.Equal(Due.AddMinutes(1), plan.Next);
    }

    [Fact]
    public void Max_runs_fires_the_last_run_and_stops()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { MaxRuns = 3 }, fired: 2);
        Assert.True(plan.Fire);
        Assert.Null(plan.Next);
        Assert.Null(plan.FinalStatus);
    }

    [Fact]
    public void The_last_run_under_max_runs_names_the_max_and_the_next_run_a_raised_max_would_give()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { MaxRuns = 3 }, fired: 2);
        Assert.Equal((3, Due.AddMinutes(1)), (plan.EndsAtMaxRuns, plan.NextBeyondMaxRuns));
        Assert.Equal((null, null), (Plan(EveryMinute, new ScheduleOptions { MaxRuns = 3 }, fired: 1).EndsAtMaxRuns, Plan(EveryMinute).NextBeyondMaxRuns));
        // Past endAt there is nothing beyond the max either: a raise does not bring it back.
        var ending = Plan(EveryMinute, new ScheduleOptions { MaxRuns = 3, EndAt = Due.AddSeconds(30) }, fired: 2);
        Assert.Equal((3, null), (ending.EndsAtMaxRuns, ending.NextBeyondMaxRuns));
    }

    [Fact]
    public void Max_runs_already_reached_names_the_next_run_after_now_a_raised_max_would_give()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { MaxRuns = 3 }, now: Due.AddMinutes(5).AddSeconds(1), fired: 5);
        Assert.Equal((ScheduleStatus.Completed, 3, Due.AddMinutes(6)), (plan.FinalStatus, plan.EndsAtMaxRuns, plan.NextBeyondMaxRuns));
    }

    [Fact]
    public void Max_runs_already_reached_completes_without_firing()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { MaxRuns = 3, Misfire = MisfirePolicy.Skip }, Due.AddMinutes(5), fired: 3);
        Assert.False(plan.Fire);
        Assert.Equal(ScheduleStatus.Completed, plan.FinalStatus);
    }

    [Fact]
    public void Max_runs_lowered_below_the_runs_fired_completes_without_firing_on_time()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { MaxRuns = 3 }, fired: 5);
        Assert.False(plan.Fire);
        Assert.Equal(ScheduleStatus.Completed, plan.FinalStatus);
    }

    [Fact]
    public void An_occurrence_due_before_end_at_but_reached_long_after_it_expires_without_firing()
    {
        var late = Plan(EveryMinute, new ScheduleOptions { EndAt = Due.AddSeconds(1) }, now: Due.AddHours(1));
        Assert.Equal((false, ScheduleStatus.Expired), (late.Fire, late.FinalStatus));
        // The lateness of any fire (under the misfire threshold) still fires the last one.
        var onTime = Plan(EveryMinute, new ScheduleOptions { EndAt = Due }, now: Due.AddSeconds(2));
        Assert.True(onTime.Fire);
    }

    [Fact]
    public void Occurrence_after_end_at_expires_without_firing()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { EndAt = Due.AddSeconds(-1) });
        Assert.False(plan.Fire);
        Assert.Equal(ScheduleStatus.Expired, plan.FinalStatus);
    }

    [Fact]
    public void Last_occurrence_before_end_at_fires_and_then_expires()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { EndAt = Due.AddSeconds(30) });
        Assert.True(plan.Fire);
        Assert.Null(plan.Next);
        Assert.Equal(ScheduleStatus.Expired, plan.FinalStatus);
    }

    [Fact]
    public void Start_after_moves_the_next_occurrence_to_the_bound()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { StartAfter = Due.AddMinutes(10) });
        Assert.Equal(Due.AddMinutes(10), plan.Next);
    }

    [Theory]
    [InlineData(OverlapPolicy.Skip, false, false, false)]
    [InlineData(OverlapPolicy.Allow, true, false, false)]
    [InlineData(OverlapPolicy.Queue, true, true, false)]
    [InlineData(OverlapPolicy.CancelPrevious, true, false, true)]
    public void Overlap_policy_decides_an_occurrence_due_while_the_previous_runs(OverlapPolicy overlap, bool fires, bool queued, bool cancels)
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { Overlap = overlap }, status: ScheduleStatus.Running);
        Assert.Equal(fires, plan.Fire);
        Assert.Equal(queued, plan.Queued);
        Assert.Equal(cancels, plan.CancelsPrevious);
        Assert.Equal(Due.AddMinutes(1), plan.Next);
    }

    [Fact]
    public void Overlap_queue_keeps_at_most_one_waiting_run()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { Overlap = OverlapPolicy.Queue }, status: ScheduleStatus.Running, queued: 1);
        Assert.False(plan.Fire);
    }

    [Fact]
    public void Jitter_delays_the_next_occurrence_by_a_random_fraction_of_the_bound()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { Jitter = TimeSpan.FromSeconds(10) }, random: 0.25);
        Assert.Equal(Due.AddMinutes(1).AddSeconds(2.5), plan.Next);
    }

    [Theory]
    [InlineData(ScheduleStatus.Paused)]
    [InlineData(ScheduleStatus.Cancelled)]
    [InlineData(ScheduleStatus.Completed)]
    public void Inactive_schedule_never_fires(ScheduleStatus status)
    {
        var plan = Plan(EveryMinute, status: status);
        Assert.False(plan.Fire);
        Assert.Null(plan.Next);
    }

    [Fact]
    public void A_jitter_longer_than_the_period_stays_below_the_following_occurrence_so_none_is_skipped()
    {
        var options = new ScheduleOptions { Jitter = TimeSpan.FromSeconds(90) };
        var plan = Plan(EveryMinute, options, random: 0.99);
        Assert.InRange(plan.Next!.Value, Due.AddMinutes(1), Due.AddMinutes(2).AddTicks(-1));

        // The claim of that jittered due goes on to 12:02, not 12:03.
        var following = FirePlanner.Plan(new FireInput(EveryMinute, options, ScheduleStatus.Scheduled, plan.Next!.Value, plan.Next!.Value.AddMilliseconds(5), 1, 0),
            Beat, () => 0);
        Assert.Equal(Due.AddMinutes(2), following.Next);
    }

    [Fact]
    public void Interval_occurrences_stay_exact_over_a_simulated_day_of_firing()
    {
        var ninety = ScheduleParser.Parse("every 90 minutes", new ScheduleParseOptions { Now = Due.AddMinutes(-90) });
        var due = Due;
        for (var i = 0; i < 16; i++)
        {
            var plan = FirePlanner.Plan(new FireInput(ninety, new ScheduleOptions(), ScheduleStatus.Scheduled, due, due.AddMilliseconds(37), i), Beat, () => 0);
            due = plan.Next!.Value;
        }
        Assert.Equal(Due.AddHours(24), due);
    }
}
