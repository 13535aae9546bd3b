using System.Globalization;

namespace Scheduler.Contracts.Scheduling;

internal sealed partial class CalendarRule
{
    /// <summary>Checks that the clauses fit together, applies defaults (quarters, the month of a day-of-month rule) and resolves "until".</summary>
    public void Finish(SpecCursor c, DateOnly today)
    {
        var spec = c.Spec;
        if (Weekdays is not null && (MonthDays.Count > 0 || Special != MonthDaySpecial.None))
            throw c.Error($"\"{spec}\" names both weekdays and days of the month; expected one or the other");
        if (Weekdays is { } named && Ordinals.Count > 0 && named.Any(d => !NthDays.Any(p => p.Day == d)))
            throw c.Error($"\"{spec}\" names some weekdays with an ordinal and some without; expected an ordinal for each, e.g. \"every 1st monday and 3rd friday\", or none, e.g. \"every monday and friday\"");
        if (Special != MonthDaySpecial.None && MonthDays.Count > 0)
            throw c.Error($"\"last day\" cannot be combined with other days in \"{spec}\"; expected either \"last day\" or numbered days{LastDayRule()}");
        var dayOfMonth = MonthDays.Count > 0 || Special != MonthDaySpecial.None || Ordinals.Count > 0;
        if (dayOfMonth && Unit is CalendarUnit.Day or CalendarUnit.Week)
        {
            if (Every > 1 || Unit == CalendarUnit.Week)
                throw c.Error($"\"{spec}\" counts in {(Unit == CalendarUnit.Day ? "days" : "weeks")} but names a day of the month; expected e.g. \"every 2 months on the 15th\" or \"every 2 weeks on monday\"");
            Unit = CalendarUnit.Month;
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
            Months = Unit == CalendarUnit.HalfYear ? (atEnd ? [6, 12] : [1, 7]) : atEnd ? [3, 6, 9, 12] : [1, 4, 7, 10];
        }
        if (HasWindow && Step is null)
            throw c.Error($"a window in \"{spec}\" needs a step; expected e.g. \"every 30 minutes from 9am to 5pm\"");
        if (UntilDate is var (year, month, day))
        {
            var date = year is { } y ? new DateOnly(y, month, day) : NextDate(today, month, day);
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
                : Join(weekdays.Select(SpecWords.WeekdayName).ToList());
            var times = TimesOfDay(c);
            if (Step is { } windowStep)
                text.Add($"every {ScheduleParser.DescribeDuration(windowStep)} from {SpecTime.Format(times[0])} to {SpecTime.Format(times[^1])}");
            if (everyDayOf) text.Add(Step is null ? $"every {names}" : $"on {names}");
            else if (Step is null || Unit != CalendarUnit.Day || Every > 1)
                text.Add(Every switch { 1 => $"every {unit}", 2 => $"every other {unit}", _ => $"every {Every} {unit}s" });
            if (names is not null && !everyDayOf)
                text.Add(Ordinals.Count == 0 ? $"on {names}"
                    : IsCrossProduct ? $"on the {Join(Ordinals.OrderBy(FromStartToEnd).Select(OrdinalWord).ToList())} {names}"
                    : $"on the {Join(NthDays.OrderBy(p => FromStartToEnd(p.Ordinal)).ThenBy(p => p.Day).Select(p => $"{OrdinalWord(p.Ordinal)} {SpecWords.WeekdayName(p.Day)}").ToList())}");
            else if (Special != MonthDaySpecial.None)
                text.Add(Special switch { MonthDaySpecial.LastDay => $"on the {LastDayName(LastDayOffset)}", MonthDaySpecial.LastWeekday => "on the last weekday", _ => "on the first weekday" });
            else if (MonthDays.Count > 0) text.Add($"on the {Join(MonthDays.Select(SpecWords.Ordinal).ToList())}");
            if (Months is { } months) text.Add($"in {Join(months.Select(SpecWords.MonthName).ToList())}");
            if (Step is null) text.Add($"at {Join(times.Select(SpecTime.Format).ToList())}");
        }
        var bounds = new List<string>();
        if (first is { } start && (Every > 1 || Count is not null || startsLater)) bounds.Add($"from {start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}");
        if (Count is { } count) bounds.Add($"{count.ToString(CultureInfo.InvariantCulture)} times");
        if (Until is { } until) bounds.Add($"until {until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        return string.Join(", ", bounds.Prepend(string.Join(' ', text))) + $" ({zoneId})";
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

    // "every month on the 15th and last day": what says it, an RFC 5545 rule counting the last day as -1.
    private string LastDayRule()
    {
        if (Special != MonthDaySpecial.LastDay || Times.Count > 1) return "";
        var time = Times.Count == 1 ? Times[0] : TimeOnly.MinValue;
        var days = string.Join(',', MonthDays.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + $",-{1 + LastDayOffset}";
        return $", or for both write the rule \"RRULE:FREQ=MONTHLY;BYMONTHDAY={days};BYHOUR={time.Hour};BYMINUTE={time.Minute}\"";
    }
}
