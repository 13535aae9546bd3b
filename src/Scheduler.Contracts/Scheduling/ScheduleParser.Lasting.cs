namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    /// <summary>
    /// "every 15 minutes for 2 hours" (8 runs), "every hour on the hour for 5 hours" (5): with an exact step and no
    /// calendar, how long it runs is a count of steps from the first run.
    /// </summary>
    private static void LastingAsCount(SpecCursor c, CalendarRule rule)
    {
        if (rule.Lasting is not { } lasting || rule.Step is not { } step || rule.HasWindow || rule.HasDay || rule.Months is not null) return;
        if (rule.Count is not null || rule.UntilDate is not null) throw TwoEnds(c);
        if (lasting.Months > 0)
            throw c.Error($"\"for\" in \"{c.Spec}\" counts months or years, which an exact step does not divide; expected weeks, days or hours, e.g. \"every 2 hours for 3 days\", or an end date, \"until dec 31\"");
        // Every run that starts within the length counts: "every 45 minutes for 2 hours" runs at 0, 45 and 90 minutes.
        var steps = lasting.Fixed.Ticks / step.Ticks;
        var runs = rule.MinutesOfHour.Count > 1 || steps < 1 || lasting.Fixed.Ticks % step.Ticks == 0
            ? steps * Math.Max(1, rule.MinutesOfHour.Count)
            : steps + 1;
        if (runs < 1) throw c.Error($"\"{c.Spec}\" runs for less than one step; expected a length of at least {DescribeDuration(step)}");
        rule.Count = (int)Math.Min(runs, int.MaxValue);
        rule.Lasting = null;
    }

    /// <summary>
    /// "every monday at 9am for 10 weeks" (10 Mondays), "every day at 9am for 5 days" (5 runs): a calendar schedule runs
    /// from the date of its first run for that many days, weeks or months, that date counted as the first day.
    /// </summary>
    private static void LastingAsEnd(SpecCursor c, CalendarRule rule, DateTime firstLocal)
    {
        if (rule.Lasting is not { } lasting) return;
        if (rule.Count is not null || rule.Until is not null) throw TwoEnds(c);
        if (lasting.Fixed.Ticks % TimeSpan.TicksPerDay != 0)
            throw c.Error($"\"for\" in \"{c.Spec}\" needs whole days, weeks or months with a calendar schedule; expected e.g. \"for 10 weeks\" or \"for 5 days\"");
        rule.Until = DateOnly.FromDateTime(firstLocal).AddMonths(lasting.Months).AddDays(lasting.Fixed.Days - 1);
        rule.Lasting = null;
    }

    private static ScheduleSpecException TwoEnds(SpecCursor c) =>
        c.Error($"\"{c.Spec}\" says both how long it runs (\"for …\") and another end (\"until\" or \"times\"); expected one of them");
}
