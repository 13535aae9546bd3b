using System.Globalization;

namespace Scheduler.Contracts.Scheduling;

internal sealed partial class CalendarRule
{
    /// <summary>How many days back a yearless end date ("until mar 9") is refused rather than read as next year's.</summary>
    private const int RecentEndDays = 31;

    /// <summary>Checks that the clauses fit together, applies defaults (quarters, the month of a day-of-month rule) and resolves "until".</summary>
    /// <remarks>
    /// An end date without a year is the next such date from today, or from <paramref name="startDay"/>, a start that
    /// names its year and lies later ("from 2027-06-01 to aug 31" ends on 2027-08-31, whenever it is said).
    /// </remarks>
    public void Finish(SpecCursor c, DateOnly today, DateOnly? startDay = null)
    {
        var spec = c.Spec;
        if (Weekdays is not null && (MonthDays.Count > 0 || Special != MonthDaySpecial.None))
            throw c.Error($"\"{spec}\" names both weekdays and days of the month; expected one or the other");
        if (Weekdays is { } named && Ordinals.Count > 0 && named.Any(d => !NthDays.Any(p => p.Day == d)))
            throw c.Error($"\"{spec}\" names some weekdays with an ordinal and some without; expected an ordinal for each, e.g. \"every 1st monday and 3rd friday\", or none, e.g. \"every monday and friday\"");
        // "the 15th and last day" is one RFC 5545 rule (BYMONTHDAY=15,-1); the last or first weekday is a set position,
        // which numbered days would fall under too.
        if (Special is MonthDaySpecial.LastWeekday or MonthDaySpecial.FirstWeekday && MonthDays.Count > 0)
            throw c.Error($"\"{(Special == MonthDaySpecial.LastWeekday ? "last" : "first")} weekday\" cannot be combined with numbered days in \"{spec}\"; " +
                "expected either it or numbered days (\"the 15th and last day\" works), or a separate schedule for each");
        var dayOfMonth = MonthDays.Count > 0 || Special != MonthDaySpecial.None || Ordinals.Count > 0;
        if (dayOfMonth && Unit is CalendarUnit.Day or CalendarUnit.Week)
        {
            if (Every > 1 || Unit == CalendarUnit.Week)
                throw c.Error($"\"{spec}\" counts in {(Unit == CalendarUnit.Day ? "days" : "weeks")} but names a day of the month; expected e.g. \"every 2 months on the 15th\" or \"every 2 weeks on monday\"");
            Unit = CalendarUnit.Month;
        }
        // "every 2 days on weekdays", "every 3 days on mondays", "every other day except weekends": every 2nd calendar day
        // that happens to be one of those weekdays (Mon, Wed, Fri, Tue, Thu, …; every 3rd Monday is every 21 days), or
        // every other of those weekdays? The same question as "every other weekday", so refused alike.
        if (Unit == CalendarUnit.Day && Every > 1 && Weekdays is { } some && Ordinals.Count == 0)
        {
            var names = some.SetEquals(MondayToFriday) ? "weekdays" : string.Join(", ", some.Select(d => SpecWords.WeekdayName(d).ToLowerInvariant()));
            throw c.Error($"\"{spec}\" steps {Every} days but runs only on {names}, which can be read several ways (every {SpecWords.Ordinal(Every)} calendar day, kept when it falls on one of them, or every {SpecWords.Ordinal(Every)} one of those days); " +
                $"say the days, e.g. \"every monday, wednesday and friday\", count weeks, e.g. \"every 2 weeks on {(some.Count == 1 ? SpecWords.WeekdayName(some.Min).ToLowerInvariant() : "monday")}\", or leave out the days: \"every {Every} days at 9am\"");
        }
        if (Weekdays is not null && Ordinals.Count == 0 && Step is null && Unit is CalendarUnit.Month or CalendarUnit.Quarter or CalendarUnit.HalfYear or CalendarUnit.Year)
            throw c.Error($"\"{spec}\" names weekdays in a {Adverb(Unit)} schedule without saying which; expected e.g. \"first monday of every month\" or \"every monday\"");
        if (Unit == CalendarUnit.Year && (MonthDays.Count > 0 || Ordinals.Count > 0 || Special != MonthDaySpecial.None) && Months is null)
            throw c.Error($"\"{spec}\" names a day but not the month of a yearly schedule; expected e.g. \"every 4th thursday of november\" or \"every dec 24\"");
        if (Unit is CalendarUnit.Quarter or CalendarUnit.HalfYear)
        {
            if (Every > 1) throw c.Error($"\"{spec}\" counts quarters; expected \"every quarter\" or months, e.g. \"every 6 months on the 1st\"");
            if (Months is not null) throw c.Error($"\"{spec}\" names months in a {Adverb(Unit)} schedule; expected either {(Unit == CalendarUnit.Quarter ? "quarters" : "halves of the year")} or months, e.g. \"every month on the 1st in jan and jul\"");
            // A day counted from the month's end is the end of the period: "quarterly on the last day" is Mar 31, Jun 30, ….
            var atEnd = Special is MonthDaySpecial.LastDay or MonthDaySpecial.LastWeekday || (Ordinals.Count > 0 && Ordinals.All(n => n < 0));
            // "every quarter on the 1st and last day" means Jan 1 and Mar 31: days in the period's first month and in its
            // last, which one rule's months cannot hold (it ran Mar 31 and Jun 1). Refused with the two schedules to write.
            if ((atEnd && MonthDays.Count > 0) || (Ordinals.Any(n => n < 0) && Ordinals.Any(n => n > 0)))
            {
                var period = Unit == CalendarUnit.Quarter ? "quarter" : "half year";
                var (first, last) = Weekdays is { Count: > 0 } days ? ($"first {SpecWords.WeekdayName(days.Min).ToLowerInvariant()}", $"last {SpecWords.WeekdayName(days.Min).ToLowerInvariant()}") : ("1st", "last day");
                throw c.Error($"\"{spec}\" counts days from both the start and the end of the {period}, which fall in different months; " +
                    $"write a schedule for each, e.g. \"every {period} on the {first}\" and \"every {period} on the {last}\"");
            }
            Months = Unit == CalendarUnit.HalfYear ? (atEnd ? [6, 12] : [1, 7]) : atEnd ? [3, 6, 9, 12] : [1, 4, 7, 10];
        }
        if (HasWindow && Step is null)
            throw c.Error($"a window in \"{spec}\" needs a step; expected e.g. \"every 30 minutes from 9am to 5pm\"");
        if (UntilDate is var (year, month, day))
        {
            // "every day at 9am until mar 9" said on Mar 10: next year's Mar 9 would run for a year, where a date that
            // just passed is more likely a slip. Without a start date of its own (a range resolves as a season) an end
            // that passed within the last month is refused; one further back ("until jan 2" in March) is next year's.
            if (year is null && startDay is null && StartDate is null && StartIso is null && day <= DateTime.DaysInMonth(today.Year, month)
                && new DateOnly(today.Year, month, day) is var past && past < today && today.DayNumber - past.DayNumber <= RecentEndDays)
                throw c.Error($"\"until {SpecWords.MonthName(month)[..3].ToLowerInvariant()} {day}\" in \"{spec}\" names a date {today.DayNumber - past.DayNumber} day{(today.DayNumber - past.DayNumber == 1 ? "" : "s")} past; " +
                    $"read as next year's it would run for about a year, so it is not guessed: write the year for that, \"until {past.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\", or an end still to come");
            var date = year is { } y ? new DateOnly(y, month, day) : NextDate(startDay > today ? startDay.Value : today, month, day);
            // "until feb 29" in a year without one: the next Feb 29 may be years away, which is not guessed.
            if (year is null && month == 2 && day == 29 && NextDate(startDay > today ? startDay.Value : today, 2, 28).Year is var natural && date.Year > natural)
                throw c.Error($"\"until feb 29\" in \"{spec}\" names a day {natural} does not have; the next Feb 29 is {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: " +
                    $"write that year, \"until {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\", or an end such as \"until feb 28\"");
            if (date < today) throw c.Error($"\"until {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\" in \"{spec}\" is in the past; expected a future end date");
            Until = date;
        }
        if (UntilFromToday is { } fromToday) Until = fromToday(today);
    }

