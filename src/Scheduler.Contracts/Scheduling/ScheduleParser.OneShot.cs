namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    private const string DayForms = "today, tomorrow, next week|month|year, next mon..sun, mon..sun, 2026-12-24 or dec 24";

    /// <summary>
    /// One-shot natural language. "in &lt;duration&gt;" counts absolute time from now (months/years count on the
    /// wall-clock calendar of the zone). Otherwise a day part and a time part, in either order, each optional:
    /// <list type="bullet">
    /// <item>relative days — "today", "tomorrow", "next week" (+7 days), "next month", "next year", "next monday"
    /// (the first Monday strictly after today, so 1–7 days ahead), "monday"/"on monday" (the coming Monday, today if
    /// the time is still ahead) — keep the current time of day when no time is given;</item>
    /// <item>dates — "2026-12-24", "dec 24", "24th of december 2026" — default to 00:00, and without a year mean the
    /// next such date not in the past (Feb 29 → the next leap year);</item>
    /// <item>a time alone ("at 14:30", "5pm", "noon", "midnight") means today, or tomorrow when already past.</item>
    /// </list>
    /// Wall times resolve in the zone: inside a DST gap to the first instant after it, when ambiguous to the first
    /// occurrence.
    /// </summary>
    internal static ParsedSchedule ParseOneShot(SpecCursor c, SpecContext ctx)
    {
        if (c.Accept("in"))
        {
            if (!SpecDuration.TryRead(c, out var duration))
                throw c.Unexpected($"a duration after \"in\" such as \"30 minutes\" or \"1h30m\"; units are {SpecDuration.Units}");
            if (!c.AtEnd) throw c.Unexpected("nothing after the duration");
            var at = duration.Months > 0
                ? ZonedClock.ToInstant(ctx.LocalNow.AddMonths(duration.Months), ctx.Zone)
                : ctx.Now + duration.Fixed;
            return Once(at, ctx.Options, ctx.Zone, ctx.Now, ctx.Spec);
        }
        DayRule? day = null;
        TimeOnly? time = null;
        while (!c.AtEnd)
        {
            if (time is null && c.Accept("at"))
            {
                time = SpecTime.TryRead(c, true, out var t) ? t : throw c.Unexpected($"a time after \"at\": {SpecTime.Accepted}");
                continue;
            }
            if (day is null && TryReadDay(c, ctx, out var d)) { day = d; continue; }
            if (time is null && SpecTime.TryRead(c, false, out var bare)) { time = bare; continue; }
            throw UnknownWord(c, time is null && day is null
                ? $"a one-shot time ({DayForms}, at 14:30), \"in 30 minutes\" or \"every …\"; e.g. {Examples}"
                : "at most one day and one time, e.g. \"tomorrow at 9am\"");
        }
        return Once(Resolve(day, time, ctx), ctx.Options, ctx.Zone, ctx.Now, ctx.Spec);
    }

    private enum DayKind { Date, Coming, Next, Yearless }

    private sealed record DayRule(DayKind Kind, DateOnly Date, DayOfWeek Weekday = default, int Month = 0, int Day = 0, bool KeepTime = false);

    private static bool TryReadDay(SpecCursor c, SpecContext ctx, out DayRule rule)
    {
        var today = DateOnly.FromDateTime(ctx.LocalNow);
        rule = null!;
        if (c.Accept("today")) rule = new DayRule(DayKind.Date, today, KeepTime: true);
        else if (c.Accept("tomorrow")) rule = new DayRule(DayKind.Date, today.AddDays(1), KeepTime: true);
        else if (c.Accept("next"))
        {
            var word = c.AtEnd ? null : c.Next();
            rule = word switch
            {
                "week" => new DayRule(DayKind.Date, today.AddDays(7), KeepTime: true),
                "month" => new DayRule(DayKind.Date, today.AddMonths(1), KeepTime: true),
                "year" => new DayRule(DayKind.Date, today.AddYears(1), KeepTime: true),
                _ when SpecWords.TryWeekday(word, out var dow) => new DayRule(DayKind.Next, today, dow, KeepTime: true),
                _ => throw c.Error(word is null
                    ? $"\"{c.Spec}\" ends after \"next\"; expected week, month, year or {SpecWords.WeekdayList}"
                    : $"unknown {(SpecWords.LooksLikeWeekday(word) ? "weekday" : "word")} \"{word}\" after \"next\" in \"{c.Spec}\"; expected week, month, year or {SpecWords.WeekdayList}"),
            };
        }
        else
        {
            var on = c.Accept("on");
            if (SpecWords.TryWeekday(c.Peek(), out var dow))
            {
                c.Position++;
                rule = new DayRule(DayKind.Coming, today, dow, KeepTime: true);
            }
            else if (SpecTime.TryReadDate(c, out var year, out var month, out var dayOfMonth))
            {
                rule = year is { } y
                    ? new DayRule(DayKind.Date, new DateOnly(y, month, dayOfMonth))
                    : new DayRule(DayKind.Yearless, today, Month: month, Day: dayOfMonth);
            }
            else if (on && c.Peek() == "the" && c.Peek(1) is "hour" or "half" or "half-hour")
            {
                throw c.Error($"\"{c.Spec}\" names a minute of the hour but no hourly step; expected e.g. \"every hour {c.Slice(c.Position - 1, c.Count)}\"");
            }
            else if (on)
            {
                throw UnknownWord(c, $"a date (2026-12-24, dec 24) or a weekday ({SpecWords.WeekdayList}) after \"on\"");
            }
            else return false;
        }
        return true;
    }

    private static DateTimeOffset Resolve(DayRule? day, TimeOnly? time, SpecContext ctx)
    {
        var today = DateOnly.FromDateTime(ctx.LocalNow);
        var t = time ?? (day is { KeepTime: true } ? TimeOnly.FromDateTime(ctx.LocalNow) : TimeOnly.MinValue);
        DateTimeOffset At(DateOnly date) => ZonedClock.ToInstant(date.ToDateTime(t), ctx.Zone);
        switch (day?.Kind)
        {
            case null:
                return At(today) is var at && at > ctx.Now ? at : At(today.AddDays(1));
            case DayKind.Date:
                return At(day.Date);
            case DayKind.Next:
                return At(today.AddDays(((int)day.Weekday - (int)today.DayOfWeek + 6) % 7 + 1));
            case DayKind.Coming:
                var coming = today.AddDays(((int)day.Weekday - (int)today.DayOfWeek + 7) % 7);
                return At(coming) is var first && first > ctx.Now ? first : At(coming.AddDays(7));
            default:
                // Feb 29 may need up to 8 years (1900 → 1904); other dates at most 1.
                for (var year = today.Year; year <= today.Year + 8 && year <= 9998; year++)
                    if (day.Day <= DateTime.DaysInMonth(year, day.Month) && At(new DateOnly(year, day.Month, day.Day)) is var next && next > ctx.Now)
                        return next;
                throw new ScheduleSpecException($"\"{ctx.Spec}\" has no future date; expected a date that exists", ctx.Spec);
        }
    }

    /// <summary>The error for a word with no place in the grammar; weekday-like typos get the weekday list.</summary>
    internal static ScheduleSpecException UnknownWord(SpecCursor c, string expected)
    {
        if (c.AtEnd) return c.Unexpected(expected);
        var word = c.Peek()!;
        if (UnsupportedWord(c, word) is { } unsupported) return unsupported;
        return SpecWords.LooksLikeWeekday(word) && !SpecWords.TryWeekday(word, out _)
            ? c.Error($"unknown weekday \"{word}\" in \"{c.Spec}\"; expected {SpecWords.WeekdayList}")
            : c.Error($"unknown word \"{word}\" in \"{c.Spec}\"; expected {expected}");
    }
}
