namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    private const string StartForms =
        "\"starting at 9:07\" (the next 09:07), \"starting now\", \"starting in 10 minutes\", \"starting today at 9am\", \"starting tomorrow at 9am\", \"starting next monday\", \"starting dec 1 at 9am\" or \"starting 2026-12-01T09:00\"";

    /// <summary>
    /// "starting …" / "beginning …". After an exact interval: where its first occurrence is, the anchor of every later
    /// one. A time alone is the next time the wall clock shows it; "now", a day (with an optional time, else
    /// midnight) or an ISO date-time is that instant, even in the past (the first run is then due at once and the
    /// misfire policy applies). After a calendar schedule ("every other tuesday at 9am starting next tuesday") only a
    /// day or an instant: the first occurrence at or after it, which also fixes the phase of "every other" and
    /// "every N" (see <see cref="Compile"/>).
    /// </summary>
    private static void ReadStart(SpecCursor c, CalendarRule rule)
    {
        var token = c.Next();
        c.Accept("at", "from", "on");
        if (rule.HasStart) throw c.Error($"\"{c.Spec}\" has two starts; expected one \"{token} …\"");
        if (c.Accept("next"))
        {
            if (!SpecWords.TryWeekday(c.Peek(), out var nextDay)) throw UnknownWord(c, $"a weekday ({SpecWords.WeekdayList}) after \"{token} next\"");
            c.Position++;
            rule.StartWeekday = (nextDay, true, ReadStartTime(c, rule));
            return;
        }
        if (SpecWords.TryWeekday(c.Peek(), out var coming))
        {
            c.Position++;
            rule.StartWeekday = (coming, false, ReadStartTime(c, rule));
            return;
        }
        if (c.Accept("now"))
        {
            rule.StartsNow = true;
            return;
        }
        // "starting in 10 minutes", as the one-shot "in 10 minutes" reads it.
        if (c.Accept("in"))
        {
            var mark = c.Position;
            if (!SpecDuration.TryRead(c, out var delay))
                throw c.Unexpected($"a duration after \"{token} in\" such as \"10 minutes\" or \"2 days\"; units are {SpecDuration.Units}");
            if (delay.Months > 0)
                throw c.Error($"\"{token} in\" a number of months or years in \"{c.Spec}\" names no fixed instant; expected a duration in {SpecDuration.Units}, or the date, e.g. \"{token} jun 1\"");
            rule.StartsIn = delay.Fixed;
            rule.StartsInDays = !ClockUnit().IsMatch(c.Slice(mark, c.Position));
            return;
        }
        if (c.Peek() is { } next && (IsoDateTime.LooksLike(next) || (next.Length > 10 && char.IsAsciiDigit(next[0]) && next[4] == '-' && next.Contains('t'))))
        {
            rule.StartIso = next;
            c.Position++;
            return;
        }
        if (c.Peek() is "today" or "tomorrow")
        {
            var days = c.Next() == "today" ? 0 : 1;
            rule.StartDay = (days, ReadStartTime(c, rule));
            return;
        }
        if (SpecTime.TryReadDate(c, out var year, out var month, out var day))
        {
            rule.StartDate = (year, month, day, ReadStartTime(c, rule));
            return;
        }
        // A word that is no time at all ("starting whenever") gets the list of starts, not the time grammar's error.
        if (c.Peek() is not { } word || (!word.Any(char.IsAsciiDigit) && word is not ("noon" or "midnight" or "half" or "quarter") && (word, c.Peek(1)) is not ("a", "quarter") && SpecWords.NumberWord(word) is null))
            throw c.Unexpected(StartForms);
        rule.Phase = SpecTime.TryRead(c, true, out var phase) ? phase : throw c.Unexpected(StartForms);
    }

    // An exact interval runs at its start; a calendar schedule at its first occurrence from then, not before now.
    private static bool RunsToday(SpecCursor c, CalendarRule rule, SpecContext ctx, DateTimeOffset start, bool exact) => exact
        ? start >= ctx.Now
        : DateOnly.FromDateTime(rule.FirstOccurrence(c, start > ctx.Now ? start : ctx.Now, ctx.Zone).Local) == DateOnly.FromDateTime(ctx.LocalNow);

    /// <summary>
    /// "every 3 days starting tomorrow at 8am", "every 2 weeks starting monday": a start on a day makes whole days or
    /// weeks a calendar step, as "every 3 days at 8am starting tomorrow" is, so the runs keep 08:00 across DST. An exact
    /// 72 hours from that start would run at 09:00 after a spring-forward. "starting now" names an instant only and
    /// keeps the exact interval ("starting at 8am" is the runs' time of day, see <see cref="StartNamesTime"/>). With
    /// <paramref name="from"/>, "from tomorrow", "from jan 10", "between dec 1 and dec 24" (a date, not a time) is such
    /// a start too.
    /// </summary>
    private static bool StartNamesDay(SpecCursor c, bool from = false)
    {
        var opener = c.Peek();
        var starting = opener is "starting" or "beginning";
        if (!starting && !(from && opener is "from" or "between")) return false;
        var at = starting && c.Peek(1) is "on" or "from" ? 2 : 1;
        var word = c.Peek(at);
        // After "from" a weekday opens a run of days ("every hour from monday to friday"), not a start.
        return word is "today" or "tomorrow" or "next" || (starting && SpecWords.TryWeekday(word, out _)) || SpecWords.TryMonth(word, out _)
            || IsoDateWord(word)
            || (word is { Length: > 0 } && char.IsAsciiDigit(word[0]) && SpecWords.TryMonth(c.Peek(at + (c.Peek(at + 1) == "of" ? 2 : 1)), out _));
    }

    /// <summary>
    /// "every 2 days starting at 8am", "every week beginning 9am": a start that names a time of day and no day. After whole
    /// days or weeks it is the time the runs keep on the wall clock, as "every 2 days at 8am" is (first run the next
    /// 08:00), so the runs stay at 08:00 across DST where 48 exact hours would move them to 09:00 or 07:00.
    /// </summary>
    private static bool StartNamesTime(SpecCursor c)
    {
        if (c.Peek() is not ("starting" or "beginning") || StartNamesDay(c)) return false;
        var word = c.Peek(c.Peek(1) is "at" or "from" ? 2 : 1);
        return word is not (null or "now" or "on" or "in") && !IsoDateWord(word);
    }

    // "2027-02-03", "2027-W05-3", "2027-032" (an ordinal date is 8 characters: "1000-1200", 9, is not one).
    private static bool IsoDateWord(string? word) => word is { Length: >= 8 } && char.IsAsciiDigit(word[0]) && word[4] == '-'
        && (word.Length >= 10 || (word.Length == 8 && SpecWords.IsDigits(word[5..])));

    /// <summary>
    /// "every year from dec 1 to dec 24", "every day at 9am from dec 1 to dec 24 every year": a range of dates without a
    /// year runs once, over the coming (or current) such dates, so "every year" cannot go with it. Refused, with the
    /// cron that runs those days each year when they lie in one month. Null when the rule has no such range.
    /// </summary>
    private static ScheduleSpecException? YearlyDateRange(SpecCursor c, CalendarRule rule)
    {
        if (rule.StartDate is not { Year: null } from || rule.UntilDate is not { Year: null } to) return null;
        var times = rule.Times.Count == 0 ? [TimeOnly.MinValue] : rule.Times.Distinct().Order().ToList();
        var cron = from.Month == to.Month && from.Day <= to.Day && rule.Step is null && rule.Weekdays is null && times.Select(t => (t.Minute, t.Second)).Distinct().Count() == 1
            ? $"\"cron:{(times[0].Second > 0 ? $"{times[0].Second} " : "")}{times[0].Minute} {string.Join(',', times.Select(t => t.Hour))} {from.Day}-{to.Day} {from.Month} *\""
            : "one cron per month it spans, e.g. \"cron:0 9 20-31 12 *\" and \"cron:0 9 1-6 1 *\"";
        return c.Error($"\"{c.Spec}\" runs once over its dates (a range without a year is the coming or current one), so it cannot repeat every year; " +
            $"leave out the yearly words for this year's dates, or for those days every year write {cron}");
    }

    /// <summary>
    /// A time of day named as the start of whole days or weeks ("every 2 days starting at 8am", "every day starting at
    /// 8am", "every week starting at 8am") is the time of its runs: the schedule of "every 2 days at 8am", whose first
    /// run is the next 08:00. A week step then runs on that first run's weekday, as "every 2 weeks at 8am" does.
    /// </summary>
    private static void PhaseAsTimeOfDay(CalendarRule rule)
    {
        if (rule.Phase is not { } time || rule.Step is not null || rule.Unit is not (CalendarUnit.Day or CalendarUnit.Week)
            || rule.Times.Count > 0 || rule.MinutesOfHour.Count > 0 || rule.HasWindow) return;
        rule.Times.Add(time);
        rule.Phase = null;
        if (rule.Unit == CalendarUnit.Week && !rule.HasDay) rule.WeekdayOfFirst = true;
    }

    // "… at 9am" after a start date; midnight when no time follows. A calendar schedule leaves the time to its own
    // clause: "every day starting tomorrow at 9am" runs at 09:00 from tomorrow, as "every day at 9am starting tomorrow".
    private static TimeOnly ReadStartTime(SpecCursor c, CalendarRule rule)
    {
        if (rule.Step is null) return TimeOnly.MinValue;
        if (c.Accept("at")) return SpecTime.TryRead(c, true, out var time) ? time : throw c.Unexpected(SpecTime.Accepted);
        return SpecTime.TryRead(c, false, out var bare) ? bare : TimeOnly.MinValue;
    }

    /// <summary>
    /// "every day starting 2026-12-10T09:00": a calendar schedule that names no time of its own runs at the start's time
    /// from that day on, as "every day starting dec 10 at 9am" does (read as the day, then the time). Read as an instant
    /// it would run at midnight from the next day. With a time of its own the start stays the instant its runs begin at.
    /// </summary>
    private static void AdoptStartTime(CalendarRule rule, SpecContext ctx)
    {
        if (rule.StartIso is not { } iso || rule.Step is not null || rule.Times.Count > 0 || rule.MinutesOfHour.Count > 0 || rule.HasWindow) return;
        // An invalid start is reported where it is resolved. Without an offset the time is the wall time written, even
        // one a spring-forward skips on that day (read in UTC, which has no gap); with one, the zone's time then.
        var time = iso[(iso.IndexOf('t') + 1)..];
        var offset = time.Contains('z') || time.Contains('+') || time.Contains('-');
        if (!IsoDateTime.TryParse(iso, offset ? ctx.Zone : TimeZoneInfo.Utc, ctx.Spec, out var instant)) return;
        var local = offset ? ZonedClock.ToLocal(instant, ctx.Zone) : instant.UtcDateTime;
        if (local.TimeOfDay == TimeSpan.Zero) return;
        rule.Times.Add(TimeOnly.FromDateTime(local));
        rule.StartIso = null;
        rule.StartDate = (local.Year, local.Month, local.Day, TimeOnly.MinValue);
    }

    /// <summary>The instant a "starting now/today/date/ISO" clause names; null for none (or for a phase, resolved elsewhere).</summary>
    private static DateTimeOffset? ResolveStart(SpecCursor c, CalendarRule rule, SpecContext ctx, bool exact = false)
    {
        if (rule.StartsNow) return ctx.Now;
        // A calendar schedule "starting in 3 days" starts on that day, as "starting tomorrow" does: not at this time of it.
        if (rule.StartsIn is { } delay)
            return exact || !rule.StartsInDays ? ctx.Now + delay
                : ZonedClock.ToInstant(DateOnly.FromDateTime(ctx.LocalNow).AddDays(delay.Days).ToDateTime(TimeOnly.MinValue), ctx.Zone);
        if (rule.StartInstant is { } grid) return grid;
        // An exact interval's start fixes the minute of every run after it: a time a spring-forward skips is read with
        // the offset before the gap (02:30 → 03:30), as "starting at 2:30" reads it, not moved to the gap's end (03:00).
        DateTimeOffset At(DateTime local) => exact ? Rules.RuleClock.ToInstant(local, ctx.Zone) : ZonedClock.ToInstant(local, ctx.Zone);
        if (rule.StartIso is { } iso)
            return (exact ? IsoDateTime.TryParseAsStart(iso, ctx.Zone, ctx.Spec, out var instant) : IsoDateTime.TryParse(iso, ctx.Zone, ctx.Spec, out instant))
                ? instant : throw c.Error($"invalid start \"{iso}\" in \"{ctx.Spec}\"; expected {StartForms}");
        var today = DateOnly.FromDateTime(ctx.LocalNow);
        if (rule.StartDay is { } relative)
            return At(today.AddDays(relative.DaysFromToday).ToDateTime(relative.Time));
        if (rule.StartWeekday is { } weekday)
        {
            var ahead = ((int)weekday.Day - (int)today.DayOfWeek + 7) % 7;
            if (weekday.Next && ahead == 0) ahead = 7;
            var start = At(today.AddDays(ahead).ToDateTime(weekday.Time));
            // "starting monday" said on a Monday is today only while a run is still due today, as the one-shot "monday
            // at 9am" is; else next Monday. Today's start, midnight, would put the first run on Tuesday.
            if (ahead == 0 && !RunsToday(c, rule, ctx, start, exact)) start = At(today.AddDays(7).ToDateTime(weekday.Time));
            return start;
        }
        if (rule.StartDate is not { } date) return null;
        // A date without a year is its next occurrence, as in "on dec 24"; with a year it may lie in the past. With an
        // end date it is the last such date up to the end: "from jan 10 to mar 31" said on Mar 10 is the season under
        // way (runs from now to Mar 31), not one that starts next January and would end before it starts; said in
        // April, the end is next year's Mar 31 and the start the Jan 10 before it.
        var year = date.Year ?? today.Year;
        if (date.Year is null && rule.Until is { } end)
            year = date.Month * 100 + date.Day <= end.Month * 100 + end.Day ? end.Year : end.Year - 1;
        else if (date.Year is null && new DateOnly(year, date.Month, Math.Min(date.Day, DateTime.DaysInMonth(year, date.Month))) is var thisYear && thisYear < today)
        {
            // "every 2 weeks on monday starting mar 9" said on Mar 10: read as next year's Mar 9, it would start a year
            // late; read as yesterday, the schedule is under way from it. Which one is meant is not guessed while the
            // past date is the nearer one; when the next is nearer ("starting jan 5" said on Dec 20) it is the next.
            var next = thisYear.AddYears(1);
            if (today.DayNumber - thisYear.DayNumber < next.DayNumber - today.DayNumber)
                throw c.Error($"\"{ctx.Spec}\" starts on {SpecWords.MonthName(date.Month)} {date.Day}, which was {today.DayNumber - thisYear.DayNumber} day{(today.DayNumber - thisYear.DayNumber == 1 ? "" : "s")} ago; " +
                    $"a start without a year is not guessed while the past date is nearer than the next: write the year, \"{thisYear.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}\" for the schedule under way since then (its phase counted from it), " +
                    $"or \"{thisYear.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}\" for next year's");
            year++;
        }
        if (date.Day > DateTime.DaysInMonth(year, date.Month))
            throw c.Error($"\"{ctx.Spec}\" starts on {SpecWords.MonthName(date.Month)} {date.Day}, which {year} does not have; expected a real date" +
                (date.Month == 2 && date.Day == 29 ? $", e.g. \"feb 28\", or a leap year's written out, \"{NextLeapYear(year)}-02-29\"" : ""));
        return At(new DateOnly(year, date.Month, date.Day).ToDateTime(date.Time));
    }

    private static int NextLeapYear(int year)
    {
        while (!DateTime.IsLeapYear(year)) year++;
        return year;
    }

    // A unit of the clock in a duration as written ("24 hours", "36h", "1d12h"): a start that far is an instant, not a day.
    [System.Text.RegularExpressions.GeneratedRegex(@"(\d|\b)(h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant, PatternTimeoutMs)]
    private static partial System.Text.RegularExpressions.Regex ClockUnit();
}