    /// <summary>An English reading of a rule that compiles to RFC 5545 (cron ones are described from the cron).</summary>
    /// <remarks><paramref name="startsLater"/>: a "starting …" day put the first run later than the next match, so it is said.</remarks>
    public string Describe(SpecCursor c, DateTime? first, string zoneId, bool startsLater = false)
    {
        var text = new List<string>();
        if (Step is { } step && !HasWindow && !HasDay && Months is null)
            text.Add("every " + ScheduleParser.DescribeDuration(step) + (MinutesOfHour.Count == 0 ? ""
                : $" at minute{(MinutesOfHour.Count > 1 ? "s" : "")} {Join(MinutesOfHour.Select(m => m.ToString(CultureInfo.InvariantCulture)).ToList())}"));
        else
        {
            var unit = Unit == CalendarUnit.HalfYear ? "half year" : Unit.ToString().ToLowerInvariant();
            var everyDayOf = Weekdays is not null && Unit == CalendarUnit.Day && Every == 1 && Ordinals.Count == 0;
            var names = Weekdays is not { } weekdays ? null
                : Ordinals.Count == 0 && weekdays.SetEquals(MondayToFriday) ? (everyDayOf && Step is null ? "weekday" : "weekdays")
                : Join(weekdays.OrderBy(d => ((int)d + 6) % 7).Select(SpecWords.WeekdayName).ToList());
            var times = TimesOfDay(c);
            // A grid through the whole day ("every 6 hours starting at 6am") says its times, not a window of the day.
            if (Step is { } gridStep && times[0].ToTimeSpan() < gridStep && times[^1].ToTimeSpan() + gridStep >= TimeSpan.FromDays(1))
                text.Add($"every {ScheduleParser.DescribeDuration(gridStep)} at " + (times.Count <= 6
                    ? Join(times.Select(SpecTime.Format).ToList())
                    : $"{SpecTime.Format(times[0])}, {SpecTime.Format(times[1])}, …, {SpecTime.Format(times[^1])}"));
            else if (Step is { } windowStep)
                text.Add($"every {ScheduleParser.DescribeDuration(windowStep)} from {SpecTime.Format(times[0])} to {SpecTime.Format(times[^1])}");
            if (everyDayOf) text.Add(Step is null ? $"every {names}" : $"on {names}");
            else if (Step is null || Unit != CalendarUnit.Day || Every > 1)
                text.Add(Every switch { 1 => $"every {unit}", 2 => $"every other {unit}", _ => $"every {Every} {unit}s" });
            if (names is not null && !everyDayOf)
                text.Add(Ordinals.Count == 0 ? $"on {names}"
                    : IsCrossProduct ? $"on the {Join(Ordinals.OrderBy(FromStartToEnd).Select(OrdinalWord).ToList())} {names}"
                    : $"on the {Join(NthDays.OrderBy(p => FromStartToEnd(p.Ordinal)).ThenBy(p => p.Day).Select(p => $"{OrdinalWord(p.Ordinal)} {SpecWords.WeekdayName(p.Day)}").ToList())}");
            // In the month's order, "day" said once: "the 1st, 15th, 3rd to last and last day".
            else if (Special == MonthDaySpecial.LastDay)
                text.Add($"on the {Join([.. MonthDays.Select(SpecWords.Ordinal), .. LastDayOffsets.Reverse().Select(o => LastDayName(o)[..^" day".Length])])} day");
            else if (Special != MonthDaySpecial.None)
                text.Add(Special == MonthDaySpecial.LastWeekday ? "on the last weekday" : "on the first weekday");
            else if (MonthDays.Count > 0) text.Add($"on the {Join(MonthDays.Select(SpecWords.Ordinal).ToList())}");
            // "every other year", "every 2 months until dec 31": the day they run on is the default one, said all the same.
            else if (Unit == CalendarUnit.Year && Months is null) text.Add("on January 1");
            else if (Unit is CalendarUnit.Month or CalendarUnit.Quarter or CalendarUnit.HalfYear) text.Add("on the 1st");
            if (Months is { } months) text.Add($"in {Join(months.Select(SpecWords.MonthName).ToList())}");
            if (Step is null) text.Add($"at {Join(times.Select(SpecTime.Format).ToList())}");
            if (Weekdays is null && Special == MonthDaySpecial.None && MissingDaysNote(MonthDays, Months) is { Length: > 0 } note)
                text[^1] += note;
        }
        var bounds = new List<string>();
        if (first is { } start && (Every > 1 || Count is not null || startsLater)) bounds.Add($"from {start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}");
        if (Count is { } count) bounds.Add(count == 1 ? "once" : $"{count.ToString(CultureInfo.InvariantCulture)} times");
        if (Until is { } until) bounds.Add($"until {until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        return string.Join(", ", bounds.Prepend(string.Join(' ', text))) + $" ({zoneId})";
    }

    /// <summary>
    /// ", only in months that have one", ", only in leap years", ", the 31st only in months that have one": what a
    /// description adds when a numbered day from the 29th on does not exist in some of the months it runs in. Those
    /// months are skipped (cron's and RFC 5545's reading, not moved to the month's last day), and the description says
    /// so, as "every month on the 31st" otherwise reads as twelve runs a year. Empty when every month has the days.
    /// </summary>
    public static string MissingDaysNote(IReadOnlyCollection<int> days, IReadOnlyCollection<int>? months)
    {
        var inMonths = months is { Count: > 0 } ? months : [.. Enumerable.Range(1, 12)];
        var lacking = days.Where(d => inMonths.Any(m => d > (m == 2 ? 28 : DateTime.DaysInMonth(2001, m)))).Order().ToList();
        if (lacking.Count == 0) return "";
        // February 29 alone: every month named has it in leap years only.
        if (lacking.Count == days.Count && inMonths.All(m => m == 2)) return ", only in leap years";
        var which = lacking.Count == days.Count ? "" : " the " + Join(lacking.Select(SpecWords.Ordinal).ToList());
        return $",{which} only in months that have {(lacking.Count == 1 ? "one" : "them")}";
    }

    private static DateOnly NextDate(DateOnly today, int month, int day)
    {
        for (var year = today.Year; year < today.Year + 8; year++)
        {
            if (day > DateTime.DaysInMonth(year, month)) continue;
            var date = new DateOnly(year, month, day);
            if (date >= today) return date;
        }
        return new DateOnly(today.Year, month, Math.Min(day, DateTime.DaysInMonth(today.Year, month)));
    }

    private static string Adverb(CalendarUnit unit) => unit switch
    {
        CalendarUnit.Day => "daily", CalendarUnit.HalfYear => "semi-annual", _ => unit.ToString().ToLowerInvariant() + "ly",
    };

    private static string OrdinalWord(int n) => n switch
    {
        -1 => "last", < -1 => $"{OrdinalWord(-n)} to last", 1 => "first", 2 => "second", 3 => "third", 4 => "fourth", _ => "fifth",
    };

    // "the first, second to last and last": counted from the start first, then from the end.
    private static int FromStartToEnd(int ordinal) => ordinal < 0 ? 10 + ordinal : ordinal;

    private static string Join(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
