using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Scheduling;

public static partial class ScheduleParser
{
    /// <summary>The clauses after the base of a recurring spec, in any order.</summary>
    private static void ReadClauses(SpecCursor c, CalendarRule rule)
    {
        while (!c.AtEnd)
        {
            var token = c.Peek()!;
            if (token is "at" or "on" && ReadMinuteOfHour(c, rule)) continue;
            if (token == "at" && c.Peek(1) != "night")
            {
                if (rule.Step is not null && (rule.UntilDate is not null || rule.UntilFromToday is not null))
                    throw c.Error($"unexpected \"at\" in \"{c.Spec}\"; an end is a date (\"until dec 24\" runs through that day), not a time, and an exact interval such as \"every 2 hours\" has no time of day; expected e.g. \"every 2 hours until dec 24\" or \"every day at 9am until dec 24\"");
                if (rule.Step is not null)
                    throw c.Error($"unexpected \"at\" in \"{c.Spec}\"; an exact interval such as \"every 2 hours\" has no time of day, expected e.g. \"every day at 9am\", \"every 2 hours starting at 9am\", \"every 30 minutes from 9am to 5pm\", \"every hour at :30\" or cron");
                c.Position++;
                var listed = new List<(string Written, TimeOnly Time)>();
                do
                {
                    if (SpecTime.TryReadMinutesOfOneHour(c, rule.Times)) continue;
                    var mark = c.Position;
                    rule.Times.Add(SpecTime.TryRead(c, true, out var t) ? t : throw c.Unexpected(SpecTime.Accepted));
                    var written = c.Slice(mark, c.Position);
                    CheckTimeHalf(c, listed, written, t);
                    listed.Add((written, t));
                }
                while (AnotherTime(c));
            }
            else if (PartOfDayWords(c) is var (part, words) && part is not null)
            {
                c.Position += words;
                if (rule.PartOfDay is not null || rule.Step is not null)
                    throw c.Error($"unexpected \"{token}\" in \"{c.Spec}\"; a part of the day goes once with the time it confirms, e.g. \"every weekday morning at 7\"");
                rule.PartOfDay = part;
            }
            // "and 3rd friday", "and the 3rd friday": another group of weekdays of the month.
            else if (token == "on" || ((token is "and" or ",") && (CalendarRule.WeekOrdinal(c.Peek(1)) is not null || SpecWords.TryOrdinal(c.Peek(1), true, c, out _)
                         || (c.Peek(1) == "the" && (CalendarRule.WeekOrdinal(c.Peek(2)) is not null || SpecWords.TryOrdinal(c.Peek(2), true, c, out _))))))
            {
                c.Position++;
                c.Accept("the");
                ReadDay(c, rule);
            }
            else if (token == "of")
            {
                c.Position++;
                c.Accept("the", "every", "each");
                if (c.Accept("month")) continue;
                if (c.Accept("quarter")) rule.Unit = CalendarUnit.Quarter;
                else if (SpecWords.TryMonth(c.Peek(), out _)) rule.ReadMonths(c);
                else throw UnknownWord(c, "\"the month\", \"every month\", \"every quarter\" or a month (jan..dec) after \"of\"");
            }
            else if (token == "in")
            {
                c.Position++;
                rule.ReadMonths(c);
            }
            else if (token is "from" or "between" && StartNamesDay(c, from: true))
            {
                // "every day at 9am from jan 10 to mar 31", "… between dec 1 and dec 24", "… from tomorrow": the days it
                // runs, not a window of the day.
                ReadStart(c, rule);
                if (token == "between" && c.Peek() != "and") throw c.Unexpected("\"and\" and the last date, e.g. \"between dec 1 and dec 24\"");
                if (c.Peek() is "to" or "through" or "thru" or "until" or "till" or "and") ReadUntil(c, rule, c.Peek()!);
            }
            // "every 4 hours starting at 2am every weekday": the days after a step or a time, as "on weekdays" names them.
            else if (token is "every" or "each" && CalendarRule.IsDaysWord(c.Peek(1)))
            {
                c.Position++;
                rule.ReadWeekdays(c);
            }
            // "every day at 9am from dec 1 to dec 24 every year": a range of dates runs once; refused with the yearly form.
            else if (token is "every" or "each" && c.Peek(1) == "year" || token is "yearly" or "annually")
                throw YearlyDateRange(c, rule) ?? UnknownWord(c, ClauseForms);
            else if (token is "from" or "between") ReadWindow(c, rule);
            else if (token is "starting" or "beginning" && ReadStartEndingWindow(c, rule)) { }
            else if (token is "starting" or "beginning") ReadStart(c, rule);
            else if (token == "except")
            {
                c.Position++;
                rule.ReadExclusions(c);
            }
            else if (token is "until" or "till" or "through" or "thru") ReadUntil(c, rule, token);
            else if (token == "for" && c.Peek(2) is not ("times" or "runs" or "occurrences") && ReadLasting(c, rule)) { }
            else if (token == "for" || (SpecWords.IsDigits(token) && c.Peek(1) is "times" or "runs" or "occurrences"))
            {
                c.Position += token == "for" ? 1 : 0;
                if (c.AtEnd)
                    throw c.Error($"\"{c.Spec}\" ends after \"for\"; expected how long it runs, such as \"for 2 weeks\", or a count, such as \"for 10 times\"");
                var number = c.Next();
                if (!SpecWords.IsDigits(number) || c.Peek() is not ("times" or "runs" or "occurrences"))
                    throw c.Error($"unexpected \"{number}\" after \"for\" in \"{c.Spec}\"; expected a count such as \"for 10 times\", or an end date such as \"until dec 31\"");
                c.Position++;
                if (rule.Count is not null) throw c.Error($"\"{c.Spec}\" has two counts; expected one \"<n> times\"");
                if (rule.UntilDate is not null || rule.UntilFromToday is not null) throw CountAndEnd(c);
                var count = SpecWords.Number(number, c);
                if (count is < 1 or > Rules.RecurrenceRuleParser.MaxCount)
                    throw c.Error($"\"{number} {c.Peek(-1)}\" in \"{c.Spec}\" is not a count from 1 to {Rules.RecurrenceRuleParser.MaxCount}; expected e.g. \"10 times\", or no count for a schedule that runs until its end date");
                rule.Count = (int)count;
            }
            else if (CalendarRule.IsDaysWord(token)) rule.ReadWeekdays(c);
            else if (rule.Step is null && SpecTime.TryRead(c, false, out var bare)) rule.Times.Add(bare);
            // "every hour, on the hour", "every monday, at 9am": a comma before a clause only sets it apart.
            else if (token == "," && (c.Peek(1) is "at" or "on" or "from" or "between" or "except" or "until" or "till" or "starting" or "beginning" or "in" or "for" || IsCount(c, 1)))
                c.Position++;
            else throw UnknownWord(c, ClauseForms);
        }
    }

