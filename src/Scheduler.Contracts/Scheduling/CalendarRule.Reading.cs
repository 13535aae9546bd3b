namespace Scheduler.Contracts.Scheduling;

internal sealed partial class CalendarRule
{
    private static readonly DayOfWeek[] MondayToFriday = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    private static readonly DayOfWeek[] Weekend = [DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>"first".."fifth" and "last" (-1) as the nth weekday of a month.</summary>
    public static int? WeekOrdinal(string? token) => token switch
    {
        "first" => 1, "second" => 2, "third" => 3, "fourth" => 4, "fifth" => 5, "last" => -1, _ => null,
    };

    /// <summary>A token that names days of the week: "monday", "mon-fri", "weekdays", "weekend".</summary>
    public static bool IsDaysWord(string? token) =>
        SpecWords.TryWeekday(token, out _) || IsWeekdayRange(token) || token is "weekday" or "weekdays" or "weekend" or "weekends";

    /// <summary>"monday", "mon,wed,fri", "monday and friday", "mon-fri", "weekdays", "weekends": added to <see cref="Weekdays"/>.</summary>
    public void ReadWeekdays(SpecCursor c) => AddWeekdays(ReadDays(c), Ordinals);

    // Weekdays read after ordinals outside their group ("every 1st monday at 9am friday") take all of them, as before.
    private void AddWeekdays(List<DayOfWeek> days, IEnumerable<int> ordinals)
    {
        Weekdays ??= [];
        Weekdays.UnionWith(days);
        foreach (var n in ordinals)
            foreach (var day in days) NthDays.Add((n, day));
    }

    /// <summary>"except friday", "except weekends", "except july and august".</summary>
    public void ReadExclusions(SpecCursor c)
    {
        var any = false;
        do
        {
            // "except in august" reads as "except august", "except on weekends" and "except for fridays" as "except weekends".
            if (c.Peek() == "in" && SpecWords.TryMonth(c.Peek(1), out _)) c.Position++;
            else if (c.Peek() is "on" or "for" && (IsDaysWord(c.Peek(1)) || SpecWords.TryMonth(c.Peek(1), out _))) c.Position++;
            var token = c.Peek();
            if (SpecWords.TryMonth(token, out var month))
            {
                c.Position++;
                // "except dec 25": a date each year, which neither cron nor an English rule can leave out.
                if (c.Peek(1) is not ("times" or "runs" or "occurrences") && SpecWords.TryOrdinal(c.Peek(), false, c, out _))
                    throw c.Error($"\"except {token} {c.Peek()}\" in \"{c.Spec}\" leaves out a date, which \"except\" does not take (weekdays and whole months only); " +
                        "write an RFC 5545 rule with EXDATE, e.g. \"DTSTART:20261201T090000 RRULE:FREQ=DAILY EXDATE:20261225T090000\", or pause the task over that day");
                Months ??= [.. Enumerable.Range(1, 12)];
                Months.Remove(month);
                if (Months.Count == 0) throw c.Error($"\"{c.Spec}\" excludes every month; expected some months left");
            }
            else if (IsDaysWord(token))
            {
                if (MonthDays.Count > 0 || Special != MonthDaySpecial.None || Ordinals.Count > 0)
                    throw c.Error($"\"except {token}\" in \"{c.Spec}\" cannot exclude weekdays from days of the month; expected it with daily or weekday schedules, e.g. \"every weekday except friday\"");
                Weekdays ??= [.. Enum.GetValues<DayOfWeek>()];
                Weekdays.ExceptWith(ReadDays(c, single: true));
                if (Weekdays.Count == 0) throw c.Error($"\"{c.Spec}\" excludes every day of the week; expected some days left");
            }
            else throw ScheduleParser.UnknownWord(c, $"a weekday ({SpecWords.WeekdayList}), weekdays, weekends or a month (jan..dec) after \"except\"");
            any = true;
        }
        while (Continues(c, t => IsDaysWord(t) || SpecWords.TryMonth(t, out _)));
        if (!any) throw c.Unexpected("what to leave out after \"except\", e.g. \"except friday\"");
    }

    /// <summary>A yearly date: "dec 24".</summary>
    public void SetDate(SpecCursor c, int month, int day)
    {
        if (MonthDays.Count > 0 || Months is not null) throw c.Error($"\"{c.Spec}\" names more than one date; expected one, e.g. \"every dec 24\"");
        Unit = CalendarUnit.Year;
        Months = [month];
        MonthDays.Add(day);
        ReadMoreDates(c);
    }

    // "every jan 1 and jul 1", "every jan 1 and jan 15": more dates a year, where the days in each month are the same
    // (a cron or rule runs each listed day in each listed month). "jan 1 and jul 15" would also run jul 1 and jan 15.
    private void ReadMoreDates(SpecCursor c)
    {
        var dates = new List<(int Month, int Day)> { (Months!.Min, MonthDays.Min) };
        while (c.Peek() is "and" or ",")
        {
            var mark = c.Position;
            c.Position++;
            c.Accept("and");
            if (!SpecTime.TryReadDate(c, out var year, out var month, out var day))
            {
                // "every dec 24 and 25": another day of the same month.
                if (c.Peek(1) is not ("times" or "runs" or "occurrences") && SpecWords.TryOrdinal(c.Peek(), false, c, out var sameMonthDay) && !SpecWords.TryMonth(c.Peek(1), out _))
                {
                    var longest = DateTime.DaysInMonth(2000, dates[^1].Month);
                    if (sameMonthDay > longest)
                        throw c.Error($"invalid day {sameMonthDay} for {SpecWords.MonthName(dates[^1].Month)} in \"{c.Spec}\"; expected 1-{longest}");
                    c.Position++;
                    dates.Add((dates[^1].Month, sameMonthDay));
                    continue;
                }
                c.Position = mark;
                break;
            }
            if (year is not null) throw c.Error($"a recurring schedule cannot name a year in \"{c.Spec}\"; expected e.g. \"every jan 1 and jul 1\"");
            dates.Add((month, day));
        }
        if (dates.Count == 1) return;
        var months = dates.Select(d => d.Month).ToHashSet();
        var days = dates.Select(d => d.Day).ToHashSet();
        if (months.Count * days.Count != dates.Distinct().Count())
            throw c.Error($"\"{c.Spec}\" names dates with different days in different months; one schedule runs each of its days in each of its months, so write one schedule per date, e.g. \"every {SpecWords.MonthName(dates[0].Month)[..3].ToLowerInvariant()} {dates[0].Day}\"");
        Months = [.. months];
        MonthDays.Clear();
        MonthDays.UnionWith(days);
    }

    /// <summary>"december", "jan and jul": the months a rule runs in.</summary>
    public void ReadMonths(SpecCursor c)
    {
        var months = new SortedSet<int>();
        do
        {
            if (!SpecWords.TryMonth(c.Peek(), out var month)) throw ScheduleParser.UnknownWord(c, "a month (jan..dec)");
            c.Position++;
            months.Add(month);
        }
        while (Continues(c, t => SpecWords.TryMonth(t, out _)));
        if (Months is not null && !Months.SetEquals(months))
            throw c.Error($"\"{c.Spec}\" names its months twice; expected them once, e.g. \"of november\"");
        Months = months;
    }

    /// <summary>
    /// After "on the" or "every": "15th", "1st and 15th", "last day", "1st and 2nd to last day", "last weekday",
    /// "first monday", "2nd and 4th wednesday", "last friday", "first and second to last friday".
    /// </summary>
    public void ReadOrdinalDays(SpecCursor c)
    {
        // Back: how far a day counted from the month's end is ("second to last" is 2, value -2); 0 for any other day.
        var values = new List<(int Value, string Written, int Back)>();
        do
        {
            var token = c.Peek();
            if (TryReadCountedBack(c) is { } back) values.Add((-back, token!, back));
            else if (WeekOrdinal(token) is { } n) { c.Position++; values.Add((n, token!, 0)); }
            else if (SpecWords.TryOrdinal(token, false, c, out var day)) { c.Position++; values.Add((day, token!, 0)); }
            else throw ScheduleParser.UnknownWord(c, "a day of the month (1st, 15th, last day, 2nd to last day) or a weekday in the month (first monday, last friday)");
        }
        while (Continues(c, t => WeekOrdinal(t) is not null || (t is { Length: > 0 } && char.IsAsciiDigit(t[0])), the: true));

        var next = c.Peek();
        if (next is "weekday" or "weekdays" or "weekend" or "weekends" && values.Any(v => v.Back > 0))
            throw c.Error($"\"{c.Spec}\" names a weekday of the month other than the first or last; expected \"first weekday\" or \"last weekday\", or a day, e.g. \"every second to last friday of the month\"");
        if ((IsDaysWord(next) || (values.Any(v => v.Back > 0) && next is not (null or "day") && SpecWords.LooksLikeWeekday(next))) && next is not ("weekday" or "weekend" or "weekends"))
        {
            foreach (var (value, written, back) in values)
            {
                if (back > 0 && back is < 2 or > 5)
                    throw c.Error($"there is no {written} to last {next} in a month (\"{c.Spec}\"); expected second to fifth to last, or \"last {next}\"");
                if (back == 0 && value is 0 or > 5) throw c.Error($"there is no {SpecWords.Ordinal(value)} {next} in a month (\"{c.Spec}\"); expected first..fifth or last");
            }
            // The ordinals of this group go with its weekdays only: "1st monday and 3rd friday". ReadDays names a
            // misspelt weekday ("second to last fryday") with the weekday list.
            Ordinals.UnionWith(values.Select(v => v.Value));
            AddWeekdays(ReadDays(c), values.Select(v => v.Value).ToList());
            return;
        }
        if (next is "weekday" or "business" or "working")
        {
            if (values is not [(1 or -1, _, 0)])
                throw c.Error($"\"{c.Spec}\" names a weekday of the month other than the first or last; expected \"first weekday\" or \"last weekday\"");
            c.Position++;
            if (next != "weekday" && !c.Accept("day")) throw c.Unexpected($"\"day\" after \"{next}\"");
            var special = values[0].Value == 1 ? MonthDaySpecial.FirstWeekday : MonthDaySpecial.LastWeekday;
            CheckOneKindOfDay(c, special);
            Special = special;
            return;
        }
        AddMonthDays(c, values);
    }

    private List<DayOfWeek> ReadDays(SpecCursor c, bool single = false)
    {
        var days = new List<DayOfWeek>();
        do
        {
            var token = c.Peek();
            // "monday to friday", "mon through fri": the run "mon-fri" says, written out.
            if (SpecWords.TryWeekday(token, out var first) && c.Peek(1) is "to" or "through" or "thru" && SpecWords.TryWeekday(c.Peek(2), out var last))
            {
                AddRun(days, first, last);
                c.Position += 2;
            }
            else if (SpecWords.TryWeekday(token, out var day)) days.Add(day);
            else if (IsWeekdayRange(token))
            {
                var ends = token!.Split('-');
                SpecWords.TryWeekday(ends[0], out var from);
                SpecWords.TryWeekday(ends[1], out var to);
                AddRun(days, from, to);
            }
            else if (token is "weekday" or "weekdays") days.AddRange(MondayToFriday);
            else if (token is "weekend" or "weekends") days.AddRange(Weekend);
            else throw ScheduleParser.UnknownWord(c, $"a weekday ({SpecWords.WeekdayList})");
            c.Position++;
        }
        // A misspelt weekday after a separator ("mon, frieday") is read so its error names it.
        while (!single && Continues(c, t => IsDaysWord(t) || (t is not null && SpecWords.LooksLikeWeekday(t))));
        return days;
    }

    private static void AddRun(List<DayOfWeek> days, DayOfWeek from, DayOfWeek to)
    {
        for (var d = from; ; d = (DayOfWeek)(((int)d + 1) % 7))
        {
            days.Add(d);
            if (d == to) break;
        }
    }

    /// <summary>
    /// Consumes a list separator only when another list item follows it; with <paramref name="the"/>, also a "the" before
    /// the item, as in "the 1st and the 15th".
    /// </summary>
    private static bool Continues(SpecCursor c, Func<string?, bool> item, bool the = false)
    {
        var mark = c.Position;
        if (c.AcceptSeparator() && (item(c.Peek()) || (the && c.Accept("the") && item(c.Peek())))) return true;
        c.Position = mark;
        return false;
    }

    /// <summary>"mon-fri", "tue-thu": a run of weekdays written with a dash.</summary>
    public static bool IsWeekdayRange(string? token) =>
        token?.Split('-') is [var from, var to] && SpecWords.TryWeekday(from, out _) && SpecWords.TryWeekday(to, out _);
}
