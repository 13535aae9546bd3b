using System.Globalization;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// The calendar half of the "every …" grammar, collected clause by clause and then written as one cron expression,
/// so evaluation (and DST) stays with Cronos.
/// </summary>
internal sealed class CalendarRule
{
    /// <summary>What followed "every": day, week, month, year (weekday lists set <see cref="Weekdays"/>).</summary>
    public string Base { get; set; } = "day";

    public List<TimeOnly> Times { get; } = [];

    /// <summary>Cron day-of-month values: "1", "15", "L".</summary>
    public List<string> MonthDays { get; } = [];

    /// <summary>Cron day-of-week field, null when not restricted.</summary>
    public string? Weekdays { get; set; }

    /// <summary>"every N months": a step that divides 12, counted from the current month.</summary>
    public int MonthStep { get; set; } = 1;

    /// <summary>The month of a yearly date ("every dec 24").</summary>
    public int Month { get; set; } = 1;

    public bool ReadBase(SpecCursor c)
    {
        var word = c.Peek();
        switch (word)
        {
            case "day" or "days": Base = "day"; break;
            case "week": Base = "week"; break;
            case "weekday" or "weekdays": Weekdays = "1-5"; break;
            case "weekend" or "weekends": Weekdays = "0,6"; break;
            case "month": Base = "month"; break;
            case "year": Base = "year"; break;
            case "second" or "minute" or "hour":
                throw c.Error($"\"every {word}\" is an exact interval and takes no time or day in \"{c.Spec}\"; expected just \"every {word}\" or cron");
            default:
                if (SpecWords.TryWeekday(word, out _) || IsWeekdayRange(word)) { ReadWeekdays(c); return true; }
                if (SpecTime.TryReadDate(c, out var year, out var month, out var day))
                {
                    if (year is not null) throw c.Error($"a recurring schedule cannot name a year in \"{c.Spec}\"; expected e.g. \"every dec 24\"");
                    SetDate(month, day);
                    return true;
                }
                return false;
        }
        c.Position++;
        return true;
    }

    /// <summary>"monday", "mon,wed,fri", "monday and friday", "mon-fri".</summary>
    public void ReadWeekdays(SpecCursor c)
    {
        var parts = new List<string>();
        do
        {
            var token = c.Peek();
            if (SpecWords.TryWeekday(token, out var day)) parts.Add(((int)day).ToString(CultureInfo.InvariantCulture));
            else if (IsWeekdayRange(token)) parts.Add(string.Join('-', token!.Split('-').Select(w => { SpecWords.TryWeekday(w, out var d); return (int)d; })));
            else throw ScheduleParser.UnknownWord(c, $"a weekday ({SpecWords.WeekdayList})");
            c.Position++;
        }
        while (c.AcceptSeparator());
        Weekdays = Weekdays is null ? string.Join(',', parts) : Weekdays + "," + string.Join(',', parts);
    }

    public void SetDate(int month, int day)
    {
        Base = "year";
        Month = month;
        MonthDays.Add(day.ToString(CultureInfo.InvariantCulture));
    }

    public string ToCron(SpecCursor c, DateTime localNow)
    {
        if (Weekdays is not null && MonthDays.Count > 0)
            throw c.Error($"\"{c.Spec}\" names both weekdays and days of the month; expected one or the other");
        if (MonthDays.Contains("L") && MonthDays.Count > 1)
            throw c.Error($"\"last day\" cannot be combined with other days in \"{c.Spec}\"; expected either \"last day\" or numbered days");
        var dow = Weekdays ?? (Base == "week" ? "0" : "*");
        var dom = MonthDays.Count > 0 ? string.Join(',', MonthDays.Distinct()) : Base is "month" or "year" ? "1" : "*";
        var month = Base == "year" ? Month.ToString(CultureInfo.InvariantCulture) : MonthField(c, localNow.Month);
        return $"{TimeFields(c)} {dom} {month} {dow}";
    }

    private string MonthField(SpecCursor c, int current)
    {
        if (MonthStep == 1) return "*";
        if (12 % MonthStep != 0)
            throw c.Error($"\"every {MonthStep} months\" in \"{c.Spec}\" does not fit the calendar year; expected 1, 2, 3, 4, 6 or 12 months");
        var months = Enumerable.Range(0, 12 / MonthStep).Select(k => (current - 1 + k * MonthStep) % 12 + 1).Order();
        return string.Join(',', months);
    }

    // Several times share one cron only when they share the minute ("9am and 5pm") or the hour ("9:00 and 9:30").
    private string TimeFields(SpecCursor c)
    {
        var times = Times.Count == 0 ? [TimeOnly.MinValue] : Times.Distinct().Order().ToList();
        if (times.Select(t => t.Second).Distinct().Count() > 1)
            throw c.Error($"the times in \"{c.Spec}\" differ in seconds; expected times with the same seconds");
        string Join(IEnumerable<int> values) => string.Join(',', values.Distinct().Order());
        string fields;
        if (times.All(t => t.Minute == times[0].Minute)) fields = $"{times[0].Minute} {Join(times.Select(t => t.Hour))}";
        else if (times.All(t => t.Hour == times[0].Hour)) fields = $"{Join(times.Select(t => t.Minute))} {times[0].Hour}";
        else
            throw c.Error($"the times {string.Join(" and ", times.Select(SpecTime.Format))} in \"{c.Spec}\" cannot share one schedule; expected times with the same minute (\"at 9am and 5pm\") or the same hour");
        return times[0].Second == 0 ? fields : $"{times[0].Second} {fields}";
    }

    private static bool IsWeekdayRange(string? token) =>
        token?.Split('-') is [var from, var to] && SpecWords.TryWeekday(from, out _) && SpecWords.TryWeekday(to, out _);
}