    // "for 10 weeks", "for 2 hours", "for a month": how long the schedule runs.
    private static bool ReadLasting(SpecCursor c, CalendarRule rule)
    {
        var mark = c.Position++;
        if (!SpecDuration.TryRead(c, out var lasting))
        {
            c.Position = mark;
            return false;
        }
        if (rule.Lasting is not null) throw c.Error($"\"{c.Spec}\" says twice how long it runs; expected one \"for …\"");
        rule.Lasting = lasting;
        return true;
    }

    private static void ReadDay(SpecCursor c, CalendarRule rule)
    {
        if (CalendarRule.WeekOrdinal(c.Peek()) is not null || SpecWords.TryOrdinal(c.Peek(), false, c, out _))
        {
            if (!SpecTime.TryReadDate(c, out var year, out var month, out var day)) rule.ReadOrdinalDays(c);
            else if (year is not null) throw c.Error($"a recurring schedule cannot name a year in \"{c.Spec}\"; expected e.g. \"every dec 24\"");
            else rule.SetDate(c, month, day);
        }
        else if (CalendarRule.IsDaysWord(c.Peek())) rule.ReadWeekdays(c);
        else if (SpecTime.TryReadDate(c, out var year, out var month, out var day))
        {
            if (year is not null) throw c.Error($"a recurring schedule cannot name a year in \"{c.Spec}\"; expected e.g. \"every dec 24\"");
            rule.SetDate(c, month, day);
        }
        else throw UnknownWord(c, $"a day of the month (1st, last day), a weekday ({SpecWords.WeekdayList}) or a date (dec 24) after \"on\"");
    }

