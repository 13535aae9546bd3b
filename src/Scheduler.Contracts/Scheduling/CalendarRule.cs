namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// The calendar half of the English recurring grammar, collected clause by clause. It is compiled to one canonical
/// form: a cron expression when cron says it exactly (<see cref="TryCron"/>), else an RFC 5545 rule
/// (<see cref="ToRuleText"/>). Days are matched here too (<see cref="Matches"/>), to find the first occurrence that
/// fixes the phase of "every other" and "every N".
/// </summary>
internal sealed partial class CalendarRule
{
    /// <summary>The longest search for a first occurrence: 28 years, one full cycle of weekdays and leap years.</summary>
    private const int MaxSearchDays = 28 * 366;

    public CalendarUnit Unit { get; set; } = CalendarUnit.Day;

    /// <summary>Every N units ("every other day" is 2).</summary>
    public int Every { get; set; } = 1;

    public List<TimeOnly> Times { get; } = [];

    /// <summary>Days of the week, null when not restricted.</summary>
    public SortedSet<DayOfWeek>? Weekdays { get; set; }

    /// <summary>
    /// "every 2 weeks at 9am", "every 7 days at 9am": a counted week step that names no weekday runs on the weekday
    /// of its first occurrence (see <see cref="PinWeekday"/>), not on Sunday as "every week" and "weekly" do.
    /// </summary>
    public bool WeekdayOfFirst { get; set; }

    /// <summary>Which of <see cref="Weekdays"/> in the month: 1..5, or counted from the end, -1 (the last) to -5.</summary>
    public SortedSet<int> Ordinals { get; } = [];

    /// <summary>
    /// The (ordinal, weekday) pairs as written: "1st monday and 3rd friday" is two pairs, not {1st, 3rd} × {Mon, Fri}.
    /// "1st and 3rd monday and friday" is all four, the full product of <see cref="Ordinals"/> and <see cref="Weekdays"/>.
    /// </summary>
    public HashSet<(int Ordinal, DayOfWeek Day)> NthDays { get; } = [];

    /// <summary>True when <see cref="NthDays"/> is every ordinal × every weekday, which cron's fields can say.</summary>
    public bool IsCrossProduct => NthDays.Count == Ordinals.Count * (Weekdays?.Count ?? 0);

    /// <summary>Numbered days of the month, 1..31.</summary>
    public SortedSet<int> MonthDays { get; } = [];

    public MonthDaySpecial Special { get; set; }

    /// <summary>Months, null when not restricted.</summary>
    public SortedSet<int>? Months { get; set; }

    /// <summary>"every 30 minutes [from 9am to 5pm]": a step through a daily window, both ends inclusive.</summary>
    public TimeSpan? Step { get; set; }

    public TimeOnly WindowFrom { get; set; } = TimeOnly.MinValue;

    public TimeOnly WindowTo { get; set; } = TimeOnly.MaxValue;

    public bool HasWindow { get; set; }

    /// <summary>"every hour on the hour", "hourly at :15 and :45": the minutes of each hour an hourly step runs at, on the clock.</summary>
    public SortedSet<int> MinutesOfHour { get; } = [];

    /// <summary>
    /// "hourly", "every quarter hour", "every half hour": the step runs on the clock's grid (:00, :15, :30, :45), as
    /// people mean these words, where "every 15 minutes" alone counts from now.
    /// </summary>
    public bool OnClock { get; set; }

    /// <summary>"every morning at 8", "every weekday evening at 19:00": the part of the day the times must lie in.</summary>
    public PartOfDay? PartOfDay { get; set; }

    /// <summary>"until dec 31" as written; the year, when left out, is resolved against now.</summary>
    public (int? Year, int Month, int Day)? UntilDate { get; set; }

    /// <summary>
    /// With <see cref="MonthDaySpecial.LastDay"/>: the days counted back from the month's last, as days before it (the
    /// last day is 0, "second to last day" 1: cron's L-1, RFC 5545's BYMONTHDAY=-2). "the 3rd to last and last day" holds 2 and 0.
    /// </summary>
    public SortedSet<int> LastDayOffsets { get; } = [];

    /// <summary>"until friday", "until the end of the month": the end date counted from today, resolved with it.</summary>
    public Func<DateOnly, DateOnly>? UntilFromToday { get; set; }

    /// <summary>"every 15 minutes starting at 9:07": where an exact interval starts.</summary>
    public TimeOnly? Phase { get; set; }

    /// <summary>"until dec 31": the last local date that may hold an occurrence (inclusive).</summary>
    public DateOnly? Until { get; set; }

    /// <summary>"10 times": how many occurrences, counted from the first.</summary>
    public int? Count { get; set; }

    /// <summary>"for 10 weeks", "for 2 hours": how long it runs from its first occurrence (a count or an end date when compiled).</summary>
    public SpecDuration? Lasting { get; set; }

    public bool HasDay => Weekdays is not null || MonthDays.Count > 0 || Special != MonthDaySpecial.None;

