using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Scheduling.Rules;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>Rules at the edges: the end of the calendar, rules too sparse to evaluate, and the compiled-rule cache.</summary>
public sealed class RecurrenceRuleEdgeTests
{
    [Fact]
    public void Rule_whose_next_occurrence_falls_past_year_9999_in_utc_ends_instead_of_throwing()
    {
        // 9999-12-31 23:00 in New York is 10000-01-01 04:00 UTC, which no DateTimeOffset holds.
        var schedule = ScheduleParser.Parse("DTSTART;TZID=America/New_York:99981231T230000 RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
            Options("America/New_York"));
        var first = schedule.NextAfter(Now);
        Assert.Equal(Instant("9999-01-01T04:00:00"), first);
        Assert.Null(schedule.NextAfter(first!.Value));
        Assert.Single(schedule.Next(5, Now));
    }

    [Fact]
    public void Restored_rule_past_year_9999_ends_instead_of_throwing()
    {
        var schedule = ParsedSchedule.Restore(ScheduleKind.Rule,
            "DTSTART;TZID=America/New_York:99981231T230000 RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", "America/New_York", null);
        Assert.Null(schedule.NextAfter(Instant("9999-06-01T00:00:00")));
    }

    [Theory]
    [InlineData("DTSTART;TZID=America/New_York:99991231T230000 RRULE:FREQ=DAILY")]
    [InlineData("on 9999-12-31 at 23:00")]
    [InlineData("every day at 23:00 from 9999-12-31")]
    public void Spec_past_year_9999_in_utc_is_refused_with_a_spec_error(string spec) =>
        Assert.False(string.IsNullOrWhiteSpace(Rejects(spec, "America/New_York").Message));

    [Fact]
    public void Compiled_rule_cache_keeps_caching_past_its_bound()
    {
        // Fill the cache past its bound with distinct stored rules (DTSTART differs by a second each).
        var start = new DateTime(2026, 1, 1, 0, 0, 0);
        for (var i = 0; i <= Scheduler.Contracts.Scheduling.Rules.RecurrenceRuleSpec.CacheSize; i++)
        {
            var canonical = $"DTSTART:{start.AddSeconds(i):yyyyMMdd'T'HHmmss}Z RRULE:FREQ=DAILY";
            _ = ParsedSchedule.Restore(ScheduleKind.Rule, canonical, "UTC", null);
        }
        const string fresh = "DTSTART:20270101T000000Z RRULE:FREQ=WEEKLY";
        _ = ParsedSchedule.Restore(ScheduleKind.Rule, fresh, "UTC", null);
        Assert.True(Scheduler.Contracts.Scheduling.Rules.RecurrenceRuleSpec.IsCached(fresh));
        Assert.InRange(Scheduler.Contracts.Scheduling.Rules.RecurrenceRuleSpec.CachedCount, 1, Scheduler.Contracts.Scheduling.Rules.RecurrenceRuleSpec.CacheSize);
    }

    [Fact]
    public void Spent_step_budget_is_reported_as_exhausted_not_as_the_end_of_the_rule()
    {
        // The next Feb 29 after 2026-03-07 is 2028-02-29, about 1,450 steps away.
        var expander = RecurrenceRuleSpec.Expander("DTSTART:20260101T090000Z RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", "UTC");
        Assert.Equal((RuleOutcome.Exhausted, (DateTimeOffset?)null), expander.Find(Now, steps: 100));
        Assert.Equal((RuleOutcome.Found, (DateTimeOffset?)Instant("2028-02-29T09:00:00")), expander.Find(Now, steps: 100, rounds: 30));
        Assert.Equal((RuleOutcome.Found, (DateTimeOffset?)Instant("2028-02-29T09:00:00")), expander.Find(Now));
    }

    [Fact]
    public void Rule_ended_by_until_is_reported_as_ended()
    {
        var expander = RecurrenceRuleSpec.Expander("DTSTART:20260101T090000Z RRULE:FREQ=DAILY;UNTIL=20260110T090000Z", "UTC");
        Assert.Equal((RuleOutcome.Ended, (DateTimeOffset?)null), expander.Find(Now, steps: 100));
    }

    [Theory]
    [InlineData("DTSTART:20260101T000000Z RRULE:FREQ=DAILY;COUNT=1")]
    [InlineData("R1/2026-01-01T00:00:00Z/PT1H")]
    public void A_rule_whose_only_run_left_is_now_itself_runs_now_as_an_at_one_shot_would(string spec)
    {
        var now = Instant("2026-01-01T00:00:00Z");
        var schedule = ScheduleParser.Parse(spec, Options(now: now));
        Assert.Equal(now, schedule.NextFrom(now));
    }

    [Theory]
    // Without DTSTART only the parts finer than the frequency take "on the hour": the minutes (and seconds) a MINUTELY
    // (SECONDLY) rule steps through are not cut to minute 0.
    [InlineData("RRULE:FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11", 9)]
    [InlineData("RRULE:FREQ=SECONDLY;INTERVAL=10;BYMINUTE=5", 6)]
    [InlineData("RRULE:FREQ=HOURLY;BYHOUR=9,10,11", 3)]
    public void A_rule_without_dtstart_keeps_every_occurrence_its_frequency_steps_through(string spec, int perWindow)
    {
        var schedule = ScheduleParser.Parse(spec, Options("UTC"));
        var day = schedule.Next(200, Now).Where(at => at < Now.AddDays(1)).ToList();
        var window = spec.Contains("SECONDLY") ? day.Where(at => at.Hour == day[0].Hour).ToList() : day;
        Assert.Equal(perWindow, window.Count);
        Assert.All(window, at => Assert.Equal(0, at.Second % 10));
    }
}