    // "every weekday from 9am to 5pm every 30 minutes": the step written after the window (the cursor just past its
    // opener). The spec with the step moved before the window, which reads ("every weekday every 30 minutes from 9am to
    // 5pm"); null when no "every <n> <unit>" or "every <unit>" follows.
    private static string? StepAfterWindow(SpecCursor c)
    {
        var opener = c.Position - 1;
        for (var i = 1; c.Peek(i) is { } word; i++)
        {
            var length = word is not ("every" or "each") ? 0
                : SpecWords.IsDigits(c.Peek(i + 1)) && IsStepUnit(c.Peek(i + 2)) ? 3
                : IsStepUnit(c.Peek(i + 1)) ? 2 : 0;
            if (length == 0) continue;
            var step = c.Position + i;
            var moved = string.Join(' ', new[] { c.Slice(0, opener), c.Slice(step, step + length), c.Slice(opener, step), c.Slice(step + length, c.Count) }
                .Where(part => part.Length > 0)).Replace(" , ", ", ", StringComparison.Ordinal);
            // Offered only when it reads: a spec that is wrong in another way as well gets the general example.
            try { ParseCore(moved, new ScheduleParseOptions { AllowPast = true }); }
            catch (ScheduleSpecException) { return null; }
            return moved;
        }
        return null;
    }

    private static bool IsStepUnit(string? word) =>
        word is "second" or "seconds" or "sec" or "secs" or "s" or "minute" or "minutes" or "min" or "mins" or "m" or "hour" or "hours" or "hr" or "hrs" or "h";

    // "from 9am to 5pm", "between 9:00 and 17:00": both ends are run times when the step lands on them.
    private static void ReadWindow(SpecCursor c, CalendarRule rule)
    {
        var opener = c.Next();
        if (rule.HasWindow) throw c.Error($"\"{c.Spec}\" has two windows; expected one \"from <time> to <time>\"");
        // "every day at 9am from monday to friday", "every hour from monday to friday": the run of weekdays, or this
        // week's Monday to Friday? Not guessed.
        if (SpecWords.TryWeekday(c.Peek(), out _))
            throw c.Error($"\"{opener} {c.Peek()} …\" in \"{c.Spec}\" can name weekdays or a range of dates; for the weekdays write " +
                (rule.Step is null ? "them after \"every\", e.g. \"every monday to friday at 9am\"" : "them after \"on\", e.g. \"every hour on mon-fri\"") +
                ", for dates \"starting monday until friday\"");
        if (rule.Step is null && c.Peek() == "now")
            throw c.Error($"\"{opener} now\" in \"{c.Spec}\" is not understood; a schedule runs from now unless told otherwise, so leave it out (or write \"starting now\" after an interval, e.g. \"every 2 hours starting now\")");
        // "from the 1st to the 24th of december": days of the month as a range, which only dates say.
        if (rule.Step is null && (c.Peek() == "the" || (c.Peek() is { } day && OrdinalNumber(day) is not null)))
            throw c.Error($"\"{opener} {c.Slice(c.Position, Math.Min(c.Position + 2, c.Count))} …\" in \"{c.Spec}\" is not understood; a range of days is written with dates, e.g. \"every day at 9am from dec 1 to dec 24\" (once, over those dates)");
        if (rule.Step is null)
            throw c.Error($"a window (\"{opener} …\") in \"{c.Spec}\" needs a step; " + (StepAfterWindow(c) is { } moved
                ? $"its step comes after it, where it is not read; write the step first, \"{moved}\""
                : "expected e.g. \"every 30 minutes from 9am to 5pm\" or \"hourly between 9:00 and 17:00\""));
        // "from 9am-5pm": one token holds both ends.
        if (c.Peek() is { } joined && TimeRangePattern().Match(joined) is { Success: true } range)
        {
            c.Position++;
            rule.WindowFrom = WindowEnd(c, range.Groups["from"].Value);
            rule.WindowTo = WindowEnd(c, range.Groups["to"].Value);
            CheckWindowHalf(c, opener, range.Groups["from"].Value, range.Groups["to"].Value, rule);
            rule.HasWindow = true;
            return;
        }
        var fromWritten = c.Peek();
        rule.WindowFrom = SpecTime.TryRead(c, true, out var from, bareTo: false) ? from : throw c.Unexpected(SpecTime.Accepted);
        if (opener != "between" && c.Accept("ending")) c.Accept("at");
        else if (!(opener == "between" ? c.Accept("and") : c.Accept("to", "until", "till", "through", "-")))
            throw c.Unexpected(opener == "between" ? "\"and\" and the window's end, e.g. \"between 9:00 and 17:00\"" : "\"to\" and the window's end, e.g. \"from 9am to 5pm\"");
        var toWritten = c.Peek();
        rule.WindowTo = SpecTime.TryRead(c, true, out var to) ? to : throw c.Unexpected(SpecTime.Accepted);
        CheckWindowHalf(c, opener, fromWritten, toWritten, rule);
        rule.HasWindow = true;
    }

