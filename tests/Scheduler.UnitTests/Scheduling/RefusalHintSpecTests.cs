using Scheduler.Contracts.Scheduling;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Common English that stays refused, each with the part named and a form that is accepted: "weeknights" (which
/// nights?), a time without its colon ("930am"), "24:00", and the 15th with the month's last day, which one cron or
/// English spec cannot hold but a rule can.
/// </summary>
public sealed class RefusalHintSpecTests
{
    [Theory]
    [InlineData("every weeknight at 10pm", "\"every weekday at 10pm\"", "every sun-thu at 10pm")]
    [InlineData("weeknights at 10pm", "Sunday to Thursday", "every sun-thu at 10pm")]
    [InlineData("every day at 9.30am", "write \"9:30am\"", "every day at 9:30am")]
    [InlineData("every day at 930am", "write \"9:30am\"", "every day at 9:30am")]
    [InlineData("every day at 24:00", "\"23:59\"", "every day at 23:59")]
    public void A_refusal_names_what_to_write_and_that_is_accepted(string spec, string hint, string accepted)
    {
        Assert.Contains(hint, Rejects(spec).Message);
        Assert.NotEqual(ScheduleKind.Once, ScheduleParser.Parse(accepted, Options()).Kind);
    }

    [Fact]
    public void The_rule_for_the_15th_and_the_last_day_runs_on_both()
    {
        Occurrences(ScheduleParser.Parse("RRULE:FREQ=MONTHLY;BYMONTHDAY=15,-1;BYHOUR=9;BYMINUTE=0", Options()),
            ["2026-03-15T09:00:00Z", "2026-03-31T09:00:00Z", "2026-04-15T09:00:00Z", "2026-04-30T09:00:00Z"]);
    }
}
