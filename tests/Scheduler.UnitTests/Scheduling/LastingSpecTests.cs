using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// "for 10 weeks", "for 2 hours": how long a schedule runs, from its first run. An exact step counts its steps; a
/// calendar schedule runs on the days from its first run's date, that date counted as the first. Now is Saturday
/// 2026-03-07 12:00 UTC.
/// </summary>
public sealed class LastingSpecTests
{
    [Theory]
    [InlineData("every monday at 9am for 10 weeks", 10, "2026-03-09T09:00:00Z", "2026-05-11T09:00:00Z")]
    [InlineData("every day at 9am for 5 days", 5, "2026-03-08T09:00:00Z", "2026-03-12T09:00:00Z")]
    [InlineData("every weekday at 9am for 2 weeks", 10, "2026-03-09T09:00:00Z", "2026-03-20T09:00:00Z")]
    [InlineData("every 15 minutes for 2 hours", 8, "2026-03-07T12:15:00Z", "2026-03-07T14:00:00Z")]
    [InlineData("every 2 hours for 3 days", 36, "2026-03-07T14:00:00Z", "2026-03-10T12:00:00Z")]
    [InlineData("every hour on the hour for 5 hours", 5, "2026-03-07T12:00:00Z", "2026-03-07T16:00:00Z")]
    [InlineData("every quarter hour for 1 hour", 4, "2026-03-07T12:15:00Z", "2026-03-07T13:00:00Z")]
    public void A_schedule_for_a_length_of_time_runs_that_many_times_from_its_first_run(string spec, int runs, string first, string last)
    {
        var parsed = ScheduleParser.Parse(spec, Options());
        // From just before now: a minute of every hour counts a run due at now itself (now is on the hour).
        var all = parsed.Next(runs + 5, Now.AddTicks(-1));
        Assert.Equal(runs, all.Count);
        Assert.Equal(Instant(first), all[0]);
        Assert.Equal(Instant(last), all[^1]);
    }

    [Theory]
    [InlineData("every day at 9am for 5 days until dec 31", "both how long it runs")]
    [InlineData("every 10 minutes for 5 minutes", "less than one step")]
    [InlineData("every day at 9am for 2 hours", "needs whole days, weeks or months")]
    [InlineData("every 2 hours for 1 month", "counts months or years")]
    public void A_length_that_cannot_bound_the_schedule_is_refused(string spec, string expected)
    {
        Assert.Contains(expected, Rejects(spec).Message);
    }
}