    // "morning" (after a day: "every monday morning at 9"), "in the morning", "at night": a part of the day and its words.
    private static (PartOfDay? Part, int Words) PartOfDayWords(SpecCursor c) => c.Peek() switch
    {
        "in" when c.Peek(1) == "the" && c.Peek(2) is { } word && word != "nightly" && PartOfDay.Find(word) is { } part => (part, 3),
        "at" when c.Peek(1) == "night" => (PartOfDay.Find("night"), 2),
        { } word when word != "nightly" && PartOfDay.Find(word) is { } part => (part, 1),
        _ => (null, 0),
    };

    private static TimeOnly WindowEnd(SpecCursor c, string written) =>
        SpecTime.TryRead(new SpecCursor(written, c.Spec), true, out var time) ? time : throw c.Error($"invalid time \"{written}\" in \"{c.Spec}\"; expected {SpecTime.Accepted}");

    /// <summary>
    /// "from 9 to 5" ends at 05:00, before it starts: most likely 09:00-17:00 was meant, but the spec is not bent to a
    /// guess; the error says how to write the afternoon end.
    /// </summary>
    private static void CheckWindowHalf(SpecCursor c, string opener, string? fromWritten, string? toWritten, CalendarRule rule)
    {
        if (rule.WindowTo >= rule.WindowFrom || !SpecWords.IsDigits(toWritten) || rule.WindowTo.Hour >= 12 || rule.WindowTo.AddHours(12) <= rule.WindowFrom) return;
        var start = SpecWords.IsDigits(fromWritten) ? SpecTime.Format(rule.WindowFrom) : fromWritten;
        var end = SpecTime.Format(rule.WindowTo.AddHours(12));
        throw c.Error($"the window \"{opener} {fromWritten} {(opener == "between" ? "and" : "to")} {toWritten}\" in \"{c.Spec}\" ends at {SpecTime.Format(rule.WindowTo)}, before it starts; " +
            $"a window stays within one day, so write the afternoon end as such, e.g. \"{opener} {start} {(opener == "between" ? "and" : "to")} {end}\"");
    }

    /// <summary>
    /// "at 9 and 5", "at 9, 1 and 5", "at 9am and 5 o'clock", "at 9 and 5:30": a time written without its half of the day
    /// after a later time in the list. Read as written it is 05:00, before the 9 it follows, where people mean 9 to 5,
    /// the afternoon; as with "from 9 to 5", the spec is not bent to that guess, the error says how to write either.
    /// <paramref name="written"/> is the time as written (all its words); it says its half when it has am/pm, noon,
    /// midnight or a part of the day, or a zero-padded or afternoon hour ("05:00", "17:00"). A list in the day's order
    /// ("at 9 and 17", "at 5 and 9", "at 23 and 1") reads as written.
    /// </summary>
    private static void CheckTimeHalf(SpecCursor c, List<(string Written, TimeOnly Time)> before, string written, TimeOnly time)
    {
        if (time.Hour is 0 or >= 12 || SaysHalfPattern().IsMatch(written)) return;
        var afternoon = time.AddHours(12);
        foreach (var (earlierWritten, earlier) in before)
        {
            // "at 6am and 6" repeats 06:00, which would run once: the 6pm meant is lost as surely as with "at 9 and 5".
            if (earlier < time || afternoon <= earlier) continue;
            var (pm, am) = (SpecTime.FormatWithHalf(afternoon), SpecTime.FormatWithHalf(time));
            throw c.Error($"\"{written}\" after \"{earlierWritten}\" in \"{c.Spec}\" reads as {SpecTime.Format(time)}, {(earlier == time ? "the same as" : "before")} the {SpecTime.Format(earlier)} it follows; " +
                $"the times are not put in order by a guess, so write the one meant: \"{pm}\" or \"{SpecTime.Format(afternoon)}\" for the afternoon, or \"{am}\" or \"{SpecTime.Format(time)}\" for the morning");
        }
    }

