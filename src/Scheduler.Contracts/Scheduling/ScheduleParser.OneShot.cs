namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    private const string DayForms = "today, tomorrow, next week|month|year, next mon..sun, mon..sun, 2026-12-24 or dec 24";

    // "at 9am and 6pm": a time after a one-shot's time, read to name it; null (cursor unmoved) for anything else.
    private static TimeOnly? SecondTime(SpecCursor c)
    {
        var mark = c.Position;
        if (c.AcceptSeparator() && SpecTime.TryRead(c, true, out var second)) return second;
        c.Position = mark;
        return null;
    }

    // Two times are no one-shot: every day at both is the likely meaning without a day, two one-shots with one.
    private static ScheduleSpecException TwoTimes(SpecCursor c, DayRule? day, TimeOnly first, TimeOnly second)
    {
        var (a, b) = (SpecTime.Format(first), SpecTime.Format(second));
        return c.Error(day is null
            ? $"\"{c.Spec}\" names two times, and a one-shot runs once; for both every day write \"every day at {a} and {b}\", or one spec per time, e.g. \"at {a}\""
            : $"\"{c.Spec}\" names two times, and a one-shot runs once; write one spec per time: one at {a}, another at {b}");
    }

    /// <summary>
    /// One-shot natural language. "in &lt;duration&gt;" counts absolute time from now (months/years count on the
    /// wall-clock calendar of the zone). Otherwise a day part and a time part, in either order, each optional:
    /// <list type="bullet">
    /// <item>"now" (also "right now", "immediately", "asap", "as soon as possible"): the instant of parsing;</item>
    /// <item>relative days — "today", "tomorrow", "the day after tomorrow", "next week" (+7 days), "next month", "next year", "next monday"
    /// (the first Monday strictly after today, so 1–7 days ahead), "monday"/"on monday" (the coming Monday, today if
    /// the time is still ahead) — keep the current time of day when no time is given;</item>
    /// <item>a day of next month — "next month on the 1st", "on the 15th of next month", "the last day of next month" —
    /// is a date (see <see cref="ReadNextMonth"/>);</item>
    /// <item>dates — "2026-12-24", "dec 24", "24th of december 2026" — default to 00:00, and without a year mean the
    /// next such date not in the past (Feb 29 → the next leap year);</item>
    /// <item>a time alone ("at 14:30", "5pm", "noon", "midnight") means today, or tomorrow when already past.</item>
    /// </list>
    /// Wall times resolve in the zone: inside a DST gap to the first instant after it, when ambiguous to the first
    /// occurrence.
    /// </summary>
    internal static ParsedSchedule ParseOneShot(SpecCursor c, SpecContext ctx)
    {
        var mark = c.Position;
        // "now" is what "today" without a time already means; the words people use for it read the same.
        if (c.Slice(mark, c.Count) is "now" or "right now" or "immediately" or "asap" or "as soon as possible")
            return Once(ctx.Now, ctx.Options, ctx.Zone, ctx.Now, ctx.Spec);
        var leading = c.Accept("in");
        // Only a spec with "from now" in it is tried as a leading duration: the duration reader refuses "5 pm".
        var fromNow = Enumerable.Range(1, Math.Max(c.Count - 2, 0)).Any(i => c.Slice(i, i + 2) == "from now");
        if (leading || (fromNow && SpecDuration.TryRead(c, out _) && c.Peek() == "from" && c.Peek(1) == "now"))
        {
            // "in 2 hours", "2 hours from now", "2 days from now at 9am" (and "in 2 days from now", said twice).
            c.Position = mark + (leading ? 1 : 0);
            if (!SpecDuration.TryRead(c, out var duration))
                throw c.Unexpected($"a duration after \"in\" such as \"30 minutes\" or \"1h30m\"; units are {SpecDuration.Units}");
            if (c.Peek() == "from" && c.Peek(1) == "now") c.Position += 2;
            if (c.Accept("at")) return InDaysAt(c, duration, ctx);
            if (!c.AtEnd) throw c.Unexpected("nothing after the duration, or \"at <time>\" after whole days, e.g. \"in 2 days at 9am\"");
            var at = duration.Months > 0
                ? ZonedClock.ToInstant(ctx.LocalNow.AddMonths(duration.Months), ctx.Zone)
                : ctx.Now + duration.Fixed;
            return Once(at, ctx.Options, ctx.Zone, ctx.Now, ctx.Spec);
        }
        c.Position = mark;
        DayRule? day = null;
        TimeOnly? time = null;
        PartOfDay? part = null;
        while (!c.AtEnd)
        {
            if (time is null && c.Peek() == "at" && c.Peek(1) != "night" && c.Accept("at"))
            {
                time = SpecTime.TryRead(c, true, out var t) ? t : throw c.Unexpected($"a time after \"at\": {SpecTime.Accepted}");
                continue;
            }
            if (day is null && c.Accept("tonight"))
            {
                (day, part) = (new DayRule(DayKind.Date, DateOnly.FromDateTime(ctx.LocalNow)), PartOfDay.Find("evening"));
                continue;
            }
            if (day is null && c.Peek() == "this" && SpecWords.TryWeekday(c.Peek(1), out _)) c.Position++;
            if (day is null && TryReadDay(c, ctx, out var d)) { day = d; continue; }
            // "tomorrow morning at 9", "friday in the afternoon at 3pm": the part confirms the time, as in recurring specs.
            if (day is not null && part is null && PartOfDayWords(c) is ({ } named, var words))
            {
                c.Position += words;
                part = named;
                continue;
            }
            if (time is null && SpecTime.TryRead(c, false, out var bare)) { time = bare; continue; }
            if (time is { } first && SecondTime(c) is { } second) throw TwoTimes(c, day, first, second);
            throw UnknownWord(c, time is null && day is null
                ? $"a one-shot time ({DayForms}, at 14:30), \"in 30 minutes\" or \"every …\"; e.g. {Examples}"
                : "at most one day and one time, e.g. \"tomorrow at 9am\"");
        }
        if (part is not null) CheckPartOfDay(c, part, time);
        return Once(Resolve(day, time, ctx), ctx.Options, ctx.Zone, ctx.Now, ctx.Spec);
    }

    // The time a part of the day confirms must lie in it, and one after midnight ("tomorrow night at 1am") could be
    // either night's: refused with the spec to write, never moved.
    private static void CheckPartOfDay(SpecCursor c, PartOfDay part, TimeOnly? time)
    {
        if (time is not { } t)
            throw c.Error($"\"{c.Spec}\" names a part of the day but no time; say the time, e.g. \"{c.Spec.Trim()} at {part.Example}\"");
        var tonight = c.Spec.Contains("tonight", StringComparison.OrdinalIgnoreCase);
        if (tonight && t.Hour < 6)
            throw c.Error($"{SpecTime.Format(t)} \"tonight\" in \"{c.Spec}\" is after midnight, so tomorrow; write \"tomorrow at {SpecTime.Format(t)}\"");
        if (part.Name == "night" && t.Hour < 6)
            throw c.Error($"{SpecTime.Format(t)} at night in \"{c.Spec}\" can mean that day or the next; name the day the run falls on (for the early hours after a night, the day after) and leave out \"night\"");
        if (!part.Contains(t))
        {
            var meant = t.Hour < 12 && part.Contains(t.AddHours(12)) ? SpecTime.Format(t.AddHours(12)) : null;
            throw c.Error($"{SpecTime.Format(t)} is not in the {(tonight ? "evening" : part.Name)} ({part.Hours}) in \"{c.Spec}\"; write the time as meant{(meant is null ? "" : $", e.g. \"at {meant}\"")}");
        }
    }

    // "in 2 weeks at 9am", "in 3 days at noon": that day of the calendar, at that time; only whole days, weeks or months.
    private static ParsedSchedule InDaysAt(SpecCursor c, SpecDuration duration, SpecContext ctx)
    {
        if (duration.Fixed.Ticks % TimeSpan.TicksPerDay != 0)
            throw c.Error($"\"at\" in \"{c.Spec}\" needs whole days before it; expected e.g. \"in 2 days at 9am\", or \"in 2 hours\" alone");
        var time = SpecTime.TryRead(c, true, out var t) ? t : throw c.Unexpected($"a time after \"at\": {SpecTime.Accepted}");
        if (!c.AtEnd) throw c.Unexpected("nothing after the time");
        var day = DateOnly.FromDateTime(ctx.LocalNow).AddMonths(duration.Months).AddDays(duration.Fixed.Days);
        return Once(ZonedClock.ToInstant(day.ToDateTime(time), ctx.Zone), ctx.Options, ctx.Zone, ctx.Now, ctx.Spec);
    }

    // "the day after tomorrow", "day after tomorrow": today's date plus two, as "tomorrow" is plus one.
    private static bool AcceptDayAfterTomorrow(SpecCursor c)
    {
        var at = c.Peek() == "the" ? 1 : 0;
        if (c.Peek(at) != "day" || c.Peek(at + 1) != "after" || c.Peek(at + 2) != "tomorrow") return false;
        c.Position += at + 3;
        return true;
    }

    private enum DayKind { Date, Coming, Next, Yearless }

    private sealed record DayRule(DayKind Kind, DateOnly Date, DayOfWeek Weekday = default, int Month = 0, int Day = 0, bool KeepTime = false);

    private static bool TryReadDay(SpecCursor c, SpecContext ctx, out DayRule rule)
    {
        var today = DateOnly.FromDateTime(ctx.LocalNow);
        rule = null!;
        if (c.Accept("today")) rule = new DayRule(DayKind.Date, today, KeepTime: true);
        else if (c.Accept("tomorrow")) rule = new DayRule(DayKind.Date, today.AddDays(1), KeepTime: true);
        else if (AcceptDayAfterTomorrow(c)) rule = new DayRule(DayKind.Date, today.AddDays(2), KeepTime: true);
        else if (c.Accept("next"))
        {
            var word = c.AtEnd ? null : c.Next();
            rule = word switch
            {
                "week" => new DayRule(DayKind.Date, today.AddDays(7), KeepTime: true),
                "month" => ReadNextMonth(c, today),
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
            if (TryReadDayOfNextMonth(c, today, out var ofNextMonth)) rule = ofNextMonth;
            else if (SpecWords.TryWeekday(c.Peek(), out var dow))
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
                // "on jan 15 at 11am" said at noon on Jan 15, or on Jan 20: read as next year's it would run a year late,
                // without a word. A date that passed within the last 31 days is not guessed, as an end date ("until jan 14")
                // is not; further back it is next year's ("on jan 31" said in March).
                if (day.Day <= DateTime.DaysInMonth(today.Year, day.Month) && At(new DateOnly(today.Year, day.Month, day.Day)) is var passed && passed <= ctx.Now
                    && ctx.Now - passed < TimeSpan.FromDays(31))
                    throw new ScheduleSpecException($"\"{ctx.Spec}\" names {SpecWords.MonthName(day.Month)} {day.Day}, which was {Ago(ctx.Now - passed)} ago; a date " +
                        "without a year that passed within the last 31 days is not read as next year's, and a one-shot does not run in the past: for next year's " +
                        $"write the year, e.g. \"{new DateOnly(today.Year + 1, day.Month, day.Day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}\"", ctx.Spec);
                // Feb 29 may need up to 8 years (1900 → 1904); other dates at most 1.
                for (var year = today.Year; year <= today.Year + 8 && year <= 9998; year++)
                    if (day.Day <= DateTime.DaysInMonth(year, day.Month) && At(new DateOnly(year, day.Month, day.Day)) is var next && next > ctx.Now)
                        return next;
                throw new ScheduleSpecException($"\"{ctx.Spec}\" has no future date; expected a date that exists", ctx.Spec);
        }
    }

    private static string Ago(TimeSpan span) =>
        span.TotalDays >= 2 ? $"{(int)span.TotalDays} days" : span.TotalHours >= 2 ? $"{(int)span.TotalHours} hours" : $"{Math.Max(1, (int)span.TotalMinutes)} minutes";

    /// <summary>The error for a word with no place in the grammar; weekday-like typos get the weekday list.</summary>
    internal static ScheduleSpecException UnknownWord(SpecCursor c, string expected)
    {
        if (c.AtEnd) return c.Unexpected(expected);
        var word = c.Peek()!;
        if (UnsupportedWord(c, word) is { } unsupported) return unsupported;
        // "until yesterday", "starting yesterday": a day already gone, which the weekday check below would misread.
        if (word == "yesterday") return c.Error($"\"yesterday\" in \"{c.Spec}\" is a day already gone; expected {expected}");
        // "semi-anually", "semi-annual", "halfyearly": a misspelt semi-annually, whose spelling the error gives.
        if (word.StartsWith("semi", StringComparison.Ordinal) || word.StartsWith("half-y", StringComparison.Ordinal) || word.StartsWith("halfy", StringComparison.Ordinal))
            return c.Error($"unknown word \"{word}\" in \"{c.Spec}\"; for twice a year write \"semi-annually\" (Jan 1 and Jul 1, as \"quarterly\" is the quarters' 1st), e.g. \"semi-annually on the 1st at 9am\"");
        var meant = SpecWords.DidYouMeanNote(word);
        return SpecWords.LooksLikeWeekday(word) && !SpecWords.TryWeekday(word, out _)
            ? c.Error($"unknown weekday \"{word}\" in \"{c.Spec}\"{meant}; expected {SpecWords.WeekdayList}")
            : c.Error($"unknown word \"{word}\" in \"{c.Spec}\"{meant}; expected {expected}");
    }
}
