using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Scheduling.Intervals;
using static Scheduler.UnitTests.Scheduling.ScheduleAssert;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Seed 004's structured form (interval type, value, next execution) compiles to a stored spec whose first run is
/// the next execution: exact intervals for minutes and hours, wall-clock rules in the zone for days, weeks and
/// calendar months (clamped to the month's end, back to the original day when the month has it), cron for cron.
/// </summary>
public sealed class StructuredIntervalTests
{
    private static (ParsedSchedule Schedule, DateTimeOffset? First) Compile(IntervalSchedule schedule, string zone = "UTC")
    {
        var (spec, first) = IntervalScheduleSpec.Compile(schedule, zone, Now);
        var parsed = ScheduleParser.Parse(spec, Options(zone) with { StartAt = first });
        return (first is { } at ? StartAnchor.Apply(parsed, at, spec) : parsed, first);
    }

    private static string[] Local(ParsedSchedule schedule, DateTimeOffset first, int count, string zone)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        return [.. new[] { first }.Concat(schedule.Next(count - 1, first))
            .Select(o => TimeZoneInfo.ConvertTime(o, tz).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))];
    }

    [Fact]
    public void Hours_run_first_at_the_next_execution_then_every_interval_from_it()
    {
        var next = Instant("2026-03-07T09:30:00");
        var (schedule, first) = Compile(new IntervalSchedule { IntervalType = IntervalType.Hours, IntervalValue = 2, NextExecution = next });
        Assert.Equal(next, first);
        Assert.Equal(ScheduleKind.Interval, schedule.Kind);
        Assert.Equal(next, schedule.Anchor);
        Occurrences(schedule, ["2026-03-07T13:30:00", "2026-03-07T15:30:00"]);
    }

    [Fact]
    public void A_month_step_from_the_31st_is_described_as_the_31st_or_the_last_day()
    {
        var (schedule, _) = Compile(new IntervalSchedule { IntervalType = IntervalType.Months, IntervalValue = 1, NextExecution = Instant("2026-03-31T09:00:00") });

        Assert.StartsWith("monthly on the 31st (the last day in shorter months) at 09:00", schedule.Description);
    }

    [Fact]
    public void A_daily_rule_over_the_last_days_of_the_month_is_not_described_as_one_day() =>
        Assert.DoesNotContain("shorter months", ScheduleParser.Parse("DTSTART:20260331T090000Z RRULE:FREQ=DAILY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", Options()).Description);

    [Theory]
    [InlineData(IntervalType.Hours, 1, "every hour")]
    [InlineData(IntervalType.Minutes, 1, "every minute")]
    [InlineData(IntervalType.Hours, 2, "every 2 hours")]
    public void An_exact_step_is_stored_as_it_reads(IntervalType type, int value, string expected) =>
        Assert.Equal(expected, IntervalScheduleSpec.Compile(new IntervalSchedule { IntervalType = type, IntervalValue = value }, "UTC", Now).Spec);

    [Fact]
    public void Minutes_without_a_next_execution_start_one_interval_from_now()
    {
        var (schedule, first) = Compile(new IntervalSchedule { IntervalType = IntervalType.Minutes, IntervalValue = 15 });
        Assert.Null(first);
        Assert.Equal(Now.AddMinutes(15), schedule.Anchor);
    }

    [Fact]
    public void Days_keep_the_wall_clock_time_across_the_spring_DST_change_in_the_zone()
    {
        // Europe/Berlin moves to summer time on 2026-03-29: 09:00 stays 09:00 local (08:00Z before, 07:00Z after).
        var next = Instant("2026-03-27T08:00:00");
        var (schedule, first) = Compile(new IntervalSchedule { IntervalType = IntervalType.Days, IntervalValue = 1, NextExecution = next }, "Europe/Berlin");
        Assert.Equal(next, first);
        Assert.Equal(["2026-03-27 09:00", "2026-03-28 09:00", "2026-03-29 09:00", "2026-03-30 09:00"], Local(schedule, first!.Value, 4, "Europe/Berlin"));
        Assert.Equal(Instant("2026-03-30T07:00:00"), schedule.Next(3, first.Value)[^1]);
    }

    [Fact]
    public void Weeks_keep_the_weekday_and_wall_clock_time_across_the_autumn_DST_change()
    {
        // America/New_York falls back on 2026-11-01 (a Sunday).
        var next = Instant("2026-10-18T13:00:00"); // Sunday 09:00 EDT
        var (schedule, first) = Compile(new IntervalSchedule { IntervalType = IntervalType.Weeks, IntervalValue = 2, NextExecution = next }, "America/New_York");
        Assert.Equal(["2026-10-18 09:00", "2026-11-01 09:00", "2026-11-15 09:00"], Local(schedule, first!.Value, 3, "America/New_York"));
        Assert.Equal(Instant("2026-11-01T14:00:00"), schedule.NextAfter(first.Value));
    }

    [Fact]
    public void Months_clamp_to_the_month_end_and_return_to_the_original_day()
    {
        var next = Instant("2027-01-31T09:00:00");
        var (schedule, first) = Compile(new IntervalSchedule { IntervalType = IntervalType.Months, NextExecution = next });
        Assert.Equal(["2027-01-31 09:00", "2027-02-28 09:00", "2027-03-31 09:00", "2027-04-30 09:00", "2027-05-31 09:00"], Local(schedule, first!.Value, 5, "UTC"));
    }

    [Fact]
    public void Months_from_the_30th_take_feb_29_in_a_leap_year_and_every_3_months_skip_between()
    {
        var next = Instant("2027-11-30T06:15:00");
        var (schedule, first) = Compile(new IntervalSchedule { IntervalType = IntervalType.Months, IntervalValue = 3, NextExecution = next });
        Assert.Equal(["2027-11-30 06:15", "2028-02-29 06:15", "2028-05-30 06:15", "2028-08-30 06:15"], Local(schedule, first!.Value, 4, "UTC"));
    }

    [Fact]
    public void Months_on_an_ordinary_day_use_that_day_every_month()
    {
        Assert.Equal("FREQ=MONTHLY;BYMONTHDAY=15", IntervalScheduleSpec.Rule(IntervalType.Months, 1, 15));
        Assert.Equal("FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", IntervalScheduleSpec.Rule(IntervalType.Months, 2, 31));
    }

    [Fact]
    public void Cron_runs_first_at_the_next_execution_then_on_the_cron()
    {
        var next = Instant("2026-03-08T01:00:00");
        var (spec, first) = IntervalScheduleSpec.Compile(new IntervalSchedule { IntervalType = IntervalType.Cron, Cron = "0 3 * * MON", NextExecution = next }, "UTC", Now);
        Assert.Equal(("cron:0 3 * * MON", next), (spec, first));
        Assert.Equal(Instant("2026-03-09T03:00:00"), ScheduleParser.Parse(spec, Options()).NextAfter(next));
    }

    [Theory]
    [InlineData(IntervalType.Hours, 0, null, "intervalValue is 0; expected a whole number of hours from 1")]
    [InlineData(IntervalType.Minutes, int.MaxValue, null, "intervalValue is 2147483647; expected a whole number of minutes from 1 to 52596000")]
    [InlineData(IntervalType.Months, 1201, null, "intervalValue is 1201; expected a whole number of months from 1 to 1200")]
    [InlineData(IntervalType.Cron, 1, null, "intervalType cron needs \"cron\"")]
    [InlineData(IntervalType.Days, 1, "0 3 * * *", "\"cron\" is only read with intervalType cron; intervalType is days")]
    [InlineData((IntervalType)42, 1, null, "intervalType 42 is unknown; expected minutes, hours, days, weeks, months or cron")]
    public void Bad_fields_are_refused_naming_the_field_and_what_is_accepted(IntervalType type, int value, string? cron, string expected)
    {
        var error = Assert.Throws<ScheduleSpecException>(() =>
            IntervalScheduleSpec.Compile(new IntervalSchedule { IntervalType = type, IntervalValue = value, Cron = cron }, "UTC", Now));
        Assert.StartsWith(expected, error.Message);
    }
}