    // A time that says its half of the day: am/pm, noon, midnight, a part of the day, or an hour written with a leading zero.
    [GeneratedRegex(@"(?:\d(?:am|pm|a\.m\.|p\.m\.|a|p)(?![a-z])|(?<![a-z])(?:am|pm|a\.m\.|p\.m\.|noon|midday|midnight|morning|afternoon|evening|night|tonight)(?![a-z])|(?<![\d:])0\d)", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex SaysHalfPattern();

    // After a time: a separator and another time. "at 9am, 5 times" ends the list at the count, whose 5 is no time.
    private static bool AnotherTime(SpecCursor c)
    {
        var mark = c.Position;
        if (!c.AcceptSeparator()) return false;
        // "at 9am, except saturdays": a clause set apart by a comma, read as a clause (the comma is skipped there).
        var clause = c.Position == mark + 1 && c.Peek() is "except" or "until" or "till" or "from" or "between" or "starting" or "beginning" or "for" or "in" or "on";
        // "at 9am and at 5pm": the second "at" says again what the list is.
        if (!IsCount(c, 0) && !clause) return (c.Peek() != "at" || c.Accept("at")) && !SecondSchedule(c);
        c.Position = mark;
        return false;
    }

    private static bool IsCount(SpecCursor c, int offset) => SpecWords.IsDigits(c.Peek(offset)) && c.Peek(offset + 1) is "times" or "runs" or "occurrences";

    // "every monday at 9am and every friday at 5pm", "… and friday at 5pm": two schedules; each needs its own spec.
    private static bool SecondSchedule(SpecCursor c) => c.Peek() is "every" or "each" or "on" || CalendarRule.IsDaysWord(c.Peek())
        ? throw (SameDaysAgain(c) is { } merged
            ? c.Error($"\"{c.Spec}\" names its days again after \"and\"; one spec lists all the times of its days, so write \"{merged}\"")
            : c.Error($"\"{c.Spec}\" names a second schedule after \"and\"; one spec has one set of days and one set of times, so write two schedules, e.g. \"every monday at 9am\" and \"every friday at 5pm\", or one with both times, \"every monday and friday at 9am and 5pm\""))
        : false;

    // "every day at 9am and every day at 5pm": the second schedule repeats the words before the spec's first "at", so
    // one spec says both, "every day at 9am and 5pm". Null when the days differ or are not written so.
    private static string? SameDaysAgain(SpecCursor c)
    {
        var again = 0;
        while (c.Peek(again) is { } word && word != "at") again++;
        if (c.Peek(again) != "at" || c.Peek(again + 1) is null) return null;
        var firstAt = Enumerable.Range(0, c.Position).FirstOrDefault(i => c.Slice(i, i + 1) == "at", -1);
        if (firstAt <= 0 || c.Slice(0, firstAt) != c.Slice(c.Position, c.Position + again)) return null;
        return (c.Slice(0, c.Position) + " " + c.Slice(c.Position + again + 1, c.Count)).Replace(" , ", ", ", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?<from>\d{1,2}(?::\d\d)?(?:am|pm)?)-(?<to>\d{1,2}(?::\d\d)?(?:am|pm)?)$", RegexOptions.CultureInvariant, ScheduleParser.PatternTimeoutMs)]
    private static partial Regex TimeRangePattern();
}