    /// <summary>The times of day, sorted: the window's steps, the named times, or midnight.</summary>
    public List<TimeOnly> TimesOfDay(SpecCursor c)
    {
        if (Step is not { } step) return Times.Count == 0 ? [TimeOnly.MinValue] : Times.Distinct().Order().ToList();
        if (Times.Count > 0) throw c.Error($"\"{c.Spec}\" names both a step and times of day; expected e.g. \"every 30 minutes from 9am to 5pm\" or \"every day at 9am and 5pm\"");
        if (MinutesOfHour.Count > 0) return HoursAt(c);
        if (step < TimeSpan.FromMinutes(1) || step.Ticks % TimeSpan.TicksPerMinute != 0 || step >= TimeSpan.FromDays(1))
            throw c.Error($"the step in \"{c.Spec}\" must be whole minutes under a day when it runs within a day or on given days; expected e.g. \"every 15 minutes from 9am to 5pm\"");
        if (WindowTo < WindowFrom)
            throw c.Error($"the window in \"{c.Spec}\" ends ({SpecTime.Format(WindowTo)}) before it starts ({SpecTime.Format(WindowFrom)}); expected a window within one day, e.g. \"from 9am to 5pm\"");
        var result = new List<TimeOnly>();
        for (var t = WindowFrom.ToTimeSpan(); t <= WindowTo.ToTimeSpan(); t += step) result.Add(TimeOnly.FromTimeSpan(t));
        return result;
    }

    // "every hour at :30 from 9am to 5pm": minute 30 of each hour whose :30 lies in the window (09:30 … 16:30).
    private List<TimeOnly> HoursAt(SpecCursor c)
    {
        var result = Enumerable.Range(0, 24).SelectMany(h => MinutesOfHour.Select(m => new TimeOnly(h, m))).Where(t => t >= WindowFrom && t <= WindowTo).ToList();
        var minute = MinutesOfHour.Min;
        return result.Count > 0 ? result
            : throw c.Error($"the window in \"{c.Spec}\" holds no minute {minute} of an hour; expected a window of an hour or more, e.g. \"every hour at :{minute:00} from 9am to 5pm\"");
    }

    /// <summary>True when the rule runs on <paramref name="date"/> ignoring <see cref="Every"/>; defaults as cron writes them.</summary>
    public bool Matches(DateOnly date)
    {
        var months = Months ?? (Unit == CalendarUnit.Year && !HasDay ? [1] : null);
        if (months is not null && !months.Contains(date.Month)) return false;
        var daysInMonth = DateTime.DaysInMonth(date.Year, date.Month);
        if (Weekdays is not null)
        {
            if (!Weekdays.Contains(date.DayOfWeek)) return false;
            if (Ordinals.Count == 0) return true;
            var nth = (date.Day - 1) / 7 + 1;
            var nthFromEnd = -((daysInMonth - date.Day) / 7 + 1);
            return NthDays.Contains((nth, date.DayOfWeek)) || NthDays.Contains((nthFromEnd, date.DayOfWeek));
        }
        return Special switch
        {
            MonthDaySpecial.LastDay => LastDayOffsets.Contains(daysInMonth - date.Day) || MonthDays.Contains(date.Day),
            MonthDaySpecial.LastWeekday => IsWeekday(date) && Enumerable.Range(date.Day + 1, daysInMonth - date.Day).All(d => !IsWeekday(new DateOnly(date.Year, date.Month, d))),
            MonthDaySpecial.FirstWeekday => IsWeekday(date) && Enumerable.Range(1, date.Day - 1).All(d => !IsWeekday(new DateOnly(date.Year, date.Month, d))),
            _ when MonthDays.Count > 0 => MonthDays.Contains(date.Day),
            _ => Unit switch
            {
                CalendarUnit.Week => WeekdayOfFirst || date.DayOfWeek == DayOfWeek.Sunday,
                CalendarUnit.Month or CalendarUnit.Quarter or CalendarUnit.HalfYear or CalendarUnit.Year => date.Day == 1,
                _ => true,
            },
        };
    }

    /// <summary>
    /// The first occurrence at or after <paramref name="start"/> ignoring <see cref="Every"/>, as a local wall time
    /// and its instant: the phase of "every other" and "every N" starts there.
    /// </summary>
    public (DateTime Local, DateTimeOffset Instant) FirstOccurrence(SpecCursor c, DateTimeOffset start, TimeZoneInfo zone)
    {
        var times = TimesOfDay(c);
        var day = DateOnly.FromDateTime(ZonedClock.ToLocal(start, zone)).AddDays(-1);
        for (var i = 0; i < MaxSearchDays && day < DateOnly.MaxValue.AddDays(-2); i++, day = day.AddDays(1))
        {
            if (!Matches(day)) continue;
            foreach (var time in times)
            {
                var local = day.ToDateTime(time);
                var instant = ZonedClock.ToInstant(local, zone);
                if (instant >= start) return (local, instant);
            }
        }
        // Stopped by the end of the calendar, not by days that never match: the spec occurs, only not before year 10000.
        if (day >= DateOnly.MaxValue.AddDays(-2))
            throw c.Error($"\"{c.Spec}\" falls outside the supported dates: it next occurs after year 9999; expected times between years 0001 and 9999");
        throw c.Error($"\"{c.Spec}\" never occurs; expected days that exist, e.g. \"every month on the 30th\" rather than \"every feb 30\"");
    }

    /// <summary>Fixes the weekday of a <see cref="WeekdayOfFirst"/> rule to that of its first occurrence.</summary>
    public void PinWeekday(DateTime first)
    {
        if (WeekdayOfFirst && Unit == CalendarUnit.Week && !HasDay) Weekdays = [first.DayOfWeek];
    }

    private static bool IsWeekday(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
