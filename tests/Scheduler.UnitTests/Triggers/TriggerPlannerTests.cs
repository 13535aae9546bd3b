using Scheduler.Beat.Triggers;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Triggers;

namespace Scheduler.UnitTests.Triggers;

/// <summary>Pause, cancel, bounds, max runs and overlap apply to a trigger as to a clock occurrence.</summary>
public sealed class TriggerPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 7, 12, 0, 0, TimeSpan.Zero);

    private static TriggerPlan Plan(ScheduleStatus status = ScheduleStatus.Scheduled, ScheduleOptions? options = null, long fired = 0, long queued = 0) =>
        TriggerPlanner.Plan(status, options ?? new ScheduleOptions(), fired, queued, Now);

    [Fact]
    public void An_idle_active_task_runs_for_its_trigger() => Assert.True(Plan().Fire);

    [Theory]
    [InlineData(ScheduleStatus.Paused)]
    [InlineData(ScheduleStatus.Cancelled)]
    [InlineData(ScheduleStatus.Completed)]
    public void A_task_that_is_not_active_does_not_run(ScheduleStatus status)
    {
        var plan = Plan(status);
        Assert.False(plan.Fire);
        Assert.Null(plan.DropStatus);
    }

    [Fact]
    public void Max_runs_reached_stops_further_triggers()
    {
        Assert.True(Plan(options: new ScheduleOptions { MaxRuns = 2 }, fired: 1).Fire);
        Assert.False(Plan(options: new ScheduleOptions { MaxRuns = 2 }, fired: 2).Fire);
    }

    [Fact]
    public void A_trigger_after_end_at_expires_the_task_and_one_before_start_after_is_dropped()
    {
        Assert.Equal(ScheduleStatus.Expired, Plan(options: new ScheduleOptions { EndAt = Now.AddSeconds(-1) }).DropStatus);
        var early = Plan(options: new ScheduleOptions { StartAfter = Now.AddMinutes(1) });
        Assert.False(early.Fire);
        Assert.Null(early.DropStatus);
    }

    [Theory]
    [InlineData(OverlapPolicy.Skip, 0, false, false, false)]
    [InlineData(OverlapPolicy.Allow, 0, true, false, false)]
    [InlineData(OverlapPolicy.Queue, 0, true, true, false)]
    [InlineData(OverlapPolicy.Queue, 1, false, false, false)]
    [InlineData(OverlapPolicy.CancelPrevious, 0, true, false, true)]
    public void While_a_run_goes_on_the_overlap_policy_decides(OverlapPolicy overlap, long queued, bool fire, bool queues, bool cancels)
    {
        var plan = Plan(ScheduleStatus.Running, new ScheduleOptions { Overlap = overlap }, queued: queued);
        Assert.Equal((fire, queues, cancels), (plan.Fire, plan.Queued, plan.CancelsPrevious));
    }

    [Fact]
    public void A_trigger_dropped_while_the_task_goes_on_is_a_skip_and_one_dropped_at_its_end_is_not()
    {
        Assert.True(Plan(ScheduleStatus.Running).Skipped);
        Assert.True(Plan(ScheduleStatus.Running, new ScheduleOptions { Overlap = OverlapPolicy.Queue }, queued: 1).Skipped);
        Assert.True(Plan(ScheduleStatus.Paused).Skipped);
        Assert.True(Plan(options: new ScheduleOptions { StartAfter = Now.AddMinutes(1) }).Skipped);
        Assert.False(Plan(ScheduleStatus.Cancelled).Skipped);
        Assert.False(Plan(options: new ScheduleOptions { EndAt = Now.AddSeconds(-1) }).Skipped);
        Assert.False(Plan(options: new ScheduleOptions { MaxRuns = 2 }, fired: 2).Skipped);
        Assert.False(Plan(ScheduleStatus.Running, new ScheduleOptions { Overlap = OverlapPolicy.Allow }).Skipped);
    }

    [Fact]
    public void Trigger_members_and_run_ids_round_trip_and_never_look_like_manual_requests()
    {
        var member = TriggerRunIds.Member("e42", "report");
        Assert.True(TriggerRunIds.TryParseMember(member, out var triggerId, out var taskId));
        Assert.Equal(("e42", "report"), (triggerId, taskId));
        Assert.False(TriggerRunIds.TryParseMember("report:1764455000000", out _, out _));
        Assert.Equal("e42", TriggerRunIds.TriggerIdOf(TriggerRunIds.RunId("report", "e42")));
        Assert.Null(TriggerRunIds.TriggerIdOf("report:1764455000000"));
        Assert.Null(TriggerRunIds.TriggerIdOf("report:t1764455000000"));
        Assert.Equal(42, TriggerRunIds.Sequence("e42"));
    }
}
