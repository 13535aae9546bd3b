namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    /// <summary>
    /// "twice a day at 9am and 5pm", "once a week on monday at 9am", "3 times a month on the 1st, 10th and 20th", "once a
    /// year on jan 1 at 9am": a count per day, week, month or year that the rest of the spec spells out is the spec without it ("every day at 9am and 5pm").
    /// "twice a year on the 1st at 9am", one day and no months, is "semi-annually on the 1st at 9am".
    /// The count must match what is named; without times or days, or with another unit, it is refused by
    /// <see cref="RefuseAmbiguous"/> with what to write.
    /// </summary>
    private static ParsedSchedule? ParseCounted(SpecCursor c, SpecContext ctx)
    {
        var first = c.Peek();
        var (count, offset) = first switch
        {
            "once" => (1, 1), "twice" => (2, 1), "thrice" => (3, 1),
            _ when SpecWords.NumberWord(first) is { } spelled && c.Peek(1) == "times" => (int.Parse(spelled, System.Globalization.CultureInfo.InvariantCulture), 2),
            _ when SpecWords.IsDigits(first) && first!.Length <= 3 && c.Peek(1) == "times" => (int.Parse(first, System.Globalization.CultureInfo.InvariantCulture), 2),
            _ => (0, 0),
        };
        if (count == 0) return null;
        if (c.Peek(offset) is "a" or "an" or "per" or "each" or "every") offset++;
        var unit = c.Peek(offset) switch
        {
            "day" or "daily" => CalendarUnit.Day, "week" or "weekly" => CalendarUnit.Week, "month" or "monthly" => CalendarUnit.Month,
            "year" or "yearly" => CalendarUnit.Year,
            _ => (CalendarUnit?)null,
        };
        if (unit is null) return null;
        var rule = new CalendarRule { Unit = unit.Value };
        c.Position = offset + 1;
        ReadClauses(c, rule);
        // A day, week, month or year named without a time runs at midnight, as "every month on the 1st" does; a count
        // per day needs the times.
        var perDay = rule.Step is not null ? 0 : unit == CalendarUnit.Day ? rule.Times.Distinct().Count() : Math.Max(1, rule.Times.Distinct().Count());
        var daysOfMonth = rule.Weekdays is null ? rule.MonthDays.Count + (rule.Special == MonthDaySpecial.None ? 0 : Math.Max(1, rule.LastDayOffsets.Count)) : rule.NthDays.Count;
        // "twice a year on the 1st at 9am" names one day and no months: semi-annually, on the calendar halves.
        if (unit == CalendarUnit.Year && count == 2 && rule.Months is null && daysOfMonth == 1 && perDay == 1) rule.Unit = CalendarUnit.HalfYear;
        var days = rule.Unit == CalendarUnit.HalfYear ? 2 : unit switch
        {
            CalendarUnit.Day => 1,
            CalendarUnit.Week => rule.Ordinals.Count == 0 ? rule.Weekdays?.Count ?? 0 : 0,
            // "once a year on jan 1", "twice a year on the 1st in jan and jul": the dates named, each day in each month.
            CalendarUnit.Year => (rule.Months?.Count ?? 0) * daysOfMonth,
            _ => daysOfMonth,
        };
        if (perDay == 0 || days == 0)
        {
            c.Position = 0;
            return null;
        }
        var phrase = c.Slice(0, offset + 1);
        var unitWord = unit.Value.ToString().ToLowerInvariant();
        if (perDay * days != count)
            throw c.Error($"\"{phrase}\" in \"{c.Spec}\" says {count} a {unitWord}, but the spec names {perDay * days}; name each run, e.g. \"every {unitWord} {c.Slice(offset + 1, c.Count)}\" for {perDay * days} a {unitWord}");
        return Compile(c, rule, ctx);
    }
}
