using Scheduler.Beat.Firing;
using Scheduler.Beat.Hosting;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.UnitTests.Firing;

/// <summary>
/// An occurrence claimed again after an earlier claim of it lapsed (its Beat died, or Redis failed the fire) is judged
/// as of that first claim when the new one follows the lapse promptly: the claim lease (10 s) is as long as the misfire
/// threshold, so judged as of now every such occurrence would be missed, and misfire skip would drop what a Beat reached
/// on time (a job of it may even exist). Claimed long after the lapse, when every Beat was down, it is judged as of now.
/// </summary>
public sealed class FirePlannerLapsedClaimTests
{
    private static readonly DateTimeOffset Due = new(2026, 3, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly BeatOptions Beat = new() { MisfireThreshold = TimeSpan.FromSeconds(10), ClaimLease = TimeSpan.FromSeconds(10) };
    private static readonly ParsedSchedule EveryMinute = ScheduleParser.Parse("every 1m", new ScheduleParseOptions { Now = Due.AddMinutes(-1) });
    private static readonly ParsedSchedule EveryThreeSeconds = ScheduleParser.Parse("every 3s", new ScheduleParseOptions { Now = Due.AddMinutes(-1) });
    private static readonly ScheduleOptions Skip = new() { Misfire = MisfirePolicy.Skip };

    private static FirePlan Plan(ParsedSchedule schedule, DateTimeOffset now, DateTimeOffset? firstClaimed) =>
        FirePlanner.Plan(new FireInput(schedule, Skip, ScheduleStatus.Scheduled, Due, now, 0, 0, firstClaimed), Beat, () => 0.5);

    [Fact]
    public void A_skip_task_claimed_again_just_after_its_on_time_claim_lapsed_fires_the_occurrence()
    {
        var plan = Plan(EveryMinute, Due.AddSeconds(10.3), firstClaimed: Due.AddMilliseconds(5));
        Assert.Equal((true, "due", Due.AddMinutes(1)), (plan.Fire, plan.Reason, plan.Next));
    }

    [Fact]
    public void Later_occurrences_due_by_the_second_claim_do_not_make_the_first_a_missed_one()
    {
        // Every 3 s: by the second claim, three later occurrences are due; the first was claimed before any of them.
        var plan = Plan(EveryThreeSeconds, Due.AddSeconds(10.3), firstClaimed: Due.AddMilliseconds(5));
        Assert.Equal((true, Due.AddSeconds(3)), (plan.Fire, plan.Next));
    }

    [Fact]
    public void Claimed_again_long_after_the_lapse_or_never_claimed_before_it_is_judged_as_of_now()
    {
        var afterOutage = Plan(EveryMinute, Due.AddSeconds(40), firstClaimed: Due.AddMilliseconds(5));
        Assert.Equal((false, true), (afterOutage.Fire, afterOutage.Skipped));
        var firstClaim = Plan(EveryMinute, Due.AddSeconds(10.3), firstClaimed: null);
        Assert.Equal((false, true), (firstClaim.Fire, firstClaim.Skipped));
        Assert.StartsWith("missed by 10.3 s", firstClaim.Reason);
    }
}
