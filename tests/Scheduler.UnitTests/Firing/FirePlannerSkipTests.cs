using Scheduler.Beat.Firing;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.UnitTests.Firing;

/// <summary>
/// Which occurrences Beat does not fire are skips, announced as <c>scheduler.task.skipped</c>: those the misfire or
/// overlap policy holds back while the task goes on, not those its end (status, endAt, max runs) leaves unfired.
/// </summary>
public sealed class FirePlannerSkipTests
{
    private static readonly DateTimeOffset Due = new(2026, 3, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly BeatOptions Beat = new() { MisfireThreshold = TimeSpan.FromSeconds(10), CatchUpWindow = TimeSpan.FromHours(1) };
    private static readonly ParsedSchedule EveryMinute = ScheduleParser.Parse("every 1m", new ScheduleParseOptions { Now = Due.AddMinutes(-1) });
    private static readonly ParsedSchedule Once = ScheduleParser.Parse("at:2026-03-07T12:00:00Z", new ScheduleParseOptions { Now = Due.AddMinutes(-1) });

    private static FirePlan Plan(ParsedSchedule schedule, ScheduleOptions options, DateTimeOffset? now = null,
        ScheduleStatus status = ScheduleStatus.Scheduled, long fired = 0, long queued = 0) =>
        FirePlanner.Plan(new FireInput(schedule, options, status, Due, now ?? Due.AddMilliseconds(5), fired, queued), Beat, () => 0.5);

    [Fact]
    public void An_occurrence_held_back_by_overlap_skip_is_a_skip_with_its_reason()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions(), status: ScheduleStatus.Running);
        Assert.Equal((false, true, "previous run still going (overlap skip)"), (plan.Fire, plan.Skipped, plan.Reason));
    }

    [Fact]
    public void An_occurrence_held_back_because_one_run_already_waits_under_overlap_queue_is_a_skip()
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { Overlap = OverlapPolicy.Queue }, status: ScheduleStatus.Running, queued: 1);
        Assert.Equal((false, true, "previous run still going and one run already waits (overlap queue)"), (plan.Fire, plan.Skipped, plan.Reason));
    }

    [Theory]
    [InlineData(MisfirePolicy.Skip, 330)]
    [InlineData(MisfirePolicy.RunAll, 7200)]
    public void A_missed_occurrence_the_misfire_policy_does_not_run_is_a_skip(MisfirePolicy policy, int lateSeconds)
    {
        var plan = Plan(EveryMinute, new ScheduleOptions { Misfire = policy }, Due.AddSeconds(lateSeconds));
        // Skip also says how many of the occurrences after it (12:01 to 12:05) it drops with it.
        var more = policy == MisfirePolicy.Skip ? "; 5 later occurrences missed as well, skipped with it" : "";
        Assert.Equal((false, true, $"missed by {lateSeconds} s ({policy}){more}"), (plan.Fire, plan.Skipped, plan.Reason));
    }

    [Fact]
    public void A_missed_one_shot_under_misfire_skip_is_a_skip_and_expires()
    {
        var plan = Plan(Once, new ScheduleOptions { Misfire = MisfirePolicy.Skip }, Due.AddMinutes(5));
        Assert.Equal((false, true, ScheduleStatus.Expired), (plan.Fire, plan.Skipped, plan.FinalStatus));
    }

    [Fact]
    public void Occurrences_that_fire_or_that_the_task_end_leaves_unfired_are_no_skips()
    {
        Assert.False(Plan(EveryMinute, new ScheduleOptions()).Skipped);
        Assert.False(Plan(EveryMinute, new ScheduleOptions { Overlap = OverlapPolicy.Queue }, status: ScheduleStatus.Running).Skipped);
        Assert.False(Plan(EveryMinute, new ScheduleOptions { EndAt = Due.AddSeconds(-1) }).Skipped);
        Assert.False(Plan(EveryMinute, new ScheduleOptions { MaxRuns = 2 }, fired: 2).Skipped);
        Assert.False(Plan(EveryMinute, new ScheduleOptions(), status: ScheduleStatus.Cancelled).Skipped);
    }
}
